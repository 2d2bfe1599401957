"""Competency evidence, as other apps read it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max

from dovetail.records.models import Assessment, Competency, WeekSignOff


def best_proficiencies(learner_ids, skill_ids) -> dict[tuple[int, int], int]:
    """{(learner id, skill id): the highest proficiency shown} for the given learners and skills."""
    rows = (
        Competency.objects.filter(learner_id__in=learner_ids, skill_id__in=skill_ids)
        .values("learner_id", "skill_id")
        .annotate(best=Max("proficiency"))
        .values_list("learner_id", "skill_id", "best")
    )
    return {(learner, skill): best for learner, skill, best in rows}


def co_assessments(college_ids, *, as_of) -> dict[tuple[int, int], int]:
    """{(college id, enterprise id): assessments a teacher and a mentor agreed by ``as_of``}."""
    rows = (
        Assessment.objects.filter(
            status=Assessment.Status.AGREED,
            agreed_at__date__lte=as_of,
            placement__learner__college_id__in=college_ids,
        )
        .values("placement__learner__college_id", "placement__offer__enterprise_id")
        .annotate(count=Count("pk"))
    )
    return {
        (row["placement__learner__college_id"], row["placement__offer__enterprise_id"]): row[
            "count"
        ]
        for row in rows
    }


@dataclass(frozen=True)
class ModuleResult:
    learner_id: int
    assessment_id: int
    rubric: str
    grade: Decimal
    agreed_on: date
    statement_id: str | None
    placement_id: int | None
    enterprise_id: int | None


def module_results(module_id: int, learner_ids) -> dict[int, ModuleResult]:
    """{learner id: their latest passed, agreed co-assessment on one of the module's rubrics}."""
    rows = Assessment.objects.filter(
        rubric__module_id=module_id,
        learner_id__in=learner_ids,
        status=Assessment.Status.AGREED,
        passed=True,
    ).select_related("rubric", "placement__offer")
    results = {}
    for row in rows.order_by("agreed_at"):
        results[row.learner_id] = ModuleResult(
            learner_id=row.learner_id,
            assessment_id=row.pk,
            rubric=row.rubric.title,
            grade=row.grade,
            agreed_on=row.agreed_at.date(),
            statement_id=str(row.statement_id) if row.statement_id else None,
            placement_id=row.placement_id,
            enterprise_id=row.placement.offer.enterprise_id if row.placement else None,
        )
    return results


@dataclass(frozen=True)
class SignedWeek:
    placement_id: int
    week_of: date
    mentor: str
    statement_id: str | None


def signed_weeks(placement_ids) -> dict[int, list[SignedWeek]]:
    """{placement id: its diary weeks a mentor signed off, in order}."""
    weeks: dict[int, list[SignedWeek]] = {}
    rows = WeekSignOff.objects.filter(placement_id__in=placement_ids).select_related("mentor")
    for row in rows.order_by("placement_id", "week_of"):
        weeks.setdefault(row.placement_id, []).append(
            SignedWeek(
                row.placement_id,
                row.week_of,
                str(row.mentor),
                str(row.statement_id) if row.statement_id else None,
            )
        )
    return weeks


def competency_holders(skill_id: int, min_proficiency: int, learner_ids) -> dict[int, Competency]:
    """{learner id: their best competency in the skill}, for those at ``min_proficiency`` or
    above."""
    holders: dict[int, Competency] = {}
    rows = Competency.objects.filter(
        skill_id=skill_id, learner_id__in=learner_ids, proficiency__gte=min_proficiency
    ).order_by("proficiency", "achieved_on")
    for row in rows:
        holders[row.learner_id] = row
    return holders


def skills_shown(learner_id: int) -> set[int]:
    """Every skill a learner's record shows at any proficiency."""
    return set(Competency.objects.filter(learner_id=learner_id).values_list("skill_id", flat=True))
