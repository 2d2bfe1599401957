"""The gap engine measures structure, quality, level, quantity and lag."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dovetail.engines.skills.gaps import DemandItem, Graduates, SupplyItem, gap_report

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))


def advert(n, skill, posted, **kw):
    return DemandItem(
        demand_id=n, skill=skill, group=kw.pop("group", "making"), posted=posted, **kw
    )


def test_every_dimension_of_one_small_region():
    demand = [
        advert(1, 10, date(2026, 1, 10), proficiency=4, level=5, occupation=7, headcount=3),
        advert(2, 10, date(2026, 3, 5), proficiency=4, level=5, occupation=7, headcount=2),
        advert(2, 11, date(2026, 3, 5), proficiency=2, level=5, occupation=7, headcount=2),
        advert(3, 11, date(2026, 4, 1), group="making", proficiency=3, level=4),
        advert(9, 12, date(2025, 12, 1)),  # before the period: left out
    ]
    supply = [
        SupplyItem(
            outcome_id=100,
            programme=1,
            skill=10,
            group="making",
            since=date(2026, 5, 1),
            proficiency=3,
            level=4,
        ),
    ]
    report = gap_report(
        demand,
        supply,
        period=PERIOD,
        assessed={10: 3.5},
        graduates=[Graduates(programme=1, occupation=7, graduates=2)],
    )
    by_skill = {g.skill: g for g in report.skills}
    assert set(by_skill) == {10, 11}
    welding, drawing = by_skill[10], by_skill[11]
    # structure
    assert welding.covered and welding.programmes == [1] and not drawing.covered
    # quality: demanded 4 against the best of taught 3 and assessed 3.5
    assert welding.quality_gap == 0.5
    # level: EQF 5 asked, the programme offers 4
    assert welding.level_gap == 1.0
    # lag: demand rose in January, taught from May
    assert (
        welding.rise == date(2026, 1, 10)
        and welding.lag_days == (date(2026, 5, 1) - date(2026, 1, 10)).days
    )
    assert drawing.lag_open and drawing.lag_days == (PERIOD[1] - date(2026, 3, 5)).days
    # quantity: 3 + 2 demanded for occupation 7, 2 graduates planned
    [occupation] = report.occupations
    assert (occupation.demanded, occupation.graduates, occupation.gap) == (5, 2, 3)
    # pictures
    assert report.heat == {"making": {1: 0.5}}
    assert report.trends["making"] == [1, 0, 1, 1, 0, 0]
    assert report.summary["coverage"] == 0.5 and report.summary["skills_uncovered"] == 1
    assert welding.demand_ids == [2, 1] and welding.outcome_ids == [100]


def test_a_one_off_early_request_does_not_date_the_rise():
    demand = [advert(1, 5, date(2026, 1, 3))] + [
        advert(n, 5, date(2026, 4, n)) for n in range(2, 10)
    ]
    [gap] = gap_report(demand, [], period=PERIOD).skills
    assert gap.rise == date(2026, 4, 2)


def test_curriculum_ahead_of_demand_has_negative_lag():
    supply = [SupplyItem(1, 1, 5, "g", since=date(2025, 9, 1))]
    [gap] = gap_report([advert(1, 5, date(2026, 2, 1))], supply, period=PERIOD).skills
    assert gap.lag_days < 0 and not gap.lag_open


items = st.builds(
    DemandItem,
    demand_id=st.integers(1, 30),
    skill=st.integers(1, 8),
    group=st.sampled_from(["a", "b"]),
    posted=st.dates(date(2026, 1, 1), date(2026, 6, 30)),
    headcount=st.integers(1, 5),
    proficiency=st.none() | st.integers(1, 5),
    level=st.none() | st.integers(1, 8),
)
offers = st.builds(
    SupplyItem,
    outcome_id=st.integers(1, 30),
    programme=st.integers(1, 3),
    skill=st.integers(1, 8),
    group=st.sampled_from(["a", "b"]),
    since=st.dates(date(2024, 1, 1), date(2026, 6, 30)),
    proficiency=st.integers(1, 5),
    level=st.integers(3, 6),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(items, max_size=40), st.lists(offers, max_size=20))
def test_coverage_shares_stay_between_zero_and_one_and_every_demanded_skill_is_reported(
    demand, supply
):
    report = gap_report(demand, supply, period=PERIOD)
    assert {g.skill for g in report.skills} == {d.skill for d in demand}
    for row in report.heat.values():
        assert all(0.0 <= share <= 1.0 for share in row.values())
    for gap in report.skills:
        assert gap.covered == bool(gap.programmes)
        assert gap.lag_open == (gap.first_covered is None)
    for group, counts in report.trends.items():
        assert len(counts) == len(report.months) == 6
        assert sum(counts) == len({d.demand_id for d in demand if d.group == group})
