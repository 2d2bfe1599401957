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
    Commitment,
    ConfidentialityLevel,
    ConfidentialTerm,
    ConflictCase,
    ExchangeAppointment,
    ExchangeOutput,
    Fulfilment,
    NegotiationStep,
    ParticipationRule,
    Partnership,
    RedactionSpan,
    RuleVersion,
    TeachingCase,
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
register(RuleVersion)(InterfaceRulePolicy)


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


# -- governance: conflicts, commitments, exchanges ------------------------------------------
#
# These are the partners' business: the staff of both sides and the region's officers (who
# mediate and evaluate) see them; learners do not.

RAISE = "raise"
NEGOTIATE = "negotiate"
ESCALATE = "escalate"
SETTLE = "settle"


def staff_partnership_q(actor: Actor, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}college__in": actor.organisations_with(COLLEGE_STAFF)})
        | Q(**{f"{prefix}enterprise__in": actor.organisations_with(ENTERPRISE_STAFF)})
        | Q(**{f"{prefix}college__region__in": actor.officer_region_ids})
    )


@register(ConfidentialTerm)
class ConfidentialTermPolicy(InterfaceRulePolicy):
    """The terms are themselves confidential (a customer, a product code): staff and the
    region's officers only."""

    def scope(self, actor):
        return staff_partnership_q(actor, "agreement__partnership__")


def is_partner_staff(actor: Actor, partnership: Partnership) -> bool:
    return actor.has_role(partnership.college_id, COLLEGE_STAFF) or actor.has_role(
        partnership.enterprise_id, ENTERPRISE_STAFF
    )


def sees_governance(actor: Actor, partnership: Partnership) -> bool:
    """Conflicts, the ledger and exchanges are the staff's and the region's business."""
    return (
        actor.is_superuser
        or is_partner_staff(actor, partnership)
        or partnership.college.region_id in actor.officer_region_ids
    )


def is_mediator(actor: Actor, case: ConflictCase) -> bool:
    """The region's officers mediate a case once a partner has escalated it."""
    return (
        case.status == ConflictCase.Status.ESCALATED
        and case.partnership.college.region_id in actor.officer_region_ids
    )


@register(ConflictCase)
class ConflictCasePolicy(Policy):
    def scope(self, actor):
        return staff_partnership_q(actor, "partnership__")

    def can(self, actor, action, case):
        if action == RAISE:
            return is_partner_staff(actor, case.partnership)
        if action == NEGOTIATE:
            return is_partner_staff(actor, case.partnership) or is_mediator(actor, case)
        if action == ESCALATE:
            return can_edit_partnership(actor, case.partnership)
        if action == SETTLE:
            return can_edit_partnership(actor, case.partnership) or is_mediator(actor, case)
        return False


@register(NegotiationStep)
class NegotiationStepPolicy(Policy):
    def scope(self, actor):
        return staff_partnership_q(actor, "case__partnership__")


class PartnershipLedgerPolicy(Policy):
    """Commitments and exchanges: seen by both partners' staff and the region, kept by the
    partnership's editors."""

    prefix = "partnership__"

    def scope(self, actor):
        return staff_partnership_q(actor, self.prefix)

    def can(self, actor, action, row):
        return action == CHANGE and can_edit_partnership(actor, self.partnership_of(row))

    def partnership_of(self, row):
        return row.partnership


register(Commitment)(PartnershipLedgerPolicy)


@register(Fulfilment)
class FulfilmentPolicy(PartnershipLedgerPolicy):
    prefix = "commitment__partnership__"

    def partnership_of(self, row):
        return row.commitment.partnership


@register(ExchangeAppointment)
class ExchangeAppointmentPolicy(PartnershipLedgerPolicy):
    def scope(self, actor):
        return super().scope(actor) | Q(person_id=actor.user_id)


@register(ExchangeOutput)
class ExchangeOutputPolicy(PartnershipLedgerPolicy):
    prefix = "appointment__partnership__"

    def scope(self, actor):
        return super().scope(actor) | Q(appointment__person_id=actor.user_id)

    def can(self, actor, action, output):
        # the appointee records their own outputs
        return super().can(actor, action, output) or (
            action == CHANGE and output.appointment.person_id == actor.user_id
        )

    def partnership_of(self, output):
        return output.appointment.partnership


# -- the case library ---------------------------------------------------------------------
#
# The enterprise's staff and the case's author see a case in every state, with its original.
# Everyone else sees only published cases, and only as far as their clearance reaches: like a
# zone, college staff and officers see up to internal without one, learners only open cases.

SEE_ORIGINAL = "see_original"
AUTHOR = "author"
REVIEW = "review"


@register(TeachingCase)
class TeachingCasePolicy(Policy):
    def scope(self, actor):
        published = Q(status=TeachingCase.Status.PUBLISHED)
        uncleared_ceiling = ConfidentialityLevel.INTERNAL
        return (
            Q(partnership__enterprise__in=actor.organisations_with(ENTERPRISE_STAFF))
            | Q(author_id=actor.user_id)
            | Q(
                published,
                partnership__college__in=actor.organisations_with(COLLEGE_STAFF),
                confidentiality_level__lte=uncleared_ceiling,
            )
            | Q(
                published,
                partnership__college__region__in=actor.officer_region_ids,
                confidentiality_level__lte=uncleared_ceiling,
            )
            | Q(
                published,
                partnership__college__in=actor.organisations_with({Role.LEARNER}),
                confidentiality_level=ConfidentialityLevel.OPEN,
            )
            | Q(
                published,
                Exists(
                    valid_clearances().filter(
                        holder_id=actor.user_id,
                        partnership=OuterRef("partnership"),
                        level__gte=OuterRef("confidentiality_level"),
                    )
                ),
            )
        )

    def can(self, actor, action, case):
        if action == AUTHOR:
            return is_partner_staff(actor, case.partnership)
        if action == SEE_ORIGINAL:
            return case.author_id == actor.user_id or actor.has_role(
                case.partnership.enterprise_id, ENTERPRISE_STAFF
            )
        if action == REVIEW:
            return actor.has_role(case.partnership.enterprise_id, ENTERPRISE_MANAGERS)
        return False


@register(RedactionSpan)
class RedactionSpanPolicy(Policy):
    def scope(self, actor):
        return Q(case__partnership__enterprise__in=actor.organisations_with(ENTERPRISE_STAFF)) | Q(
            case__author_id=actor.user_id
        )
