"""Who may see and change partnerships, agreements, zones and clearances.

Zones carry a confidentiality level. Without a clearance, learners see only open zones and
college staff and officers see up to internal ones; beyond that a person needs a valid clearance
with a partnership of that enterprise at or above the zone's level. The enterprise's own staff
see all of its zones.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dovetail.core.models import LearnerProfile, Role, User
from dovetail.core.permissions import (
    CHANGE,
    COLLEGE_STAFF,
    ENTERPRISE_MANAGERS,
    ENTERPRISE_STAFF,
    Actor,
    Policy,
    grant_visibility,
    register,
)
from dovetail.partnerships.models import (
    Agreement,
    Clearance,
    ConfidentialityLevel,
    ParticipationRule,
    Partnership,
    TemporalPriorityRule,
    Zone,
)

PARTNERSHIP_EDITORS_COLLEGE = frozenset({Role.COORDINATOR})
PARTNERSHIP_EDITORS_ENTERPRISE = frozenset({Role.ENTERPRISE_HR})


def valid_clearances(on=None):
    on = on or timezone.localdate()
    return Clearance.objects.filter(revoked=False, signed_on__lte=on, expires_on__gte=on)


def partnership_q(actor: Actor, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}college__in": actor.roles.keys()})
        | Q(**{f"{prefix}enterprise__in": actor.organisations_with(ENTERPRISE_STAFF)})
        | Q(**{f"{prefix}college__region__in": actor.officer_region_ids})
    )


def can_edit_partnership(actor: Actor, partnership: Partnership) -> bool:
    return actor.has_role(partnership.college_id, PARTNERSHIP_EDITORS_COLLEGE) or actor.has_role(
        partnership.enterprise_id, PARTNERSHIP_EDITORS_ENTERPRISE
    )


@register(Partnership)
class PartnershipPolicy(Policy):
    def scope(self, actor):
        return partnership_q(actor)

    def can(self, actor, action, partnership):
        return action == CHANGE and can_edit_partnership(actor, partnership)


@register(Agreement)
class AgreementPolicy(Policy):
    def scope(self, actor):
        return partnership_q(actor, "partnership__")

    def can(self, actor, action, agreement):
        return action == CHANGE and can_edit_partnership(actor, agreement.partnership)


class InterfaceRulePolicy(Policy):
    def scope(self, actor):
        return partnership_q(actor, "agreement__partnership__")

    def can(self, actor, action, rule):
        return action == CHANGE and can_edit_partnership(actor, rule.agreement.partnership)


register(ParticipationRule)(InterfaceRulePolicy)
register(TemporalPriorityRule)(InterfaceRulePolicy)


@register(Zone)
class ZonePolicy(Policy):
    def scope(self, actor):
        partnered = Partnership.objects.filter(
            enterprise=OuterRef("enterprise"), status=Partnership.Status.ACTIVE
        )
        learner_colleges = actor.organisations_with({Role.LEARNER})
        staff_colleges = actor.organisations_with(COLLEGE_STAFF)
        uncleared_ceiling = ConfidentialityLevel.INTERNAL
        return (
            Q(enterprise__in=actor.organisations_with(ENTERPRISE_STAFF))
            | Q(
                Exists(partnered.filter(college__in=staff_colleges)),
                confidentiality_level__lte=uncleared_ceiling,
            )
            | Q(
                Exists(partnered.filter(college__in=learner_colleges)),
                confidentiality_level=ConfidentialityLevel.OPEN,
            )
            | Q(
                enterprise__region__in=actor.officer_region_ids,
                confidentiality_level__lte=uncleared_ceiling,
            )
            | Q(
                Exists(
                    valid_clearances().filter(
                        holder_id=actor.user_id,
                        partnership__enterprise=OuterRef("enterprise"),
                        partnership__status=Partnership.Status.ACTIVE,
                        level__gte=OuterRef("confidentiality_level"),
                    )
                )
            )
        )

    def can(self, actor, action, zone):
        return action == CHANGE and actor.has_role(zone.enterprise_id, ENTERPRISE_MANAGERS)


@register(Clearance)
class ClearancePolicy(Policy):
    def scope(self, actor):
        return (
            Q(holder_id=actor.user_id)
            | Q(partnership__college__in=actor.organisations_with(COLLEGE_STAFF))
            | Q(partnership__enterprise__in=actor.organisations_with(ENTERPRISE_STAFF))
        )

    def can(self, actor, action, clearance):
        return action == CHANGE and can_edit_partnership(actor, clearance.partnership)


def _cleared_with_my_enterprise(actor: Actor, holder_field: str) -> Q:
    enterprises = actor.organisations_with(ENTERPRISE_STAFF)
    if not enterprises:
        return Q(pk__in=[])
    return Q(
        Exists(
            valid_clearances().filter(
                holder=OuterRef(holder_field), partnership__enterprise__in=enterprises
            )
        )
    )


# Enterprise staff see the learners who hold a valid clearance with them.
grant_visibility(LearnerProfile, lambda actor: _cleared_with_my_enterprise(actor, "user"))
grant_visibility(User, lambda actor: _cleared_with_my_enterprise(actor, "pk"))
