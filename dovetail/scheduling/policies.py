"""Who sees and changes calendars, plans and their changes.

College staff see their college's plans; enterprise staff see the entries of learners placed in
their zones and report changes there; a learner sees only their own entries.
"""

from django.db.models import Q

from dovetail.core.models import Role
from dovetail.core.permissions import (
    CHANGE,
    COLLEGE_STAFF,
    ENTERPRISE_MANAGERS,
    ENTERPRISE_STAFF,
    Policy,
    register,
)
from dovetail.scheduling.models import (
    AcademicCalendar,
    Commitment,
    EnterprisePeriod,
    PlanChange,
    PlanEntry,
    PracticePlan,
)


@register(AcademicCalendar)
class CalendarPolicy(Policy):
    def scope(self, actor):
        return Q(college__in=actor.roles.keys())

    def can(self, actor, action, calendar):
        return action == CHANGE and actor.has_role(calendar.college_id, {Role.COORDINATOR})


@register(PracticePlan)
class PlanPolicy(Policy):
    def scope(self, actor):
        return (
            Q(college__in=actor.organisations_with(COLLEGE_STAFF))
            | Q(
                entries__placement__offer__enterprise__in=actor.organisations_with(ENTERPRISE_STAFF)
            )
            # officers see their region's plans; the entries (learners' weeks) stay hidden
            | Q(college__region__in=actor.officer_region_ids)
        )

    def organisations(self, actor, action):
        return actor.organisations_with({Role.COORDINATOR}) if action == CHANGE else set()

    def can(self, actor, action, plan):
        return action == CHANGE and actor.has_role(plan.college_id, {Role.COORDINATOR})


@register(PlanEntry)
class EntryPolicy(Policy):
    def scope(self, actor):
        return (
            Q(placement__learner__user_id=actor.user_id)
            | Q(plan__college__in=actor.organisations_with(COLLEGE_STAFF))
            | Q(placement__offer__enterprise__in=actor.organisations_with(ENTERPRISE_STAFF))
        )


@register(PlanChange)
class ChangePolicy(Policy):
    def scope(self, actor):
        return Q(plan__college__in=actor.organisations_with(COLLEGE_STAFF)) | Q(
            zone__enterprise__in=actor.organisations_with(ENTERPRISE_STAFF)
        )


@register(EnterprisePeriod)
class PeriodPolicy(Policy):
    def scope(self, actor):
        return Q(enterprise__in=actor.organisations_with(ENTERPRISE_STAFF)) | Q(
            enterprise__enterprise_partnerships__college__in=actor.organisations_with(COLLEGE_STAFF)
        )

    def organisations(self, actor, action):
        return actor.organisations_with(ENTERPRISE_MANAGERS) if action == CHANGE else set()

    def can(self, actor, action, period):
        return action == CHANGE and actor.has_role(period.enterprise_id, ENTERPRISE_MANAGERS)


@register(Commitment)
class CommitmentPolicy(Policy):
    """The learner records their own; their college's staff see them when planning."""

    def scope(self, actor):
        return Q(learner_id=actor.user_id) | Q(
            learner__learner_profile__college__in=actor.organisations_with(COLLEGE_STAFF)
        )

    def can(self, actor, action, commitment):
        return action == CHANGE and commitment.learner_id == actor.user_id
