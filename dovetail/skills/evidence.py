"""Demand evidence, as the evaluation reads it."""

from datetime import date

from django.db.models import Min

from dovetail.skills.models import DemandSkill


def first_demanded(enterprise_ids, *, as_of: date) -> dict[int, dict[int, date]]:
    """{enterprise id: {skill id: the day it first asked for the skill}}, up to ``as_of``."""
    rows = (
        DemandSkill.objects.filter(
            demand__enterprise_id__in=enterprise_ids, demand__posted_on__lte=as_of, rejected=False
        )
        .values("demand__enterprise_id", "skill_id")
        .annotate(first=Min("demand__posted_on"))
    )
    found: dict[int, dict[int, date]] = {}
    for row in rows:
        found.setdefault(row["demand__enterprise_id"], {})[row["skill_id"]] = row["first"]
    return found
