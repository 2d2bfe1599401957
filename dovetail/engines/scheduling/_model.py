"""The scheduling problem, a plan, its objective, and diagnoses in words."""

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

# Objective weights: an unmet hour outweighs any amount of peak-week practice or travel.
UNMET_HOUR = 100
PEAK_WEEK = 10


@dataclass(frozen=True)
class Pattern:
    """How a learner's practice is laid out over the year, in weeks.

    Attributes
    ----------
    hours_per_week : int
        Hours credited for one practice week (40 for whole weeks; 8 for "4+1 days").
    block_weeks : int
        0: any weeks. n > 0: practice comes in blocks of exactly n weeks ("5+1 months": 4).
    min_gap : int
        Weeks of school between two blocks.
    single_block : bool
        All practice in one concentrated block ("2+1", "2.5+0.5", a slack-period block).
    """

    hours_per_week: int = 40
    block_weeks: int = 0
    min_gap: int = 0
    single_block: bool = False


@dataclass(frozen=True)
class SchedulingProblem:
    """Learners placed at enterprises, over ``n_weeks`` weeks.

    Attributes
    ----------
    learner_enterprise : ndarray of shape (n_learners,)
        The enterprise each learner is placed with (plans are solved per enterprise).
    learner_zone : ndarray of shape (n_learners,)
        The zone (capacity pool) each learner practises in.
    learner_mentor : ndarray of shape (n_learners,)
        The mentor each learner is assigned, or -1.
    learner_pattern : ndarray of shape (n_learners,)
        Index into ``patterns``.
    required_hours : ndarray of shape (n_learners,)
    blocked : ndarray of shape (n_learners, n_weeks), bool
        Hard: exam weeks, holidays and the learner's other commitments.
    travel_cost : ndarray of shape (n_learners,)
        Cost of one trip to the enterprise (each block is one trip).
    zone_capacity : ndarray of shape (n_zones, n_weeks)
        Learner-days a zone can host each week (0 while closed): a whole practice week takes
        5, one day a week takes 1.
    peak : ndarray of shape (n_zones, n_weeks), bool
        The enterprise's peak weeks for that zone (practice there is penalised).
    mentor_capacity : ndarray of shape (n_mentors,)
        Learner-days a mentor can supervise in one week.
    """

    learner_enterprise: np.ndarray
    learner_zone: np.ndarray
    learner_mentor: np.ndarray
    learner_pattern: np.ndarray
    required_hours: np.ndarray
    blocked: np.ndarray
    travel_cost: np.ndarray
    zone_capacity: np.ndarray
    peak: np.ndarray
    mentor_capacity: np.ndarray
    patterns: tuple[Pattern, ...] = field(default=(Pattern(),))

    @cached_property
    def days_per_week(self) -> np.ndarray:
        hours = np.array([self.patterns[p].hours_per_week for p in self.learner_pattern])
        return np.clip(-(-hours // 8), 1, 5)

    @property
    def n_learners(self) -> int:
        return len(self.learner_enterprise)

    @property
    def n_weeks(self) -> int:
        return self.blocked.shape[1]

    def validate(self) -> None:
        n, weeks = self.n_learners, self.n_weeks
        for name in (
            "learner_zone",
            "learner_mentor",
            "learner_pattern",
            "required_hours",
            "travel_cost",
        ):
            if getattr(self, name).shape != (n,):
                raise ValueError(f"{name} needs one value per learner")
        if self.blocked.shape != (n, weeks):
            raise ValueError("blocked needs one row of weeks per learner")
        if self.zone_capacity.shape != self.peak.shape or self.zone_capacity.shape[1] != weeks:
            raise ValueError("zone_capacity and peak need one row of weeks per zone")
        if n and (
            self.learner_pattern.max() >= len(self.patterns) or self.learner_pattern.min() < 0
        ):
            raise ValueError("a learner's pattern does not exist")
        if n and self.learner_zone.max() >= len(self.zone_capacity):
            raise ValueError("a learner's zone does not exist")
        if n and self.learner_mentor.max() >= len(self.mentor_capacity):
            raise ValueError("a learner's mentor does not exist")
        if any(pattern.block_weeks and pattern.min_gap < 1 for pattern in self.patterns):
            raise ValueError("blocks need at least one week between them")
        if np.any(self.required_hours < 0) or np.any(self.zone_capacity < 0):
            raise ValueError("hours and capacities cannot be negative")


@dataclass(frozen=True)
class Plan:
    """Practice weeks per learner, with the objective's parts."""

    weeks: np.ndarray  # (n_learners, n_weeks) bool
    unmet_hours: np.ndarray  # (n_learners,)
    objective: int
    status: str  # "optimal", "feasible" (time limit) or "greedy"


def weeks_needed(pattern: Pattern, hours: int) -> int:
    """Practice weeks that cover ``hours`` (whole blocks for block patterns)."""
    weeks = -(-int(hours) // pattern.hours_per_week)
    if pattern.block_weeks:
        return -(-weeks // pattern.block_weeks) * pattern.block_weeks
    return weeks


def hostable_weeks(problem: "SchedulingProblem", learner: int) -> np.ndarray:
    """Weeks the learner could practise if alone: not blocked, and the zone and mentor can
    take their days."""
    days = days_per_week(problem)[learner]
    free = ~problem.blocked[learner] & (
        problem.zone_capacity[problem.learner_zone[learner]] >= days
    )
    mentor = problem.learner_mentor[learner]
    if mentor >= 0 and problem.mentor_capacity[mentor] < days:
        free[:] = False
    return free


def block_length(problem: "SchedulingProblem", learner: int) -> int:
    """A concentrated block's length: the weeks needed, or the longest run the calendars allow.

    A concentrated block is never cut shorter than that to fit around other learners: a learner
    who does not fit is left unplaced (and reported), not given a fragment of a block.
    """
    pattern = problem.patterns[problem.learner_pattern[learner]]
    free = hostable_weeks(problem, learner)
    padded = np.concatenate(([False], free, [False])).astype(int)
    edges = np.diff(padded)
    longest = int((np.nonzero(edges == -1)[0] - np.nonzero(edges == 1)[0]).max(initial=0))
    return min(weeks_needed(pattern, problem.required_hours[learner]), longest)


def days_per_week(problem: "SchedulingProblem") -> np.ndarray:
    """Days on site in one practice week, per learner (8 hours a day, at most 5)."""
    return problem.days_per_week


def in_blocks(problem: "SchedulingProblem") -> np.ndarray:
    """Per learner: does their practice come in blocks (rather than week by week)?"""
    return np.array(
        [
            problem.patterns[p].single_block or problem.patterns[p].block_weeks > 0
            for p in problem.learner_pattern
        ],
        dtype=bool,
    )


def trips_per_learner(problem: "SchedulingProblem", weeks: np.ndarray) -> np.ndarray:
    """One trip per block for block patterns; one per practice week for distributed practice."""
    starts = (weeks & ~np.pad(weeks, ((0, 0), (1, 0)))[:, :-1]).sum(axis=1)
    return np.where(in_blocks(problem), starts, weeks.sum(axis=1))


def objective_of(problem: SchedulingProblem, weeks: np.ndarray) -> tuple[int, np.ndarray]:
    """The stated objective of a plan: unmet hours, peak-week practice, trips; and unmet hours."""
    hours = np.array([problem.patterns[p].hours_per_week for p in problem.learner_pattern])
    unmet = np.maximum(problem.required_hours - weeks.sum(axis=1) * hours, 0)
    peak_weeks = (weeks & problem.peak[problem.learner_zone]).sum()
    trips = int((trips_per_learner(problem, weeks) * problem.travel_cost).sum())
    return int(UNMET_HOUR * unmet.sum() + PEAK_WEEK * peak_weeks + trips), unmet


def diagnose(
    problem: SchedulingProblem, plan: Plan, *, learner_names=None, zone_names=None
) -> list[str]:
    """Why hours stay unmet, in words a coordinator understands.

    ``learner_names`` and ``zone_names`` (one string per index) name them; by default they are
    called "learner 3" and "zone 1".
    """
    learner_names = learner_names or [f"learner {i}" for i in range(problem.n_learners)]
    zone_names = zone_names or [f"zone {i}" for i in range(len(problem.zone_capacity))]
    reasons = []
    hours = np.array([problem.patterns[p].hours_per_week for p in problem.learner_pattern])
    free = (~problem.blocked).sum(axis=1)
    for learner in np.nonzero(plan.unmet_hours > 0)[0]:
        pattern = problem.patterns[problem.learner_pattern[learner]]
        needed = weeks_needed(pattern, problem.required_hours[learner])
        if needed > free[learner]:
            reasons.append(
                f"{learner_names[learner]} needs {needed} practice weeks but only "
                f"{free[learner]} weeks are free of exams, holidays and other commitments"
            )
    for zone in np.unique(problem.learner_zone[plan.unmet_hours > 0]):
        members = problem.learner_zone == zone
        days = days_per_week(problem)[members]
        demand = int((np.ceil(problem.required_hours[members] / hours[members]) * days).sum())
        supply = int(problem.zone_capacity[zone].sum())
        if demand > supply:
            reasons.append(
                f"{zone_names[zone]} can host {supply} learner-days this year, "
                f"but its learners need {demand}"
            )
    if not reasons and plan.unmet_hours.sum():
        reasons.append(
            "capacity is taken in the weeks these learners are free: the calendars of the "
            "college and the enterprise leave too few shared weeks"
        )
    return reasons


def violating_learners(problem: SchedulingProblem, weeks: np.ndarray) -> np.ndarray:
    """Learners whose planned weeks break a hard constraint: a blocked week, their pattern,
    more weeks than they need, or a zone or mentor over capacity in one of their weeks."""
    days = days_per_week(problem)
    bad = (weeks & problem.blocked).any(axis=1)
    most = np.array(
        [
            weeks_needed(problem.patterns[p], h)
            for p, h in zip(problem.learner_pattern, problem.required_hours, strict=True)
        ]
    )
    bad |= weeks.sum(axis=1) > most
    for learner in np.nonzero(weeks.any(axis=1) & in_blocks(problem))[0]:
        pattern = problem.patterns[problem.learner_pattern[learner]]
        length = block_length(problem, learner) if pattern.single_block else pattern.block_weeks
        bad[learner] |= not _fits_pattern(weeks[learner], pattern, length)
    load = np.zeros(problem.zone_capacity.shape, dtype=np.int64)
    np.add.at(load, problem.learner_zone, weeks * days[:, None])
    over = load > problem.zone_capacity
    bad |= (weeks & over[problem.learner_zone]).any(axis=1)
    mentored = problem.learner_mentor >= 0
    if mentored.any():
        load = np.zeros((len(problem.mentor_capacity), problem.n_weeks), dtype=np.int64)
        np.add.at(load, problem.learner_mentor[mentored], weeks[mentored] * days[mentored, None])
        over = load > problem.mentor_capacity[:, None]
        bad[mentored] |= (weeks[mentored] & over[problem.learner_mentor[mentored]]).any(axis=1)
    return np.nonzero(bad)[0]


def _fits_pattern(row: np.ndarray, pattern: Pattern, length: int) -> bool:
    """Blocks of exactly ``length`` weeks (a concentrated block is never a fragment), apart by
    the pattern's gap; one block at most when the pattern is a single block."""
    padded = np.concatenate(([False], row, [False]))
    edges = np.diff(padded.astype(int))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    if pattern.single_block and len(starts) > 1:
        return False
    lengths_ok = all(end - start == length for start, end in zip(starts, ends, strict=True))
    gaps_ok = all(
        b - a >= pattern.block_weeks + pattern.min_gap
        for a, b in zip(starts, starts[1:], strict=False)
    )
    return lengths_ok and gaps_ok
