"""Competency evidence, as other apps read it."""

from django.db.models import Max

from dovetail.records.models import Competency


def best_proficiencies(learner_ids, skill_ids) -> dict[tuple[int, int], int]:
    """{(learner id, skill id): the highest proficiency shown} for the given learners and skills."""
    rows = (
        Competency.objects.filter(learner_id__in=learner_ids, skill_id__in=skill_ids)
        .values("learner_id", "skill_id")
        .annotate(best=Max("proficiency"))
    )
    return {(row["learner_id"], row["skill_id"]): row["best"] for row in rows}
