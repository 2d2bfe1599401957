"""LRS clients are managed by the staff who administer their organisation."""

from django.db.models import Q

from dovetail.core.permissions import ADMIN_ROLES, CHANGE, Policy, register
from dovetail.lrs.models import Client


@register(Client)
class ClientPolicy(Policy):
    def scope(self, actor):
        return Q(organisation_id__in=actor.organisations_with(ADMIN_ROLES))

    def can(self, actor, action, obj):
        if action == CHANGE:
            return actor.has_role(obj.organisation_id, ADMIN_ROLES)
        return super().can(actor, action, obj)
