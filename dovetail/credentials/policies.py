"""Issuer keys: an organisation's coordinators, HR and officers see and rotate its keys; the
DID document with the public keys is public."""

from django.db.models import Q

from dovetail.core.permissions import ADMIN_ROLES, CHANGE, Policy, register
from dovetail.credentials.models import IssuerKey


@register(IssuerKey)
class IssuerKeyPolicy(Policy):
    def scope(self, actor):
        return Q(organisation__in=actor.organisations_with(ADMIN_ROLES))

    def can(self, actor, action, key):
        return action == CHANGE and actor.has_role(key.organisation_id, ADMIN_ROLES)
