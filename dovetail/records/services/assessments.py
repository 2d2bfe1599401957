"""Rubric co-assessment: a teacher and a mentor rate independently, then reconcile; the result
is a grade and competency evidence. Employer surveys close a placement."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.permissions import CHANGE, may, organisations_for, visible
from dovetail.records import signals
from dovetail.records.models import (
    Assessment,
    Competency,
    Criterion,
    EmployerSurvey,
    Rating,
    Rubric,
)
from dovetail.records.services import xapi
from dovetail.records.services.diaries import (
    is_mentor_of,
    is_teacher_of,
    reads_placement_records,
)

DEFAULT_LEVELS = ["Not yet", "Developing", "Competent", "Proficient", "Excellent"]
SURVEY_QUESTIONS = {
    "punctuality": "Punctuality and attendance",
    "safety": "Safety and following procedures",
    "technical": "Technical skill",
    "teamwork": "Teamwork",
    "communication": "Communication",
    "attitude": "Attitude to learning",
}


def _forbidden(message):
    return ServiceError(message, code="forbidden")


@transaction.atomic
def create_rubric(
    *,
    by,
    organisation,
    title,
    criteria,
    levels=None,
    module=None,
    offer=None,
    disagreement_threshold=1,
    pass_mark=60,
):
    """``criteria``: [{"title", "weight", "skill" (or None), "descriptors": [one per level]}]."""
    if not may(by, CHANGE, Rubric(organisation=organisation)):
        raise _forbidden("Only the college's teachers and coordinators write its rubrics.")
    levels = [level.strip() for level in (levels or DEFAULT_LEVELS) if level.strip()]
    if len(levels) < 2:
        raise ServiceError("A rubric needs at least two performance levels.", field="levels")
    if not title.strip():
        raise ServiceError("Give the rubric a title.", field="title")
    if not criteria:
        raise ServiceError("A rubric needs at least one criterion.", field="criteria")
    for number, criterion in enumerate(criteria, start=1):
        if not criterion["title"].strip():
            raise ServiceError(f"Criterion {number} has no title.", field="criteria")
        if Decimal(criterion["weight"]) <= 0:
            raise ServiceError(f"Criterion {number}: weights are positive.", field="criteria")
        if len(criterion["descriptors"]) != len(levels):
            raise ServiceError(
                f"Criterion {number}: give one descriptor per level ({len(levels)}).",
                field="criteria",
            )
    if not 0 <= disagreement_threshold < len(levels):
        raise ServiceError("The threshold is a number of levels.", field="disagreement_threshold")
    rubric = Rubric.objects.create(
        organisation=organisation,
        title=title.strip(),
        module=module,
        offer=offer,
        levels=levels,
        disagreement_threshold=disagreement_threshold,
        pass_mark=pass_mark,
        created_by=by,
    )
    Criterion.objects.bulk_create(
        Criterion(
            rubric=rubric,
            position=position,
            title=criterion["title"].strip(),
            weight=Decimal(criterion["weight"]),
            skill=criterion.get("skill"),
            descriptors=[d.strip() for d in criterion["descriptors"]],
        )
        for position, criterion in enumerate(criteria)
    )
    audit.record(by, "rubric.create", rubric)
    return rubric


def start_assessment(rubric, placement, *, by):
    """A teacher of the learner's college opens an assessment; the offer's mentor co-assesses."""
    if not is_teacher_of(by, placement) or rubric.organisation_id != placement.learner.college_id:
        raise _forbidden("Only the learner's teachers start an assessment with their rubric.")
    mentor = placement.offer.mentor
    if mentor is None:
        raise ServiceError("The placement has no mentor to co-assess with.", field="placement")
    assessment = Assessment.objects.create(
        rubric=rubric,
        learner=placement.learner.user,
        placement=placement,
        teacher=by,
        mentor=mentor,
    )
    audit.record(by, "assessment.start", assessment)
    return assessment


def role_in(assessment, user):
    if user.pk == assessment.teacher_id:
        return Rating.Role.TEACHER
    if user.pk == assessment.mentor_id:
        return Rating.Role.MENTOR
    return None


def _levels_of(assessment, role):
    return dict(
        Rating.objects.filter(assessment=assessment, role=role).values_list("criterion_id", "level")
    )


@transaction.atomic
def rate(assessment, *, by, levels, comments=None):
    """One assessor's ratings ({criterion id: level index}); once both are in, close agreement
    is accepted as it stands and wide disagreement is flagged for discussion."""
    role = role_in(assessment, by)
    if role is None:
        raise _forbidden("Only this assessment's teacher and mentor rate it.")
    if assessment.status != Assessment.Status.OPEN:
        raise ServiceError("The ratings are in; reconcile them instead.", field="levels")
    if _levels_of(assessment, role):
        raise ServiceError("You have already rated this assessment.", field="levels")
    criteria = {c.pk: c for c in assessment.rubric.criteria.all()}
    levels = {int(k): int(v) for k, v in levels.items()}
    if set(levels) != set(criteria):
        raise ServiceError("Rate every criterion.", field="levels")
    top = len(assessment.rubric.levels) - 1
    if not all(0 <= level <= top for level in levels.values()):
        raise ServiceError("A level is out of the rubric's range.", field="levels")
    Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            criterion_id=criterion_id,
            role=role,
            level=level,
            comment=(comments or {}).get(criterion_id, "")[:500],
            rated_by=by,
        )
        for criterion_id, level in levels.items()
    )
    other = Rating.Role.MENTOR if role == Rating.Role.TEACHER else Rating.Role.TEACHER
    other_levels = _levels_of(assessment, other)
    if other_levels:
        flagged = disagreements(assessment, levels, other_levels)
        if flagged:
            assessment.status = Assessment.Status.FLAGGED
            assessment.save(update_fields=["status"])
        else:
            agreed = {c: _midpoint(levels[c], other_levels[c]) for c in criteria}
            _conclude(assessment, agreed, by=by, note="")
    audit.record(by, "assessment.rate", assessment, {"role": [None, role]})
    return assessment


def _midpoint(a, b):
    return int((Decimal(a + b) / 2).to_integral_value(ROUND_HALF_UP))


def disagreements(assessment, teacher_levels, mentor_levels):
    """Criterion ids whose two ratings lie further apart than the rubric allows."""
    threshold = assessment.rubric.disagreement_threshold
    return sorted(
        criterion_id
        for criterion_id, level in teacher_levels.items()
        if abs(level - mentor_levels.get(criterion_id, level)) > threshold
    )


@transaction.atomic
def reconcile(assessment, *, by, levels, note=""):
    """Teacher or mentor records the levels agreed in discussion for every criterion."""
    if role_in(assessment, by) is None:
        raise _forbidden("Only this assessment's teacher and mentor reconcile it.")
    if assessment.status != Assessment.Status.FLAGGED:
        raise ServiceError("Only flagged assessments are reconciled.", field="levels")
    criteria = set(assessment.rubric.criteria.values_list("pk", flat=True))
    levels = {int(k): int(v) for k, v in levels.items()}
    top = len(assessment.rubric.levels) - 1
    if set(levels) != criteria or not all(0 <= v <= top for v in levels.values()):
        raise ServiceError("Give an agreed level for every criterion.", field="levels")
    if not note.strip():
        raise ServiceError("Note what the discussion concluded.", field="note")
    _conclude(assessment, levels, by=by, note=note.strip())
    return assessment


def proficiency_for(level, level_count):
    """A rubric level on the 1–5 proficiency scale."""
    if level_count == 1:
        return 5
    scaled = Decimal(1) + Decimal(4 * level) / Decimal(level_count - 1)
    return int(scaled.to_integral_value(ROUND_HALF_UP))


def _conclude(assessment, agreed, *, by, note):
    rubric = assessment.rubric
    criteria = list(rubric.criteria.all())
    top = len(rubric.levels) - 1
    Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            criterion=criterion,
            role=Rating.Role.AGREED,
            level=agreed[criterion.pk],
            rated_by=by,
        )
        for criterion in criteria
    )
    total_weight = sum(c.weight for c in criteria)
    score = sum(c.weight * Decimal(agreed[c.pk]) / Decimal(top) for c in criteria) / total_weight
    assessment.grade = (score * 100).quantize(Decimal("0.1"))
    assessment.passed = assessment.grade >= rubric.pass_mark
    assessment.status = Assessment.Status.AGREED
    assessment.note = note
    assessment.agreed_at = timezone.now()
    today = timezone.localdate()
    Competency.objects.bulk_create(
        Competency(
            learner_id=assessment.learner_id,
            skill_id=criterion.skill_id,
            proficiency=proficiency_for(agreed[criterion.pk], len(rubric.levels)),
            source=Competency.Source.ASSESSMENT,
            achieved_on=today,
            evidence=f"{rubric.title}: {criterion.title} (co-assessed)",
            recorded_by=by,
        )
        for criterion in criteria
        if criterion.skill_id
    )
    assessment.statement_id = xapi.record(
        rubric.organisation,
        assessment.learner,
        "scored",
        xapi.activity_iri("rubric", rubric.pk),
        rubric.title,
        result={
            "score": {"scaled": float(score), "raw": float(assessment.grade), "min": 0, "max": 100},
            "success": assessment.passed,
            "completion": True,
        },
        context={
            "instructor": xapi.agent_of(assessment.teacher),
            "team": {
                "objectType": "Group",
                "member": [xapi.agent_of(assessment.teacher), xapi.agent_of(assessment.mentor)],
            },
        },
    )
    assessment.save()
    audit.record(by, "assessment.agree", assessment, {"grade": [None, str(assessment.grade)]})
    if assessment.passed:
        signals.assessment_passed.send(sender=Assessment, assessment=assessment)


def comparison(assessment, *, by):
    """Per criterion: its levels and descriptors, the viewer's rating, and — once both are in —
    the other assessor's and the agreed rating, with disagreements marked."""
    role = role_in(assessment, by)
    both_in = assessment.status != Assessment.Status.OPEN
    ratings = {}
    for rating in Rating.objects.filter(assessment=assessment):
        ratings.setdefault(rating.criterion_id, {})[rating.role] = rating
    teacher = {c: r[Rating.Role.TEACHER].level for c, r in ratings.items() if "teacher" in r}
    mentor = {c: r[Rating.Role.MENTOR].level for c, r in ratings.items() if "mentor" in r}
    flagged = set(disagreements(assessment, teacher, mentor)) if both_in else set()
    rows = []
    for criterion in assessment.rubric.criteria.select_related("skill"):
        mine = ratings.get(criterion.pk, {})
        rows.append(
            {
                "criterion": criterion,
                "descriptors": list(
                    zip(assessment.rubric.levels, criterion.descriptors, strict=True)
                ),
                "teacher": mine.get("teacher") if both_in or role == "teacher" else None,
                "mentor": mine.get("mentor") if both_in or role == "mentor" else None,
                "agreed": mine.get("agreed"),
                "flagged": criterion.pk in flagged,
            }
        )
    return {
        "rows": rows,
        "role": role,
        "rated": bool({"teacher": teacher, "mentor": mentor}.get(role)),
        "waiting_for": _waiting_for(assessment, teacher, mentor),
    }


def _waiting_for(assessment, teacher, mentor):
    if assessment.status != Assessment.Status.OPEN:
        return None
    if not teacher:
        return assessment.teacher
    return assessment.mentor if not mentor else None


def assessments_for(user):
    return visible(user, Assessment).select_related("rubric", "learner", "teacher", "mentor")


def rubrics_for(user):
    return visible(user, Rubric).select_related("module", "offer")


@transaction.atomic
def submit_survey(placement, *, by, answers, strengths="", improvements="", would_hire=None):
    """The enterprise's evaluation at the end of a placement; submitting again revises it."""
    if not is_mentor_of(by, placement):
        raise _forbidden("Only the placement's mentor or enterprise managers evaluate it.")
    unknown = set(answers) - set(SURVEY_QUESTIONS)
    missing = set(SURVEY_QUESTIONS) - set(answers)
    if unknown or missing:
        raise ServiceError("Answer every question of the survey.", field="answers")
    if not all(1 <= int(v) <= 5 for v in answers.values()):
        raise ServiceError("Ratings go from 1 to 5.", field="answers")
    survey, _created = EmployerSurvey.objects.update_or_create(
        placement=placement,
        defaults={
            "answers": {k: int(v) for k, v in answers.items()},
            "strengths": strengths.strip(),
            "improvements": improvements.strip(),
            "would_hire": would_hire,
            "submitted_by": by,
        },
    )
    audit.record(by, "survey.submit", survey)
    return survey


def survey_of(placement, *, by):
    if not reads_placement_records(by, placement):
        raise _forbidden("This evaluation is not yours to read.")
    return EmployerSurvey.objects.filter(placement=placement).first()


def can_start(user):
    return organisations_for(user, CHANGE, Rubric).exists()
