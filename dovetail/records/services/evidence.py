"""Competency evidence, as other apps read it."""

from django.db.models import Count, Max

from dovetail.records.models import Assessment, Competency


def best_proficiencies(learner_ids, skill_ids) -> dict[tuple[int, int], int]:
    """{(learner id, skill id): the highest proficiency shown} for the given learners and skills."""
    rows = (
        Competency.objects.filter(learner_id__in=learner_ids, skill_id__in=skill_ids)
        .values("learner_id", "skill_id")
        .annotate(best=Max("proficiency"))
    )
    return {(row["learner_id"], row["skill_id"]): row["best"] for row in rows}


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
