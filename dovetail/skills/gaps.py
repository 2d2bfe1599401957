"""Gap reports (a service): gather demand and supply for a programme, a college or a region,
run the gap engine, store the result, and lay it out for pages and exports.

Demand is what the enterprises of the scope's region posted in the period; supply is the learning
outcomes of the scope's programmes, their learners' assessed competencies and graduate plans.
"""

from dataclasses import asdict
from datetime import date

from django.db.models import Prefetch

from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile, Organisation, Region, User
from dovetail.core.permissions import access, may, visible
from dovetail.core.tasks import Progress, long_task
from dovetail.curriculum import services as curriculum
from dovetail.curriculum.models import Programme
from dovetail.engines.skills.gaps import DemandItem, Graduates, SupplyItem, gap_report
from dovetail.records.services.evidence import best_proficiencies
from dovetail.skills.crosswalks import best_in_terms_of, carried_onto
from dovetail.skills.mapping import mapping_taxonomy
from dovetail.skills.models import Demand, DemandSkill, GapReport, Occupation, Skill
from dovetail.skills.policies import REPORT_GAPS
from dovetail.skills.services import equivalents, report_groups

Scope = GapReport.Scope


def _groups(taxonomy) -> dict[int, str]:
    """{skill id: its report group's id as text, "" for none}. Ids, not labels, are stored, so a
    report reads in whichever language its reader uses."""
    return {pk: str(group or "") for pk, group in report_groups(taxonomy).items()}


def scopes_for(user) -> list[tuple[str, int, str]]:
    """The scopes ``user`` may report on: (scope, id, name)."""
    regions = [r for r in Region.objects.all() if may(user, REPORT_GAPS, r)]
    colleges = [
        c
        for c in Organisation.objects.filter(kind=Organisation.Kind.COLLEGE)
        if may(user, REPORT_GAPS, c)
    ]
    found = [(Scope.REGION, r.pk, r.display_name) for r in regions]
    for college in colleges:
        found.append((Scope.COLLEGE, college.pk, college.display_name))
        found.extend(
            (Scope.PROGRAMME, p.pk, f"{college.display_name} · {p.display_name}")
            for p in curriculum.programmes_of(user, college)
        )
    return found


def _resolve(user, scope: str, scope_id: int):
    """(name, college or None, region, programmes, whether ``user`` may report on it)."""
    if scope == Scope.PROGRAMME:
        programme = access(user, Programme, scope_id)
        college = programme.college
        allowed = may(user, REPORT_GAPS, programme)
        programmes = [programme]
        name = f"{college.display_name} · {programme.display_name}"
    elif scope == Scope.COLLEGE:
        college = Organisation.objects.filter(pk=scope_id, kind=Organisation.Kind.COLLEGE).first()
        if college is None:
            raise ServiceError("No such college.", code="not_found")
        allowed = may(user, REPORT_GAPS, college)
        programmes = list(Programme.objects.filter(college=college))
        name = college.display_name
    elif scope == Scope.REGION:
        region = Region.objects.filter(pk=scope_id).first()
        if region is None:
            raise ServiceError("No such region.", code="not_found")
        return (
            region.display_name,
            None,
            region,
            list(Programme.objects.filter(college__region=region)),
            may(user, REPORT_GAPS, region),
        )
    else:
        raise ServiceError(f"Unknown scope {scope!r}.", field="scope", code="invalid")
    return name, college, college.region, programmes, allowed


def compute_gap_report(
    user, scope: str, scope_id: int, start: date, end: date, *, progress: Progress | None = None
) -> GapReport:
    if start > end:
        raise ServiceError("The period ends before it starts.", field="end", code="invalid")
    name, college, region, programmes, allowed = _resolve(user, scope, scope_id)
    if not allowed:
        raise ServiceError(f"You may not see the gap report of {name}.", code="forbidden")
    progress = progress or Progress()
    progress.start(4, "reading demand")
    taxonomy = mapping_taxonomy()
    groups = _groups(taxonomy)
    demand_rows = DemandSkill.objects.filter(
        skill__taxonomy=taxonomy,
        rejected=False,
        demand__enterprise__region=region,
        demand__posted_on__range=(start, end),
    ).values_list(
        "demand_id",
        "skill_id",
        "demand__posted_on",
        "demand__headcount",
        "proficiency",
        "demand__proficiency",
        "demand__qualification_level",
        "demand__occupation_id",
    )
    demand = [
        DemandItem(
            demand_id=d,
            skill=s,
            group=groups.get(s, ""),
            posted=posted,
            headcount=headcount,
            proficiency=span_level or level,
            level=qualification,
            occupation=occupation,
        )
        for d, s, posted, headcount, span_level, level, qualification, occupation in demand_rows
    ]
    progress.advance(1, "reading supply")
    programme_ids = [p.pk for p in programmes]
    level_of = {p.pk: p.qualification_level for p in programmes}
    supply = [
        SupplyItem(
            outcome_id=o.outcome_id,
            programme=o.programme_id,
            skill=o.skill_id,
            group=groups.get(o.skill_id, ""),
            since=o.since,
            proficiency=o.proficiency,
            level=level_of[o.programme_id],
        )
        for o in curriculum.outcome_skills(programme_ids)
        if o.skill_id in groups  # an outcome still on another taxonomy awaits its re-mapping
    ]
    learners = LearnerProfile.objects.filter(programme_id__in=programme_ids).values_list(
        "user_id", flat=True
    )
    skills = {item.skill for item in demand}
    best = best_in_terms_of(
        best_proficiencies(list(learners), skills | carried_onto(skills, taxonomy)), taxonomy
    )
    by_skill: dict[int, list[int]] = {}
    for (_learner, skill), value in best.items():
        if skill in skills:
            by_skill.setdefault(skill, []).append(value)
    assessed = {skill: round(sum(v) / len(v), 2) for skill, v in by_skill.items()}
    graduates = [
        Graduates(plan.programme_id, plan.occupation_id, plan.graduates)
        for plan in curriculum.graduate_plans(programme_ids, start.year, end.year)
    ]
    progress.advance(1, "comparing")
    report = gap_report(
        demand,
        supply,
        period=(start, end),
        assessed=assessed,
        graduates=graduates,
        programmes=programme_ids,
    )
    progress.advance(1, "saving")
    result = asdict(report)
    result["heat"] = {g: {str(p): v for p, v in row.items()} for g, row in report.heat.items()}
    saved = GapReport.objects.create(
        scope=scope,
        scope_id=scope_id,
        scope_name=name,
        college=college,
        region=region,
        period_start=start,
        period_end=end,
        result=_jsonable(result),
        created_by=user if user.is_authenticated else None,
    )
    progress.advance(1, "done")
    return saved


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@long_task("gap_report")
def gap_report_task(progress, *, by_id: int, scope: str, scope_id: int, start: str, end: str):
    saved = compute_gap_report(
        User.objects.get(pk=by_id),
        scope,
        scope_id,
        date.fromisoformat(start),
        date.fromisoformat(end),
        progress=progress,
    )
    return {"report_id": saved.pk, "url": f"/skills/gaps/{saved.pk}/"}


def report_for(user, pk: int) -> GapReport:
    return access(user, GapReport, pk)


def reports_for(user):
    return visible(user, GapReport)


def latest_report(user, scope: str, scope_id: int) -> GapReport | None:
    return reports_for(user).filter(scope=scope, scope_id=scope_id).order_by("-pk").first()


def skill_labels(skill_ids) -> dict[int, str]:
    return {skill.pk: skill.display_label for skill in Skill.objects.filter(pk__in=skill_ids)}


# Laying a report out ------------------------------------------------------------------------


def labelled(report: GapReport) -> dict:
    """The stored result with names for skills, programmes and occupations, for pages/exports."""
    result = report.result
    group_ids = {int(g) for g in result["groups"] if g}
    skills = Skill.objects.in_bulk({g["skill"] for g in result["skills"]} | group_ids)
    names = {str(pk): skills[pk].display_label for pk in group_ids if pk in skills}
    names[""] = "—"
    programmes = {
        p.pk: p for p in Programme.objects.filter(pk__in=result["programmes"]).order_by("code")
    }
    occupation_ids = {o["occupation"] for o in result["occupations"]}
    occupations = {o.pk: o for o in Occupation.objects.filter(pk__in=occupation_ids)}
    rows = []
    for gap in result["skills"]:
        skill = skills.get(gap["skill"])
        rows.append(
            {
                **gap,
                "group": names.get(gap["group"], "—"),
                "label": skill.display_label if skill else "?",
                "uri": skill.uri if skill else "",
                "programme_codes": [
                    programmes[p].code for p in gap["programmes"] if p in programmes
                ],
            }
        )
    return {
        "report": report,
        "summary": result["summary"],
        "skills": rows,
        "groups": [names.get(g, "—") for g in result["groups"]],
        "programmes": list(programmes.values()),
        "heat": {names.get(g, "—"): row for g, row in result["heat"].items()},
        "months": result["months"],
        "trends": {names.get(g, "—"): counts for g, counts in result["trends"].items()},
        "occupations": [
            {**o, "label": occupations[o["occupation"]].display_label}
            for o in result["occupations"]
            if o["occupation"] in occupations
        ],
    }


EXPORT_COLUMNS = [
    "skill",
    "uri",
    "group",
    "demands",
    "headcount",
    "covered",
    "programmes",
    "demanded proficiency",
    "taught proficiency",
    "assessed proficiency",
    "quality gap",
    "demanded level",
    "offered level",
    "level gap",
    "demand rose",
    "first covered",
    "lag (days)",
    "lag open",
]


def export_rows(report: GapReport) -> tuple[list[str], list[list]]:
    rows = [
        [
            g["label"],
            g["uri"],
            g["group"],
            g["demands"],
            g["headcount"],
            "yes" if g["covered"] else "no",
            " ".join(g["programme_codes"]),
            g["demanded_proficiency"],
            g["taught_proficiency"],
            g["assessed_proficiency"],
            g["quality_gap"],
            g["demanded_level"],
            g["offered_level"],
            g["level_gap"],
            g["rise"],
            g["first_covered"],
            g["lag_days"],
            "yes" if g["lag_open"] else "no",
        ]
        for g in labelled(report)["skills"]
    ]
    return EXPORT_COLUMNS, rows


def evidence(user, report: GapReport, skill_id: int) -> dict:
    """The demands and learning outcomes behind one skill's row of a report."""
    row = next((g for g in report.result["skills"] if g["skill"] == skill_id), None)
    if row is None:
        raise ServiceError("That skill is not in this report.", code="not_found")
    demands = (
        visible(user, Demand)
        .filter(pk__in=row["demand_ids"])
        .select_related("enterprise")
        .prefetch_related(
            Prefetch("skills", DemandSkill.objects.filter(skill_id=skill_id), to_attr="evidence")
        )
    )
    return {
        "skill": Skill.objects.get(pk=skill_id),
        "row": row,
        "demands": [(d, d.evidence[0] if d.evidence else None) for d in demands],
        "outcomes": curriculum.outcomes_by_id(row["outcome_ids"]),
        "equivalents": equivalents(skill_id),
    }
