"""Programmes and modules are public within Dovetail; their college's staff change them."""

from django.db.models import Q

from dovetail.core.permissions import CHANGE, COLLEGE_STAFF, Policy, register
from dovetail.curriculum.models import (
    GraduatePlan,
    LearningOutcome,
    Module,
    OutcomeSkill,
    Programme,
)


@register(Programme)
class ProgrammePolicy(Policy):
    def scope(self, actor):
        return Q()

    def can(self, actor, action, programme):
        return action == CHANGE and actor.has_role(programme.college_id, COLLEGE_STAFF)


@register(Module)
class ModulePolicy(Policy):
    def scope(self, actor):
        return Q()

    def can(self, actor, action, module):
        return action == CHANGE and actor.has_role(module.programme.college_id, COLLEGE_STAFF)


@register(LearningOutcome)
class LearningOutcomePolicy(Policy):
    def scope(self, actor):
        return Q()

    def can(self, actor, action, outcome):
        college = outcome.module.programme.college_id
        return action == CHANGE and actor.has_role(college, COLLEGE_STAFF)


@register(OutcomeSkill)
class OutcomeSkillPolicy(Policy):
    # curricula are public, and so are the skills their outcomes teach
    def scope(self, actor):
        return Q()


@register(GraduatePlan)
class GraduatePlanPolicy(Policy):
    def scope(self, actor):
        return Q()

    def can(self, actor, action, plan):
        return action == CHANGE and actor.has_role(plan.programme.college_id, COLLEGE_STAFF)
