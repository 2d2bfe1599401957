"""Who sees learning records: the learner, the learner's teachers, and — for what happens on a
placement — the placement's mentor and enterprise staff. Education officers see none of it."""

from django.db.models import Q

from dovetail.core.models import LearnerProfile
from dovetail.core.permissions import (
    CHANGE,
    COLLEGE_STAFF,
    ENTERPRISE_MANAGERS,
    ENTERPRISE_STAFF,
    Policy,
    define_action,
    register,
    scope_q,
)
from dovetail.placements.models import Placement
from dovetail.records.models import (
    Assessment,
    Competency,
    Criterion,
    DiaryComment,
    DiaryEntry,
    DiaryFile,
    EmployerSurvey,
    Rating,
    Rubric,
    WeekSignOff,
)


@register(Competency)
class CompetencyPolicy(Policy):
    def scope(self, actor):
        learners = LearnerProfile.objects.filter(scope_q(actor, LearnerProfile)).values("user")
        return Q(learner_id=actor.user_id) | Q(learner__in=learners)


def _placement_scope(actor, prefix):
    return (
        Q(**{f"{prefix}learner__user_id": actor.user_id})
        | Q(**{f"{prefix}learner__college__in": actor.organisations_with(COLLEGE_STAFF)})
        | Q(**{f"{prefix}offer__enterprise__in": actor.organisations_with(ENTERPRISE_STAFF)})
    )


class PlacementRecordPolicy(Policy):
    prefix = "placement__"

    def scope(self, actor):
        return _placement_scope(actor, self.prefix)


register(DiaryEntry)(PlacementRecordPolicy)
register(WeekSignOff)(PlacementRecordPolicy)
register(EmployerSurvey)(PlacementRecordPolicy)


@register(DiaryFile)
class DiaryFilePolicy(PlacementRecordPolicy):
    prefix = "entry__placement__"


@register(DiaryComment)
class DiaryCommentPolicy(PlacementRecordPolicy):
    prefix = "entry__placement__"


def _assessment_scope(actor, prefix=""):
    return (
        Q(**{f"{prefix}learner_id": actor.user_id})
        | Q(**{f"{prefix}teacher_id": actor.user_id})
        | Q(**{f"{prefix}mentor_id": actor.user_id})
        | Q(**{f"{prefix}rubric__organisation__in": actor.organisations_with(COLLEGE_STAFF)})
    )


@register(Assessment)
class AssessmentPolicy(Policy):
    def scope(self, actor):
        return _assessment_scope(actor)


@register(Rating)
class RatingPolicy(Policy):
    def scope(self, actor):
        return _assessment_scope(actor, "assessment__")


@register(Rubric)
class RubricPolicy(Policy):
    def scope(self, actor):
        return Q(organisation__in=actor.organisations_with(COLLEGE_STAFF)) | Q(
            assessments__mentor_id=actor.user_id
        )

    # A college's teachers and coordinators write its rubrics and follow its cohorts.
    def organisations(self, actor, action):
        return actor.organisations_with(COLLEGE_STAFF) if action == CHANGE else set()

    def can(self, actor, action, rubric):
        return action == CHANGE and actor.has_role(rubric.organisation_id, COLLEGE_STAFF)


@register(Criterion)
class CriterionPolicy(Policy):
    def scope(self, actor):
        return Q(rubric__organisation__in=actor.organisations_with(COLLEGE_STAFF)) | Q(
            rubric__assessments__mentor_id=actor.user_id
        )


RECOGNISE_LEARNING = "recognise_learning"
FOLLOW_EVERY_COHORT = "follow_every_cohort"


@define_action(LearnerProfile, FOLLOW_EVERY_COHORT)
def _follows_every_cohort(actor, profile) -> bool:
    # administrators only (the permission service lets them through); staff follow their own
    return False


@define_action(LearnerProfile, RECOGNISE_LEARNING)
def _recognises_learning(actor, profile) -> bool:
    # prior learning is recognised by the learner's own teachers
    return actor.has_role(profile.college_id, COLLEGE_STAFF)


# What people do with a placement's records: the rules the diary pages and services ask for.
READ_RECORDS = "read_records"
WRITE_DIARY = "write_diary"
SIGN_OFF = "sign_off"
TEACH = "teach"
COMMENT = "comment"


def _is_learner_of(actor, placement) -> bool:
    return placement.learner.user_id == actor.user_id


def _is_mentor_of(actor, placement) -> bool:
    # the offer's named mentor, or the enterprise's HR and project managers
    return placement.offer.mentor_id == actor.user_id or actor.has_role(
        placement.offer.enterprise_id, ENTERPRISE_MANAGERS
    )


def _is_teacher_of(actor, placement) -> bool:
    return actor.has_role(placement.learner.college_id, COLLEGE_STAFF)


define_action(Placement, WRITE_DIARY)(_is_learner_of)
define_action(Placement, SIGN_OFF)(_is_mentor_of)
define_action(Placement, TEACH)(_is_teacher_of)


@define_action(Placement, COMMENT)
def _comments(actor, placement) -> bool:
    return _is_mentor_of(actor, placement) or _is_teacher_of(actor, placement)


@define_action(Placement, READ_RECORDS)
def _reads_records(actor, placement) -> bool:
    return (
        _is_learner_of(actor, placement)
        or _is_mentor_of(actor, placement)
        or _is_teacher_of(actor, placement)
    )
