"""Credentials Dovetail awards by itself: passing a module's co-assessment earns the module's
credential and its credit, issued in the college's name by the assessing teacher."""

from dovetail.core.models import LearnerProfile
from dovetail.credentials import issuing


def award_module(sender, *, assessment, **kwargs):
    module = assessment.rubric.module
    profile = LearnerProfile.objects.filter(user_id=assessment.learner_id).first()
    if module is None or profile is None or profile.college_id != module.programme.college_id:
        return
    achievement = issuing.module_achievement(module)
    if profile.pk in issuing.holders(achievement):
        return
    if profile.pk in issuing.eligible(achievement, [profile]):
        issuing.issue(achievement, [profile.pk], by=assessment.teacher)
