"""The five-dimension gap between enterprise demand and college supply on one skills taxonomy.

* structure — which demanded skills no programme's outcomes cover;
* quality — demanded proficiency (1–5) against the best taught or assessed proficiency;
* level — qualification level demanded against the level of the programmes that teach the skill;
* quantity — headcount demanded per occupation against graduates planned for it;
* lag — when demand for a skill rose against when the curriculum first covered it.

A skill's demand "rose" in the first month whose requests reached a quarter of its busiest
month, so a single early one-off does not set the date. Lag is counted in days from the rise to
the first coverage (negative: the curriculum was ahead); a skill still uncovered lags until the
end of the period and is marked open.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median

RISE_SHARE = 0.25
EVIDENCE = 20  # ids kept per skill for the evidence links


@dataclass(frozen=True)
class DemandItem:
    demand_id: int
    skill: int
    group: str
    posted: date
    headcount: int = 1
    proficiency: int | None = None
    level: int | None = None
    occupation: int | None = None


@dataclass(frozen=True)
class SupplyItem:
    outcome_id: int
    programme: int
    skill: int
    group: str
    since: date
    proficiency: int = 3
    level: int | None = None


@dataclass(frozen=True)
class Graduates:
    programme: int
    occupation: int | None
    graduates: int


@dataclass
class SkillGap:
    skill: int
    group: str
    demands: int
    headcount: int
    covered: bool
    programmes: list[int]
    demanded_proficiency: float | None
    taught_proficiency: int | None
    assessed_proficiency: float | None
    quality_gap: float | None
    demanded_level: float | None
    offered_level: int | None
    level_gap: float | None
    rise: date | None
    first_covered: date | None
    lag_days: int | None
    lag_open: bool
    demand_ids: list[int] = field(default_factory=list)
    outcome_ids: list[int] = field(default_factory=list)


@dataclass
class OccupationGap:
    occupation: int
    demanded: int
    graduates: int
    gap: int


@dataclass
class Report:
    skills: list[SkillGap]
    groups: list[str]
    programmes: list[int]
    heat: dict[str, dict[int, float]]
    months: list[str]
    trends: dict[str, list[int]]
    occupations: list[OccupationGap]
    summary: dict[str, float | int | None]


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _rise(posted: list[date]) -> date:
    by_month = Counter(_month(day) for day in posted)
    threshold = max(1, math.ceil(RISE_SHARE * max(by_month.values())))
    first_month = min(m for m, n in by_month.items() if n >= threshold)
    return min(day for day in posted if _month(day) == first_month)


def _median(values):
    values = [v for v in values if v is not None]
    return round(float(median(values)), 2) if values else None


def gap_report(
    demand: Sequence[DemandItem],
    supply: Sequence[SupplyItem],
    *,
    period: tuple[date, date],
    assessed: dict[int, float] | None = None,
    graduates: Sequence[Graduates] = (),
    programmes: Sequence[int] = (),
) -> Report:
    """Compare demand posted within ``period`` with the supply of ``programmes`` (all that
    appear in ``supply`` when not given)."""
    start, end = period
    assessed = assessed or {}
    demand = [d for d in demand if start <= d.posted <= end]
    supply = [s for s in supply if s.since <= end]
    programme_ids = sorted(set(programmes) | {s.programme for s in supply})
    asked: dict[int, list[DemandItem]] = defaultdict(list)
    for item in demand:
        asked[item.skill].append(item)
    taught: dict[int, list[SupplyItem]] = defaultdict(list)
    for item in supply:
        taught[item.skill].append(item)
    offered_anywhere = max((s.level for s in supply if s.level is not None), default=None)

    skills = []
    for skill, items in asked.items():
        teaching = taught.get(skill, [])
        demanded = _median(i.proficiency for i in items)
        best_taught = max((t.proficiency for t in teaching), default=None)
        supplied = max(
            (v for v in (best_taught, assessed.get(skill)) if v is not None), default=None
        )
        wanted_level = _median(i.level for i in items)
        levels = [t.level for t in teaching if t.level is not None]
        offered = max(levels) if levels else offered_anywhere
        rise = _rise([i.posted for i in items])
        first = min((t.since for t in teaching), default=None)
        demand_ids = sorted({i.demand_id for i in items}, reverse=True)
        skills.append(
            SkillGap(
                skill=skill,
                group=items[0].group,
                demands=len(demand_ids),
                headcount=sum(i.headcount for i in {i.demand_id: i for i in items}.values()),
                covered=bool(teaching),
                programmes=sorted({t.programme for t in teaching}),
                demanded_proficiency=demanded,
                taught_proficiency=best_taught,
                assessed_proficiency=assessed.get(skill),
                quality_gap=(
                    round(demanded - (supplied or 0), 2) if demanded is not None else None
                ),
                demanded_level=wanted_level,
                offered_level=offered,
                level_gap=(
                    round(wanted_level - offered, 2)
                    if wanted_level is not None and offered is not None
                    else None
                ),
                rise=rise,
                first_covered=first,
                lag_days=((first or end) - rise).days,
                lag_open=first is None,
                demand_ids=demand_ids[:EVIDENCE],
                outcome_ids=sorted({t.outcome_id for t in teaching})[:EVIDENCE],
            )
        )
    skills.sort(key=lambda g: (-g.demands, g.covered, g.skill))
    return Report(
        skills=skills,
        groups=sorted({g.group for g in skills}),
        programmes=programme_ids,
        heat=_heat(skills, programme_ids),
        months=_months(start, end),
        trends=_trends(demand, start, end),
        occupations=_occupations(demand, graduates),
        summary=_summary(skills, demand, graduates),
    )


def _heat(skills: list[SkillGap], programmes: list[int]) -> dict[str, dict[int, float]]:
    """Per skill group and programme: the share of the group's demand the programme covers."""
    weight: dict[str, int] = defaultdict(int)
    covered: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for gap in skills:
        weight[gap.group] += gap.demands
        for programme in gap.programmes:
            covered[gap.group][programme] += gap.demands
    return {
        group: {p: round(covered[group][p] / total, 3) for p in programmes}
        for group, total in weight.items()
    }


def _trends(demand: list[DemandItem], start: date, end: date) -> dict[str, list[int]]:
    """Per skill group, how many demands named it each month of the period."""
    months = _months(start, end)
    position = {m: n for n, m in enumerate(months)}
    seen = set()
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for item in demand:
        if (item.group, item.demand_id) not in seen:
            seen.add((item.group, item.demand_id))
            counts[item.group][position[_month(item.posted)]] += 1
    return dict(counts)


def _occupations(demand: list[DemandItem], graduates: Sequence[Graduates]) -> list[OccupationGap]:
    wanted: dict[int, int] = defaultdict(int)
    for item in {i.demand_id: i for i in demand if i.occupation is not None}.values():
        wanted[item.occupation] += item.headcount
    planned: dict[int, int] = defaultdict(int)
    for plan in graduates:
        if plan.occupation is not None:
            planned[plan.occupation] += plan.graduates
    rows = [
        OccupationGap(o, wanted.get(o, 0), planned.get(o, 0), wanted.get(o, 0) - planned.get(o, 0))
        for o in set(wanted) | set(planned)
    ]
    return sorted(rows, key=lambda r: (-r.gap, r.occupation))


def _summary(skills, demand, graduates) -> dict:
    weight = sum(g.demands for g in skills)
    lags = [g.lag_days for g in skills if g.lag_days is not None and not g.lag_open]
    return {
        "demands": len({d.demand_id for d in demand}),
        "skills_demanded": len(skills),
        "skills_uncovered": sum(not g.covered for g in skills),
        "coverage": round(sum(g.demands for g in skills if g.covered) / weight, 3)
        if weight
        else None,
        "quality_gap": _median(g.quality_gap for g in skills if g.covered),
        "level_gap": _median(g.level_gap for g in skills),
        "headcount": sum(i.headcount for i in {d.demand_id: d for d in demand}.values()),
        "graduates": sum(p.graduates for p in graduates),
        "lag_days": _median(lags),
    }
