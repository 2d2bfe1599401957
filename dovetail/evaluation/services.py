"""The integration depth index: evidence from every app, the region's published formula, the
scores with what drives them, their history, and inclusion by learner group.

Each component reads evidence another app owns, through that app's evidence functions; the
indicators engine turns the evidence matrix into scores.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core import audit
from dovetail.core.charts import COLOURS
from dovetail.core.errors import ServiceError
from dovetail.core.evidence import graduates_retained, learners_of
from dovetail.core.models import Region
from dovetail.core.permissions import CHANGE, actor_for, may, require
from dovetail.credentials.evidence import credentials_earned
from dovetail.curriculum.evidence import skills_taught_since
from dovetail.engines.indicators import IndexDefinition, depth_index, group_means
from dovetail.evaluation.models import DepthIndexSettings
from dovetail.partnerships.evidence import governance_by_partnership
from dovetail.partnerships.services import governed_partnerships
from dovetail.placements.evidence import placement_rates_by_group, placements_by_partner
from dovetail.placements.services import GROUP_NAMES
from dovetail.records.services.evidence import co_assessments
from dovetail.skills.evidence import first_demanded


@dataclass(frozen=True)
class Component:
    code: str
    label: str
    weight: float
    target: float
    meaning: str


COMPONENTS = (
    Component(
        "placements_held",
        gettext_lazy("Placements held"),
        2.0,
        20,
        gettext_lazy("Placements of the college's learners at the enterprise that have begun."),
    ),
    Component(
        "placements_completed",
        gettext_lazy("Placements completed"),
        1.0,
        0.9,
        gettext_lazy("Share of the placements due to end by then that were completed."),
    ),
    Component(
        "co_assessment",
        gettext_lazy("Co-assessments agreed"),
        1.5,
        10,
        gettext_lazy("Assessments a teacher and an enterprise mentor rated and reconciled."),
    ),
    Component(
        "mentor_hours",
        gettext_lazy("Mentor hours delivered"),
        1.0,
        200,
        gettext_lazy("Mentor hours the enterprise delivered against its commitments."),
    ),
    Component(
        "commitments_on_time",
        gettext_lazy("Commitments kept on time"),
        1.5,
        1.0,
        gettext_lazy("Share of commitments due by then that were fulfilled by their due date."),
    ),
    Component(
        "curriculum_adopted",
        gettext_lazy("Curriculum adopted from the enterprise's demand"),
        1.5,
        5,
        gettext_lazy(
            "Skills the enterprise asked for that the college began to teach after it asked."
        ),
    ),
    Component(
        "conflicts_embedded",
        gettext_lazy("Conflicts resolved into rules or adjustments"),
        1.5,
        3,
        gettext_lazy(
            "Conflict cases settled as a new or changed interface rule or a marginal adjustment."
        ),
    ),
    Component(
        "exchange_hours",
        gettext_lazy("Exchange hours delivered"),
        1.0,
        120,
        gettext_lazy("Hours industry professors and technology vice presidents delivered."),
    ),
    Component(
        "graduates_retained",
        gettext_lazy("Graduates retained"),
        1.0,
        5,
        gettext_lazy("The college's graduates who now work at the enterprise."),
    ),
    Component(
        "credentials_earned",
        gettext_lazy("Credentials earned at the workplace"),
        1.0,
        10,
        gettext_lazy(
            "Verifiable credentials the college issued for learning assessed at the enterprise "
            "(modules co-assessed there, placements completed), not revoked."
        ),
    ),
)
CODES = tuple(component.code for component in COMPONENTS)
HISTORY_QUARTERS = 8


# -- the formula --------------------------------------------------------------------------


def _settings(region_id) -> tuple[dict, dict]:
    row = DepthIndexSettings.objects.filter(region_id=region_id).first()
    return (row.weights, row.targets) if row else ({}, {})


def definition_for(region_id) -> IndexDefinition:
    weights, targets = _settings(region_id)
    return IndexDefinition(
        CODES,
        weights=tuple(float(weights.get(c.code, c.weight)) for c in COMPONENTS),
        targets=tuple(float(targets.get(c.code, c.target)) for c in COMPONENTS),
    )


def formula(region: Region | None) -> list[dict]:
    """Each component with the region's weight and target beside the published default."""
    definition = definition_for(region.pk if region else None)
    total = sum(definition.weights)
    return [
        {
            "component": component,
            "weight": weight,
            "target": target,
            "share": 100 * weight / total,
            "changed": weight != component.weight or target != component.target,
        }
        for component, weight, target in zip(
            COMPONENTS, definition.weights, definition.targets, strict=True
        )
    ]


def region_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code).first() if code else None


def formula_page(user, *, region_code: str = "") -> dict:
    """The published formula for a region named by code, else the officer's own region, else
    the defaults; and whether the user may change it."""
    region = region_by_code(region_code)
    officer_regions = actor_for(user).officer_region_ids
    if region is None and not region_code and officer_regions:
        region = Region.objects.filter(pk__in=officer_regions).order_by("pk").first()
    return {
        "region": region,
        "rows": formula(region),
        "regions": Region.objects.order_by("code"),
        "may_edit": region is not None and may(user, CHANGE, DepthIndexSettings(region=region)),
    }


def update_formula(region: Region, *, by, weights: dict, targets: dict) -> DepthIndexSettings:
    """Set the region's weights and targets; every weight ≥ 0 and not all 0, every target > 0."""
    row = DepthIndexSettings.objects.filter(region=region).first() or DepthIndexSettings(
        region=region
    )
    require(by, CHANGE, row)
    for code in CODES:
        if weights.get(code) is None or weights[code] < 0:
            raise ServiceError(_("A weight cannot be negative."), field=f"weight_{code}")
        if targets.get(code) is None or not targets[code] > 0:
            raise ServiceError(_("A target must be more than zero."), field=f"target_{code}")
    if not sum(weights[code] for code in CODES) > 0:
        raise ServiceError(
            _("At least one weight must be more than zero."), field="weight_" + CODES[0]
        )
    new = {
        "weights": {code: float(weights[code]) for code in CODES},
        "targets": {code: float(targets[code]) for code in CODES},
    }
    with transaction.atomic():
        changed = audit.apply_changes(row, {**new, "updated_by": by})
        row.save()
        audit.record(by, "depth_index.formula", row, changed)
    return row


# -- evidence and scores ------------------------------------------------------------------


def evidence_matrix(keys, *, as_of: date) -> np.ndarray:
    """(n, k) evidence for partnerships given as (id, college, enterprise, region) rows."""
    colleges = {college for _, college, _, _ in keys}
    placements = placements_by_partner(colleges, as_of=as_of)
    assessed = co_assessments(colleges, as_of=as_of)
    retained = graduates_retained(colleges, as_of=as_of)
    credentials = credentials_earned(colleges, as_of=as_of)
    demanded = first_demanded({enterprise for _, _, enterprise, _ in keys}, as_of=as_of)
    taught = skills_taught_since(colleges, as_of=as_of)
    governance = governance_by_partnership([pk for pk, _, _, _ in keys], as_of=as_of)
    matrix = np.zeros((len(keys), len(CODES)))
    for row, (pk, college, enterprise, _region) in enumerate(keys):
        held = placements.get((college, enterprise), {"held": 0, "ended": 0, "completed": 0})
        ledger = governance[pk]
        due = ledger["commitments_due"]
        matrix[row] = (
            held["held"],
            held["completed"] / held["ended"] if held["ended"] else 0.0,
            assessed.get((college, enterprise), 0),
            ledger["mentor_hours"],
            ledger["commitments_on_time"] / due if due else 0.0,
            _adopted(demanded.get(enterprise, {}), taught.get(college, {})),
            ledger["conflicts_embedded"],
            ledger["exchange_hours"],
            retained.get((college, enterprise), 0),
            credentials.get((college, enterprise), 0),
        )
    return matrix


def _adopted(demanded: dict, taught: dict) -> int:
    """Skills first taught on or after the day the enterprise first asked for them."""
    return sum(1 for skill, asked in demanded.items() if skill in taught and taught[skill] >= asked)


@dataclass
class Scored:
    keys: list
    evidence: np.ndarray
    scores: np.ndarray
    contributions: np.ndarray
    attainment: np.ndarray


def _keys(partnerships) -> list[tuple[int, int, int, int]]:
    """(partnership, college, enterprise, region) ids: what the evidence is read by."""
    return [(p.pk, p.college_id, p.enterprise_id, p.college.region_id) for p in partnerships]


def _definitions(keys) -> dict[int, IndexDefinition]:
    """Each region's formula, read once for a whole report and its history."""
    return {region: definition_for(region) for region in {key[3] for key in keys}}


# A past quarter's evidence is read from dated records and rarely changes (only a record
# entered late, with an earlier date, changes it): the history reuses it for this long.
PAST_EVIDENCE_KEPT_S = 3600


def _evidence(keys, *, as_of: date) -> np.ndarray:
    if as_of >= timezone.localdate():
        return evidence_matrix(keys, as_of=as_of)
    digest = hashlib.sha1(repr(sorted(keys)).encode()).hexdigest()
    key = f"dovetail:depth-evidence:{digest}:{as_of.isoformat()}"
    cached = cache.get(key)
    if cached is not None and cached.shape[0] == len(keys):
        # stored in sorted order; put back in the caller's
        order = np.argsort(np.argsort([k[0] for k in keys]))
        return cached[order]
    evidence = evidence_matrix(keys, as_of=as_of)
    cache.set(key, evidence[np.argsort([k[0] for k in keys])], PAST_EVIDENCE_KEPT_S)
    return evidence


def score(keys, *, as_of: date, definitions: dict[int, IndexDefinition]) -> Scored:
    """Scores under each partnership's own region's formula."""
    evidence = _evidence(keys, as_of=as_of)
    scores = np.zeros(len(keys))
    contributions = np.zeros_like(evidence)
    attainment = np.zeros_like(evidence)
    regions = np.array([region for _, _, _, region in keys])
    for region in set(regions.tolist()):
        rows = regions == region
        result = depth_index(evidence[rows], definitions[region])
        scores[rows], contributions[rows] = result.scores, result.contributions
        attainment[rows] = result.attainment
    return Scored(keys, evidence, scores, contributions, attainment)


def _partnerships(user, *, college=None):
    partnerships = governed_partnerships(user).select_related("college", "enterprise")
    return partnerships.filter(college=college) if college is not None else partnerships


def depth_report(user, *, today: date, college=None, history: bool = True) -> dict:
    """Every partnership the user governs, by depth, with the components that drive each
    score, the colleges' means, the history and inclusion by learner group."""
    partnerships = {p.pk: p for p in _partnerships(user, college=college).order_by("pk")}
    keys = _keys(partnerships.values())
    if not keys:
        return {"rows": [], "colleges": [], "history": None, "inclusion": [], "legend": _legend()}
    definitions = _definitions(keys)
    scored = score(keys, as_of=today, definitions=definitions)
    rows = sorted(
        (
            {
                "partnership": partnerships[pk],
                "score": scored.scores[i],
                "segments": _segments(scored.contributions[i]),
                "points": dict(zip(CODES, scored.contributions[i].tolist(), strict=True)),
            }
            for i, (pk, _c, _e, _r) in enumerate(keys)
        ),
        key=lambda row: -row["score"],
    )
    colleges = _college_means(keys, scored, partnerships)
    return {
        "rows": rows,
        "colleges": colleges,
        "mean": float(scored.scores.mean()),
        "history": history_chart(
            keys, today=today, colleges=colleges, definitions=definitions, scored_today=scored
        )
        if history
        else None,
        "inclusion": inclusion({c for _, c, _, _ in keys}, as_of=today),
        "legend": _legend(),
    }


def _legend():
    return [(c.label, COLOURS[i % len(COLOURS)]) for i, c in enumerate(COMPONENTS)]


STACK_WIDTH = 200  # pixels for a score of 100


def _segments(contributions) -> list[dict]:
    """The bar of one score: a coloured piece per component, as wide as its points."""
    segments, x = [], 0.0
    for i, (component, points) in enumerate(zip(COMPONENTS, contributions, strict=True)):
        if points > 0:
            width = STACK_WIDTH * float(points) / 100
            segments.append(
                {
                    "label": component.label,
                    "points": float(points),
                    "colour": COLOURS[i % len(COLOURS)],
                    "x": round(x, 1),
                    "width": round(width, 1),
                }
            )
            x += width
    return segments


def _college_means(keys, scored, partnerships) -> list[dict]:
    college_ids = np.array([college for _, college, _, _ in keys])
    means = group_means(scored.scores, college_ids)
    drivers = group_means(scored.contributions, college_ids)
    names = {college: partnerships[pk].college for pk, college, _, _ in keys}
    counts = {college: int((college_ids == college).sum()) for college in means}
    return sorted(
        (
            {
                "college": names[college],
                "score": float(mean),
                "partnerships": counts[college],
                "segments": _segments(drivers[college]),
            }
            for college, mean in means.items()
        ),
        key=lambda row: -row["score"],
    )


def quarter_ends(today: date, count: int) -> list[date]:
    """The last ``count`` quarter ends before today, oldest first, then today."""
    year, quarter = today.year, (today.month - 1) // 3
    ends = []
    for _step in range(count):
        if quarter == 0:
            year, quarter = year - 1, 4
        ends.append(date(year + quarter // 4, quarter * 3 % 12 + 1, 1) - timedelta(days=1))
        quarter -= 1
    return [*reversed(ends), today]


HISTORY_WIDTH, HISTORY_HEIGHT, HISTORY_LEFT, HISTORY_BOTTOM = 720, 200, 36, 24
HISTORY_RIGHT = 44  # room for the last date under the axis


def history_chart(
    keys, *, today: date, colleges: list[dict], definitions, lines: int = 5, scored_today=None
) -> dict:
    """The mean score over time, overall and for up to ``lines`` colleges, as SVG polylines.
    ``scored_today``: today's scores when the caller has them already (they are the last point)."""
    days = quarter_ends(today, HISTORY_QUARTERS)
    college_ids = np.array([college for _, college, _, _ in keys])
    shown = [row["college"] for row in colleges[:lines]]
    series = {"all": []} | {college.pk: [] for college in shown}
    for day in days:
        scored = scored_today if day == today and scored_today is not None else None
        scores = (scored or score(keys, as_of=day, definitions=definitions)).scores
        series["all"].append(float(scores.mean()))
        means = group_means(scores, college_ids)
        for college in shown:
            series[college.pk].append(float(means[college.pk]))
    step = (HISTORY_WIDTH - HISTORY_LEFT - HISTORY_RIGHT) / max(len(days) - 1, 1)
    plot = HISTORY_HEIGHT - HISTORY_BOTTOM - 10

    def points(values):
        return " ".join(
            f"{HISTORY_LEFT + i * step:.1f},{10 + plot * (1 - value / 100):.1f}"
            for i, value in enumerate(values)
        )

    names = {"all": _("All partnerships")} | {college.pk: str(college) for college in shown}
    return {
        "width": HISTORY_WIDTH,
        "height": HISTORY_HEIGHT,
        "left": HISTORY_LEFT,
        "baseline": 10 + plot,
        "lines": [
            {
                "name": names[key],
                "points": points(values),
                "colour": "#1d2433" if key == "all" else COLOURS[n % len(COLOURS)],
                "last": round(values[-1], 1),
            }
            for n, (key, values) in enumerate(series.items())
        ],
        "ticks": [
            {"x": round(HISTORY_LEFT + i * step, 1), "label": day.isoformat()}
            for i, day in enumerate(days)
            if i % 2 == 0 or i == len(days) - 1
        ],
    }


def partnership_depth(user, partnership, *, today: date) -> dict:
    """One partnership's score, component by component, and its history."""
    keys = _keys(_partnerships(user).filter(pk=partnership.pk))
    if not keys:
        raise ServiceError(_("You do not see this partnership's governance."), code="not_found")
    definitions = _definitions(keys)
    scored = score(keys, as_of=today, definitions=definitions)
    definition = definitions[keys[0][3]]
    total = sum(definition.weights)
    components = [
        {
            "component": component,
            "evidence": float(scored.evidence[0, i]),
            "target": definition.targets[i],
            "attainment": float(scored.attainment[0, i]),
            "weight": definition.weights[i],
            "share": 100 * definition.weights[i] / total,
            "points": float(scored.contributions[0, i]),
            "colour": COLOURS[i % len(COLOURS)],
        }
        for i, component in enumerate(COMPONENTS)
    ]
    return {
        "partnership": partnership,
        "score": float(scored.scores[0]),
        "components": components,
        "segments": _segments(scored.contributions[0]),
        "history": history_chart(keys, today=today, colleges=[], definitions=definitions, lines=0),
    }


def inclusion(college_ids, *, as_of: date) -> list[dict]:
    """Placement and completion rates for all learners and for each group inclusion is
    measured for."""
    names = {"all": _("All learners")} | {code: str(label) for code, label in GROUP_NAMES.items()}
    rows = []
    for row in placement_rates_by_group(learners_of(college_ids), as_of=as_of):
        learners = row["learners"]
        rows.append(
            {
                "group": names[row["group"]],
                "learners": learners,
                "placed": row["placed"],
                "placed_rate": row["placed"] / learners if learners else None,
                "completed_rate": row["completed"] / learners if learners else None,
                "remote": row["remote"],
            }
        )
    return rows
