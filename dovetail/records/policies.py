"""Competencies: seen by the learner and by whoever may see the learner."""

from django.db.models import Q

from dovetail.core.models import LearnerProfile
from dovetail.core.permissions import Policy, register, scope_q
from dovetail.records.models import Competency


@register(Competency)
class CompetencyPolicy(Policy):
    def scope(self, actor):
        learners = LearnerProfile.objects.filter(scope_q(actor, LearnerProfile)).values("user")
        return Q(learner_id=actor.user_id) | Q(learner__in=learners)
