"""The depth index reads evidence from every app: settling a conflict into a rule, keeping a
commitment on time and delivering exchange hours raise a partnership's score; the region's
weights change it; officers compare partnerships, learners see none."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dovetail.core.errors import ServiceError
from dovetail.core.models import Region
from dovetail.curriculum.models import LearningOutcome, Module, OutcomeSkill
from dovetail.evaluation import services
from dovetail.partnerships import conflicts, exchanges, ledger
from dovetail.partnerships.tests.helpers import appoint_industry_professor, promise
from dovetail.skills.models import Demand, DemandSkill, Skill

pytestmark = pytest.mark.django_db


def scores_by_partnership(user, today):
    report = services.depth_report(user, today=today)
    return {row["partnership"].pk: row["score"] for row in report["rows"]}


def test_governance_evidence_raises_the_score(persona, partnership, agreement, today):
    before = scores_by_partnership(persona("officer"), today)[partnership.pk]
    case = conflicts.raise_conflict(
        partnership,
        by=persona("coordinator"),
        title="Peak season",
        trigger="schedule_clash",
        description="d",
        dimensions=["temporal_horizon"],
        raised_on=today,
    )
    conflicts.settle(
        case, by=persona("hr"), outcome="marginal_adjustment", settlement="s", on=today
    )
    promised = promise(persona, partnership, agreement, quantity=Decimal(50), due_on=today)
    ledger.record_fulfilment(promised, by=persona("hr"), quantity=Decimal(50), delivered_on=today)
    appointment = appoint_industry_professor(persona, partnership, today)
    exchanges.record_output(
        appointment,
        by=persona("pm"),
        kind="course_taught",
        title="PLC",
        hours=Decimal(30),
        delivered_on=today,
    )
    detail = services.partnership_depth(persona("officer"), partnership, today=today)
    points = {row["component"].code: row["points"] for row in detail["components"]}
    assert points["conflicts_embedded"] > 0
    assert points["commitments_on_time"] > 0 and points["mentor_hours"] > 0
    assert points["exchange_hours"] > 0
    assert detail["score"] > before
    assert sum(points.values()) == pytest.approx(detail["score"])


def test_the_regions_weights_change_the_scores(persona, partnership, today):
    region = partnership.college.region
    weights = {code: 0.0 for code in services.CODES} | {"placements_held": 1.0}
    targets = {c.code: c.target for c in services.COMPONENTS} | {"placements_held": 1.0}
    services.update_formula(region, by=persona("officer"), weights=weights, targets=targets)
    detail = services.partnership_depth(persona("coordinator"), partnership, today=today)
    held = next(row for row in detail["components"] if row["component"].code == "placements_held")
    assert detail["score"] == (100.0 if held["evidence"] >= 1 else 0.0)
    assert [row["share"] for row in services.formula(region)].count(100.0) == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"weight_mentor_hours": -1}, "weight_mentor_hours"),
        ({"target_mentor_hours": 0}, "target_mentor_hours"),
    ],
)
def test_a_bad_weight_is_refused_naming_it(persona, partnership, change, field):
    weights = {c.code: c.weight for c in services.COMPONENTS}
    targets = {c.code: c.target for c in services.COMPONENTS}
    for name, value in change.items():
        kind, code = name.split("_", 1)
        (weights if kind == "weight" else targets)[code] = value
    with pytest.raises(ServiceError) as error:
        services.update_formula(
            partnership.college.region, by=persona("officer"), weights=weights, targets=targets
        )
    assert error.value.field == field


def test_only_the_regions_officers_set_its_weights(persona, partnership):
    weights = {c.code: c.weight for c in services.COMPONENTS}
    targets = {c.code: c.target for c in services.COMPONENTS}
    with pytest.raises(PermissionDenied):
        services.update_formula(
            partnership.college.region, by=persona("coordinator"), weights=weights, targets=targets
        )
    far = Region.objects.create(code="far", name="Far")
    with pytest.raises(PermissionDenied):
        services.update_formula(far, by=persona("officer"), weights=weights, targets=targets)


def test_learners_see_no_depth_and_officers_see_their_region(persona, today):
    assert services.depth_report(persona("learner"), today=today)["rows"] == []
    report = services.depth_report(persona("officer"), today=today)
    regions = {row["partnership"].college.region_id for row in report["rows"]}
    assert len(regions) == 1 and len(report["rows"]) > 1
    assert [row["group"] for row in report["inclusion"]][0] == "All learners"


def test_history_has_a_point_per_quarter_and_today(persona, partnership, today):
    detail = services.partnership_depth(persona("officer"), partnership, today=today)
    assert len(detail["history"]["ticks"]) >= services.HISTORY_QUARTERS // 2
    assert services.quarter_ends(date(2026, 12, 2), 3) == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 2),
    ]
    assert services.quarter_ends(date(2026, 2, 1), 1) == [date(2025, 12, 31), date(2026, 2, 1)]


def test_teaching_a_skill_after_the_enterprise_asked_for_it_counts_as_adopted(
    persona, partnership, today
):
    def adopted():
        detail = services.partnership_depth(persona("coordinator"), partnership, today=today)
        return next(
            row["evidence"]
            for row in detail["components"]
            if row["component"].code == "curriculum_adopted"
        )

    before = adopted()
    # two skills neither asked for by the enterprise nor taught by the college so far
    asked, early = (
        Skill.objects.exclude(kind=Skill.Kind.GROUP)
        .exclude(
            pk__in=DemandSkill.objects.filter(demand__enterprise=partnership.enterprise).values(
                "skill"
            )
        )
        .exclude(
            pk__in=OutcomeSkill.objects.filter(
                outcome__module__programme__college=partnership.college
            ).values("skill")
        )[:2]
    )
    demand = Demand.objects.create(
        enterprise=partnership.enterprise,
        title="Technician",
        text="x",
        posted_on=today - timedelta(days=100),
    )
    for skill in (asked, early):
        DemandSkill.objects.create(demand=demand, skill=skill, score=1.0)
    module = Module.objects.filter(programme__college=partnership.college).first()
    # taught after the enterprise asked: adopted; taught before it asked: not
    for skill, since in ((asked, today - timedelta(days=10)), (early, today - timedelta(days=900))):
        outcome = LearningOutcome.objects.create(module=module, text="y", since=since)
        OutcomeSkill.objects.create(outcome=outcome, skill=skill, score=1.0)
    assert adopted() - before == 1
