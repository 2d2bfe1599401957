"""Curriculum evidence, as the evaluation reads it."""

from datetime import date

from django.db.models import Min

from dovetail.curriculum.models import OutcomeSkill


def skills_taught_since(college_ids, *, as_of: date) -> dict[int, dict[int, date]]:
    """{college id: {skill id: the day a learning outcome first taught it}}, up to ``as_of``."""
    rows = (
        OutcomeSkill.objects.filter(
            outcome__module__programme__college_id__in=college_ids,
            outcome__since__lte=as_of,
            rejected=False,
        )
        .values("outcome__module__programme__college_id", "skill_id")
        .annotate(first=Min("outcome__since"))
    )
    found: dict[int, dict[int, date]] = {}
    for row in rows:
        found.setdefault(row["outcome__module__programme__college_id"], {})[row["skill_id"]] = row[
            "first"
        ]
    return found
