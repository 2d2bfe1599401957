"""Demand evidence, as the evaluation reads it."""

from datetime import date

from django.db.models import Min

from dovetail.skills.models import DemandSkill, OccupationSkill


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


def occupation_demand(occupation_ids, *, since: date) -> dict[int, list[tuple[int, int]]]:
    """{occupation id: [(demand id, skill id), …]} for demand posted since ``since``."""
    rows = DemandSkill.objects.filter(
        demand__occupation_id__in=occupation_ids, demand__posted_on__gte=since, rejected=False
    ).values_list("demand__occupation_id", "demand_id", "skill_id")
    found: dict[int, list[tuple[int, int]]] = {}
    for occupation_id, demand_id, skill_id in rows:
        found.setdefault(occupation_id, []).append((demand_id, skill_id))
    return found


def essential_skills(occupation_ids) -> dict[int, set[int]]:
    """{occupation id: the skills the taxonomy lists as essential to it}."""
    found: dict[int, set[int]] = {}
    for occupation_id, skill_id in OccupationSkill.objects.filter(
        occupation_id__in=occupation_ids, relation=OccupationSkill.Relation.ESSENTIAL
    ).values_list("occupation_id", "skill_id"):
        found.setdefault(occupation_id, set()).add(skill_id)
    return found


def demand_evidence(skill_id: int, *, region_id: int, start: date, end: date) -> dict:
    """What the region's enterprises asked of one skill in a period: how many demands, which
    (the latest 20), from whom, when first and last, and how many people."""
    rows = list(
        DemandSkill.objects.filter(
            skill_id=skill_id,
            rejected=False,
            demand__enterprise__region_id=region_id,
            demand__posted_on__range=(start, end),
        )
        .order_by("-demand__posted_on", "-demand_id")
        .values_list(
            "demand_id",
            "demand__posted_on",
            "demand__headcount",
            "demand__enterprise_id",
            "demand__enterprise__name",
            "demand__enterprise__name_zh",
        )
    )
    demands = {row[0]: row for row in rows}
    enterprises = {}
    for _d, _posted, _count, enterprise_id, name, name_zh in demands.values():
        enterprises.setdefault(enterprise_id, (name, name_zh or name))
    return {
        "demands": len(demands),
        "demand_ids": list(demands)[:20],
        "enterprise_ids": list(enterprises),
        "enterprises": [name for name, _zh in enterprises.values()],
        "enterprises_zh": [zh for _name, zh in enterprises.values()],
        "first": min((row[1] for row in demands.values()), default=start).isoformat(),
        "last": max((row[1] for row in demands.values()), default=end).isoformat(),
        "headcount": sum(row[2] for row in demands.values()),
    }
