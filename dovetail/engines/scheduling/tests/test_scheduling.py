"""Practice plans: hand-computed cases, validity properties, optimality and minimal repair by
brute force, and the greedy baseline never beating the solver."""

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dovetail.engines.scheduling import (
    Pattern,
    SchedulingProblem,
    diagnose,
    first_fit,
    objective_of,
    repair,
    solve,
    violating_learners,
)

WHOLE_WEEKS = Pattern(hours_per_week=40)
ONE_BLOCK = Pattern(hours_per_week=40, single_block=True)
TWO_WEEK_BLOCKS = Pattern(hours_per_week=40, block_weeks=2, min_gap=1)
ONE_DAY = Pattern(hours_per_week=8)
PATTERNS = (WHOLE_WEEKS, ONE_BLOCK, TWO_WEEK_BLOCKS, ONE_DAY)


def problem_of(
    *,
    weeks=6,
    patterns=(1,),
    hours=(80,),
    blocked=None,
    capacity=None,
    peak=None,
    travel=None,
    zones=None,
    mentors=None,
    mentor_capacity=(50,),
):
    n = len(patterns)
    zones = np.zeros(n, dtype=int) if zones is None else np.asarray(zones)
    n_zones = int(zones.max()) + 1
    return SchedulingProblem(
        learner_enterprise=np.zeros(n, dtype=int),
        learner_zone=zones,
        learner_mentor=np.zeros(n, dtype=int) if mentors is None else np.asarray(mentors),
        learner_pattern=np.asarray(patterns),
        required_hours=np.asarray(hours),
        blocked=np.zeros((n, weeks), dtype=bool)
        if blocked is None
        else np.asarray(blocked, dtype=bool),
        travel_cost=np.zeros(n, dtype=int) if travel is None else np.asarray(travel),
        zone_capacity=np.full((n_zones, weeks), 50) if capacity is None else np.asarray(capacity),
        peak=np.zeros((n_zones, weeks), dtype=bool)
        if peak is None
        else np.asarray(peak, dtype=bool),
        mentor_capacity=np.asarray(mentor_capacity),
        patterns=PATTERNS,
    )


def test_block_avoids_exam_weeks_and_the_peak_season():
    # two weeks needed in one block; week 1 is an exam week; weeks 2-3 are the enterprise's peak
    problem = problem_of(blocked=[[0, 1, 0, 0, 0, 0]], peak=[[0, 0, 1, 1, 0, 0]])
    plan = solve(problem)
    assert plan.status == "optimal"
    assert np.nonzero(plan.weeks[0])[0].tolist() == [4, 5]


def test_capacity_shares_weeks_between_learners():
    # two learners each need 3 whole weeks; the zone hosts one learner (5 days) a week
    problem = problem_of(patterns=(0, 0), hours=(120, 120), capacity=[[5] * 6])
    plan = solve(problem)
    assert plan.weeks.sum(axis=1).tolist() == [3, 3]
    assert not (plan.weeks[0] & plan.weeks[1]).any()


def test_a_one_day_pattern_leaves_room_for_others():
    # one day a week takes one learner-day; a whole-week learner takes five
    problem = problem_of(patterns=(3, 0), hours=(16, 80), weeks=2, capacity=[[6, 6]])
    plan = solve(problem)
    assert plan.unmet_hours.tolist() == [0, 0]


def test_far_learners_get_one_block_instead_of_many_trips():
    problem = problem_of(patterns=(0,), hours=(120,), weeks=8, travel=(50,))
    weeks = np.nonzero(solve(problem).weeks[0])[0]
    assert len(weeks) == 3  # distributed practice: every week is a trip, so no gain from blocks


def test_unmet_hours_are_explained_in_words():
    problem = problem_of(hours=(240,), blocked=[[1, 1, 1, 0, 0, 0]])
    plan = solve(problem)
    assert plan.unmet_hours[0] > 0
    assert any("needs 6 practice weeks but only 3 weeks" in r for r in diagnose(problem, plan))


def test_a_zone_too_small_is_named():
    problem = problem_of(patterns=(0, 0), hours=(240, 240), capacity=[[5] * 6])
    reasons = diagnose(problem, solve(problem))
    assert any("zone 0 can host 30 learner-days" in r for r in reasons)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="one row of weeks"):
        problem_of(blocked=[[0, 0]]).validate()
    with pytest.raises(ValueError, match="one week between"):
        broken = (Pattern(block_weeks=2, min_gap=0),) * 2
        replace(problem_of(), patterns=broken).validate()


# -- properties ----------------------------------------------------------------------


@st.composite
def problems(draw, max_learners=4, weeks=6):
    n = draw(st.integers(1, max_learners))
    patterns = [draw(st.integers(0, 3)) for _ in range(n)]
    hours = [PATTERNS[p].hours_per_week * draw(st.integers(1, 4)) for p in patterns]
    blocked = [
        [draw(st.booleans()) and draw(st.booleans()) for _ in range(weeks)] for _ in range(n)
    ]
    capacity = [[draw(st.integers(0, 8)) for _ in range(weeks)]]
    peak = [[draw(st.booleans()) for _ in range(weeks)]]
    travel = [draw(st.integers(0, 30)) for _ in range(n)]
    return problem_of(
        weeks=weeks,
        patterns=patterns,
        hours=hours,
        blocked=blocked,
        capacity=capacity,
        peak=peak,
        travel=travel,
        mentor_capacity=(draw(st.integers(1, 10)),),
    )


def all_plans(problem, fixed=None):
    """Every valid plan (brute force), optionally keeping some learners' rows fixed."""
    rows = [list(itertools.product((False, True), repeat=problem.n_weeks))] * problem.n_learners
    if fixed is not None:
        rows = [[tuple(fixed[i])] if fixed[i] is not None else rows[i] for i in range(len(rows))]
    for combo in itertools.product(*rows):
        weeks = np.array(combo, dtype=bool).reshape(problem.n_learners, problem.n_weeks)
        if not len(violating_learners(problem, weeks)):
            yield weeks


@settings(max_examples=40, deadline=None)
@given(problems())
def test_solver_plans_are_valid_and_never_worse_than_greedy(problem):
    plan = solve(problem)
    assert not len(violating_learners(problem, plan.weeks))
    assert plan.objective <= first_fit(problem).objective
    assert plan.objective == objective_of(problem, plan.weeks)[0]


@settings(max_examples=25, deadline=None)
@given(problems(max_learners=2, weeks=5))
def test_solver_is_optimal_against_brute_force(problem):
    plan = solve(problem, time_limit_s=5)
    best = min(objective_of(problem, weeks)[0] for weeks in all_plans(problem))
    assert plan.status == "optimal" and plan.objective == best


@settings(max_examples=25, deadline=None)
@given(problems(max_learners=2, weeks=5), st.data())
def test_repair_moves_the_fewest_learners(problem, data):
    before = solve(problem).weeks
    # the enterprise's plans change: capacity in some weeks is cut
    cut = problem.zone_capacity.copy()
    for w in data.draw(st.sets(st.integers(0, problem.n_weeks - 1), max_size=3)):
        cut[0, w] = data.draw(st.integers(0, int(cut[0, w])))
    changed = replace(problem, zone_capacity=cut)
    plan, moved = repair(changed, before, time_limit_s=5)
    assert not len(violating_learners(changed, plan.weeks))
    fewest = min(int((weeks != before).any(axis=1).sum()) for weeks in all_plans(changed))
    assert int(moved.sum()) == fewest


def test_repair_leaves_unaffected_enterprises_alone():
    problem = problem_of(patterns=(0, 0), hours=(80, 80), zones=(0, 1), weeks=4)
    problem = replace(problem, learner_enterprise=np.array([0, 1]))
    before = solve(problem).weeks
    cut = problem.zone_capacity.copy()
    cut[0, :] = 0
    changed = replace(problem, zone_capacity=cut)
    plan, moved = repair(changed, before)
    assert moved.tolist() == [True, False]
    assert (plan.weeks[1] == before[1]).all()


def test_repair_moves_only_the_learner_in_the_closed_week():
    # three learners share a zone hosting two a week; week 2 closes, which only learner 0 used
    problem = problem_of(
        patterns=(0, 0, 0), hours=(40, 40, 40), weeks=4, capacity=[[10, 10, 10, 10]]
    )
    before = np.array([[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]], dtype=bool)
    cut = problem.zone_capacity.copy()
    cut[0, 2] = 0
    changed = replace(problem, zone_capacity=cut)
    plan, moved = repair(changed, before)
    assert moved.tolist() == [True, False, False]
    assert plan.weeks[0].sum() == 1 and not plan.weeks[0, 2]


def test_two_processes_give_the_same_optimal_plan_cost():
    rows = 6
    problem = problem_of(
        patterns=(0, 1, 2, 3) * 2, hours=(80, 80, 80, 16) * 2, weeks=rows, travel=(5,) * 8
    )
    problem = replace(problem, learner_enterprise=np.array([0, 0, 0, 0, 1, 1, 1, 1]))
    alone, together = solve(problem), solve(problem, workers=2)
    assert alone.status == together.status == "optimal"
    assert alone.objective == together.objective


def test_repair_keeps_the_weeks_the_change_does_not_touch():
    # one learner practises weeks 0–3; weeks 2–3 close. Weeks 0–1 are peak season, so a fresh
    # plan would avoid them, but a repair keeps them and moves only the two closed weeks.
    problem = problem_of(patterns=(0,), hours=(160,), weeks=8, peak=[[1, 1, 0, 0, 0, 0, 0, 0]])
    before = np.array([[1, 1, 1, 1, 0, 0, 0, 0]], dtype=bool)
    cut = problem.zone_capacity.copy()
    cut[0, 2:4] = 0
    changed = replace(problem, zone_capacity=cut)
    plan, moved = repair(changed, before)
    assert moved.tolist() == [True]
    assert plan.weeks[0, :2].all() and not plan.weeks[0, 2:4].any()
    assert plan.weeks[0].sum() == 4 and plan.unmet_hours.sum() == 0


def test_a_repaired_block_moves_no_further_than_it_must():
    # a four-week block at weeks 0–3; week 1 closes. The block must leave week 1, and the
    # nearest place for it is weeks 2–5, not a cheaper later one.
    problem = problem_of(patterns=(1,), hours=(160,), weeks=10, travel=(0,))
    before = np.zeros((1, 10), dtype=bool)
    before[0, :4] = True
    cut = problem.zone_capacity.copy()
    cut[0, 1] = 0
    plan, _ = repair(replace(problem, zone_capacity=cut), before)
    assert np.nonzero(plan.weeks[0])[0].tolist() == [2, 3, 4, 5]
