"""The greedy baseline: each learner in turn takes the earliest weeks that fit."""

import numpy as np

from dovetail.engines.scheduling._model import (
    Plan,
    SchedulingProblem,
    block_length,
    days_per_week,
    objective_of,
    weeks_needed,
)


def first_fit(problem: SchedulingProblem) -> Plan:
    """Plan learners one by one, earliest weeks first, respecting every hard constraint."""
    problem.validate()
    weeks = np.zeros((problem.n_learners, problem.n_weeks), dtype=bool)
    days = days_per_week(problem)
    zone_left = problem.zone_capacity.astype(np.int64).copy()
    mentor_left = np.tile(problem.mentor_capacity.astype(np.int64)[:, None], (1, problem.n_weeks))
    for learner in range(problem.n_learners):
        pattern = problem.patterns[problem.learner_pattern[learner]]
        zone, mentor = problem.learner_zone[learner], problem.learner_mentor[learner]
        free = ~problem.blocked[learner] & (zone_left[zone] >= days[learner])
        if mentor >= 0:
            free &= mentor_left[mentor] >= days[learner]
        need = weeks_needed(pattern, problem.required_hours[learner])
        if pattern.single_block:
            need = block_length(problem, learner)
        chosen = _earliest(free, need, pattern)
        weeks[learner, chosen] = True
        zone_left[zone, chosen] -= days[learner]
        if mentor >= 0:
            mentor_left[mentor, chosen] -= days[learner]
    objective, unmet = objective_of(problem, weeks)
    return Plan(weeks, unmet, objective, "greedy")


def _earliest(free: np.ndarray, need: int, pattern) -> list[int]:
    n_weeks = len(free)
    if pattern.single_block:  # the earliest window of the block's length, or nothing
        for start in range(n_weeks - need + 1):
            if need and free[start : start + need].all():
                return list(range(start, start + need))
        return []
    if pattern.block_weeks:
        chosen, start, length = [], 0, pattern.block_weeks
        while len(chosen) < need and start + length <= n_weeks:
            if free[start : start + length].all():
                chosen.extend(range(start, start + length))
                start += length + pattern.min_gap
            else:
                start += 1
        return chosen
    return list(np.nonzero(free)[0][:need])
