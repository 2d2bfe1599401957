"""Who may see and change organisations, people, learners and task runs."""

from django.db.models import Q

from dovetail.core.models import LearnerProfile, Organisation, Role, TaskRun, User
from dovetail.core.permissions import (
    ADMIN_ROLES,
    CHANGE,
    COLLEGE_STAFF,
    ENTERPRISE_STAFF,
    VIEW,
    Actor,
    Policy,
    register,
)

VIEW_PRIVATE = "view_private"
ADD = "add"
STAFF_ROLES = COLLEGE_STAFF | ENTERPRISE_STAFF | {Role.OFFICER}


@register(Organisation)
class OrganisationPolicy(Policy):
    # The directory of organisations (names, kinds, regions) is not confidential.
    def scope(self, actor: Actor) -> Q:
        return Q()

    def organisations(self, actor, action):
        return actor.organisations_with(ADMIN_ROLES) if action == CHANGE else set()

    def can(self, actor, action, organisation):
        # ADD (a new organisation in the directory) is for administrators alone
        return action == CHANGE and actor.has_role(organisation.pk, ADMIN_ROLES)


@register(User)
class PersonPolicy(Policy):
    def scope(self, actor: Actor) -> Q:
        return (
            Q(pk=actor.user_id)
            # staff see everyone in the organisations they work for
            | Q(memberships__organisation__in=actor.organisations_with(STAFF_ROLES))
            # learners see the staff of their own college, not fellow learners
            | (
                Q(memberships__organisation__in=actor.roles.keys())
                & ~Q(memberships__role=Role.LEARNER)
            )
            # officers see staff across their region, never individual learners
            | (
                Q(memberships__organisation__region__in=actor.officer_region_ids)
                & ~Q(memberships__role=Role.LEARNER)
            )
        )

    def can(self, actor, action, person):
        if action != CHANGE:
            return False
        return person.pk == actor.user_id or bool(
            set(person.memberships.values_list("organisation_id", flat=True))
            & actor.organisations_with(ADMIN_ROLES)
        )


@register(LearnerProfile)
class LearnerPolicy(Policy):
    def scope(self, actor: Actor) -> Q:
        return Q(user_id=actor.user_id) | Q(college__in=actor.organisations_with(COLLEGE_STAFF))

    def can(self, actor, action, learner):
        if action == CHANGE:
            return actor.has_role(learner.college_id, {Role.COORDINATOR})
        if action == VIEW_PRIVATE:
            # inclusion attributes: the learner and their college's coordinators only
            return learner.user_id == actor.user_id or actor.has_role(
                learner.college_id, {Role.COORDINATOR}
            )
        return False


@register(TaskRun)
class TaskRunPolicy(Policy):
    def scope(self, actor: Actor) -> Q:
        return Q(created_by_id=actor.user_id)


__all__ = ["ADD", "VIEW", "VIEW_PRIVATE"]
