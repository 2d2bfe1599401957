"""Benchmark: CP-SAT practice plans against greedy first-fit, and least-disruption repair.

10,000 learners placed at 500 enterprises over a 40-week year (exam weeks and a holiday blocked),
in three patterns: one concentrated block of 8 weeks, 4-week blocks with 8 weeks between them
("5+1"-style), and one day a week. Each enterprise hosts about three quarters of its learners at
once, half that in its 8-week peak season, and each mentor (up to five learners) takes ten
learner-days a week, so mentor capacity binds: the run shows the optimum with mentors unlimited.
Then 5% of the enterprises change their plans (a zone closes for four weeks) and the plan is
repaired.

    python benchmarks/scheduling.py            # 10,000 learners
    python benchmarks/scheduling.py --quick    # 1,000 learners, under a minute

The last line is JSON: learners, solve_s, objective, greedy_objective, repair_s, moved, affected,
mentor_binds.
"""

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dovetail.engines.scheduling import (  # noqa: E402
    Pattern,
    SchedulingProblem,
    first_fit,
    repair,
    solve,
    violating_learners,
)

WEEKS = 40
LEARNERS_PER_MENTOR = 5
MENTOR_DAYS = 10  # learner-days a mentor can take in a week
PATTERNS = (
    Pattern(hours_per_week=40, single_block=True),
    Pattern(hours_per_week=40, block_weeks=4, min_gap=8),
    Pattern(hours_per_week=8),
)


def generate(n_learners: int, n_enterprises: int, *, seed: int) -> SchedulingProblem:
    rng = np.random.default_rng(seed)
    per = n_learners // n_enterprises
    enterprise = np.repeat(np.arange(n_enterprises), per)
    pattern = rng.choice(len(PATTERNS), len(enterprise), p=[0.4, 0.3, 0.3])
    hours = np.where(pattern == 2, 160, 320)
    blocked = np.zeros((len(enterprise), WEEKS), dtype=bool)
    blocked[:, [9, 19, 29, 39]] = True  # exam weeks
    blocked[:, 20:22] = True  # winter holiday
    capacity = np.full((n_enterprises, WEEKS), per * 5 * 3 // 4)  # learner-days a week
    # Five learners to a mentor, who takes ten learner-days a week: two full-time learners, or
    # one and five single days. This binds, so the order learners are placed in matters.
    mentors_each = max(1, per // LEARNERS_PER_MENTOR)
    mentor = enterprise * mentors_each + np.tile(np.arange(per) % mentors_each, n_enterprises)
    peak = np.zeros((n_enterprises, WEEKS), dtype=bool)
    for e in range(n_enterprises):
        start = rng.integers(0, WEEKS - 8)
        peak[e, start : start + 8] = True
        capacity[e, start : start + 8] //= 2
    return SchedulingProblem(
        learner_enterprise=enterprise,
        learner_zone=enterprise.copy(),
        learner_mentor=mentor,
        learner_pattern=pattern,
        required_hours=hours,
        blocked=blocked,
        travel_cost=rng.integers(0, 60, len(enterprise)),
        zone_capacity=capacity,
        peak=peak,
        mentor_capacity=np.full(n_enterprises * mentors_each, MENTOR_DAYS),
        patterns=PATTERNS,
    )


def change_plans(
    problem: SchedulingProblem, *, seed: int, share: float = 0.05
) -> SchedulingProblem:
    """A zone closes for four weeks at 5% of the enterprises (a project moved, a line retooled)."""
    rng = np.random.default_rng(seed + 1)
    n_zones = len(problem.zone_capacity)
    closed = rng.choice(n_zones, size=max(1, int(share * n_zones)), replace=False)
    capacity = problem.zone_capacity.copy()
    for zone in closed:
        start = rng.integers(0, WEEKS - 4)
        capacity[zone, start : start + 4] = 0
    return replace(problem, zone_capacity=capacity)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 learners at 50 enterprises")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    learners, enterprises = (1_000, 50) if args.quick else (10_000, 500)
    problem = generate(learners, enterprises, seed=args.seed)

    started = time.perf_counter()
    greedy = first_fit(problem)
    greedy_s = time.perf_counter() - started
    started = time.perf_counter()
    plan = solve(problem, time_limit_s=1.0, seed=args.seed, workers=os.cpu_count() or 1)
    solve_s = time.perf_counter() - started
    assert not len(violating_learners(problem, plan.weeks))

    changed = change_plans(problem, seed=args.seed)
    affected = len(violating_learners(changed, plan.weeks))
    started = time.perf_counter()
    repaired, moved = repair(
        changed, plan.weeks, time_limit_s=1.0, seed=args.seed, workers=os.cpu_count() or 1
    )
    repair_s = time.perf_counter() - started
    assert not len(violating_learners(changed, repaired.weeks))

    print(f"{learners:,} learners at {enterprises} enterprises, {WEEKS} weeks")
    print(f"{'':22}{'seconds':>10}{'objective':>12}{'unmet hours':>13}")
    for label, seconds, result in (
        ("greedy first-fit", greedy_s, greedy),
        (f"CP-SAT ({plan.status})", solve_s, plan),
    ):
        unmet = int(result.unmet_hours.sum())
        print(f"{label:22}{seconds:>10.2f}{result.objective:>12,}{unmet:>13,}")
    # the same instance with mentors unlimited: if its optimum is lower, mentor capacity binds
    unlimited = replace(problem, mentor_capacity=np.full_like(problem.mentor_capacity, 10**6))
    relaxed = solve(unlimited, time_limit_s=1.0, seed=args.seed, workers=os.cpu_count() or 1)
    mentor_binds = relaxed.objective < plan.objective
    print(
        f"with mentors unlimited, CP-SAT's objective would be {relaxed.objective:,}: mentor "
        f"capacity {'binds' if mentor_binds else 'does not bind'}"
    )
    print(
        f"repair after 5% of enterprises changed: {repair_s:.2f} s, {int(moved.sum())} learners "
        f"moved of {affected} whose weeks broke a new constraint"
    )
    print(
        json.dumps(
            {
                "learners": learners,
                "solve_s": round(solve_s, 2),
                "objective": int(plan.objective),
                "greedy_objective": int(greedy.objective),
                "repair_s": round(repair_s, 2),
                "moved": int(moved.sum()),
                "affected": int(affected),
                "mentor_binds": bool(mentor_binds),
            }
        )
    )


if __name__ == "__main__":
    main()
