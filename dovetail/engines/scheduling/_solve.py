"""CP-SAT plans, one enterprise at a time, and least-disruption repair.

Practice blocks are optional interval variables whose start can only fall where the whole block
is free; zones and mentors are cumulative resources, with the weekly capacity profile made by
fixed "reserved" intervals. Distributed practice is one optional one-week interval per free week.
"""

from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import numpy as np
from ortools.sat.python import cp_model

from dovetail.engines.scheduling._greedy import first_fit
from dovetail.engines.scheduling._model import (
    PEAK_WEEK,
    UNMET_HOUR,
    Plan,
    SchedulingProblem,
    block_length,
    days_per_week,
    hostable_weeks,
    objective_of,
    violating_learners,
    weeks_needed,
)

# In a repair, what one week cell changed from the plan in force costs: more than a week's peak
# or travel cost, far less than a week of unmet hours.
CHANGED_WEEK = 50


def _run_length(row: np.ndarray, start: int) -> int:
    """How many practice weeks in a row begin at ``start``."""
    return int(np.argmin(np.append(row[start:], False)))


def _allowed_starts(free: np.ndarray, length: int) -> list[int]:
    return [s for s in range(len(free) - length + 1) if free[s : s + length].all()]


class _EnterpriseModel:
    """The CP-SAT model for the learners of one enterprise."""

    def __init__(self, problem: SchedulingProblem, learners: np.ndarray):
        self.problem = problem
        self.learners = learners
        self.model = cp_model.CpModel()
        self.blocks = {}  # learner -> [(presence, start var, length)]
        self.weekly = {}  # learner -> {week: presence}
        self.intervals = {}  # learner -> [(interval, demand)]
        self.cost_terms = []
        for learner in learners:
            self._learner(int(learner))
        self._resources()

    def _learner(self, learner):
        p, m = self.problem, self.model
        pattern = p.patterns[p.learner_pattern[learner]]
        free = hostable_weeks(p, learner)
        hours = int(p.required_hours[learner])
        need = weeks_needed(pattern, hours)
        peak = p.peak[p.learner_zone[learner]].astype(int) * PEAK_WEEK
        travel = int(p.travel_cost[learner])
        days = int(days_per_week(p)[learner])
        self.intervals[learner] = []
        unmet = m.new_int_var(0, hours, "")
        self.cost_terms.append(UNMET_HOUR * unmet)
        if not (pattern.single_block or pattern.block_weeks):
            x = {int(w): m.new_bool_var("") for w in np.nonzero(free)[0]}
            for w, present in x.items():
                self.intervals[learner].append(
                    (m.new_optional_fixed_size_interval_var(w, 1, present, ""), days)
                )
                self.cost_terms.append((int(peak[w]) + travel) * present)
            m.add(sum(x.values()) <= need)
            m.add(unmet >= hours - pattern.hours_per_week * sum(x.values()))
            self.weekly[learner] = x
            return
        if pattern.single_block:
            length = block_length(p, learner)
            count = 1 if length else 0
        else:
            length = pattern.block_weeks
            count = need // length if _allowed_starts(free, length) else 0
        starts = _allowed_starts(free, length) if count else []
        window_cost = [int(peak[s : s + length].sum()) for s in range(len(free))]
        blocks = []
        for _ in range(count):
            present = m.new_bool_var("")
            start = m.new_int_var_from_domain(cp_model.Domain.from_values(starts), "")
            interval = m.new_optional_fixed_size_interval_var(start, length, present, "")
            self.intervals[learner].append((interval, days))
            cost = m.new_int_var(0, max(window_cost), "")
            m.add_element(start, window_cost, cost)
            charged = m.new_int_var(0, max(window_cost), "")
            m.add(charged == cost).only_enforce_if(present)
            m.add(charged == 0).only_enforce_if(~present)
            self.cost_terms.append(charged + travel * present)
            if blocks:
                previous_present, previous_start, _ = blocks[-1]
                m.add_implication(present, previous_present)
                m.add(start >= previous_start + length + pattern.min_gap).only_enforce_if(present)
            blocks.append((present, start, length))
        covered = sum(length * present for present, _, _ in blocks)
        m.add(unmet >= hours - pattern.hours_per_week * covered)
        m.add(covered <= need)
        self.blocks[learner] = blocks

    def _resources(self):
        p, m = self.problem, self.model
        for pool, capacity_of in (
            (p.learner_zone, lambda key: p.zone_capacity[key].astype(int)),
            (p.learner_mentor, lambda key: np.full(p.n_weeks, int(p.mentor_capacity[key]))),
        ):
            groups = {}
            for learner in self.learners:
                if pool[learner] >= 0:
                    groups.setdefault(int(pool[learner]), []).extend(self.intervals[int(learner)])
            for key, members in groups.items():
                profile = capacity_of(key)
                top = int(profile.max())
                reserved = [
                    (m.new_fixed_size_interval_var(w, 1, ""), top - int(profile[w]))
                    for w in range(p.n_weeks)
                    if profile[w] < top
                ]
                everything = members + reserved
                m.add_cumulative([i for i, _ in everything], [d for _, d in everything], top)

    def objective(self):
        return sum(self.cost_terms)

    def hint(self, weeks: np.ndarray) -> None:
        """Start the search from a known plan, where it fits this model."""
        for learner, x in self.weekly.items():
            for w, present in x.items():
                self.model.add_hint(present, bool(weeks[learner, w]))
        for learner, blocks in self.blocks.items():
            row = weeks[learner]
            runs = [w for w in range(len(row)) if row[w] and (w == 0 or not row[w - 1])]
            for i, (present, start, _length) in enumerate(blocks):
                self.model.add_hint(present, i < len(runs))
                if i < len(runs):
                    self.model.add_hint(start, runs[i])

    def weeks_changed(self, previous: np.ndarray):
        """How many of the learners' week cells differ from ``previous`` (a linear expression)."""
        m, terms = self.model, []
        for learner, x in self.weekly.items():
            row = previous[learner]
            terms.append(sum(int(row[w]) for w in range(len(row)) if row[w] and w not in x))
            terms += [(1 - present) if row[w] else present for w, present in x.items()]
        for learner, blocks in self.blocks.items():
            row = previous[learner]
            runs = [w for w in range(len(row)) if row[w] and (w == 0 or not row[w - 1])]
            for i, (present, start, length) in enumerate(blocks):
                if i >= len(runs):
                    terms.append(length * present)
                    continue
                kept = m.new_bool_var("")
                m.add(start == runs[i]).only_enforce_if(kept)
                m.add_implication(kept, present)
                # a moved block loses its old weeks and gains as many new ones
                terms.append(2 * length * (1 - kept))
        return sum(terms)

    def same_as(self, learner, row: np.ndarray):
        """A literal true when the learner keeps exactly the weeks in ``row``."""
        m = self.model
        same = m.new_bool_var("")
        if learner in self.weekly:
            x = self.weekly[learner]
            if any(row[w] and w not in x for w in range(len(row))):
                m.add(same == 0)
            for w, present in x.items():
                m.add(present == int(row[w])).only_enforce_if(same)
            return same
        runs = [w for w in range(len(row)) if row[w] and (w == 0 or not row[w - 1])]
        lengths = [_run_length(row, w) for w in runs]
        blocks = self.blocks[learner]
        if len(runs) > len(blocks) or any(length != blocks[0][2] for length in lengths):
            m.add(same == 0)
            return same
        for i, (present, start, _) in enumerate(blocks):
            m.add(present == int(i < len(runs))).only_enforce_if(same)
            if i < len(runs):
                m.add(start == runs[i]).only_enforce_if(same)
        return same

    def weeks(self, solver) -> np.ndarray:
        result = np.zeros((len(self.learners), self.problem.n_weeks), dtype=bool)
        for row, learner in enumerate(self.learners):
            learner = int(learner)
            for w, present in self.weekly.get(learner, {}).items():
                result[row, w] = solver.boolean_value(present)
            for present, start, length in self.blocks.get(learner, []):
                if solver.boolean_value(present):
                    first = solver.value(start)
                    result[row, first : first + solver.value(length)] = True
        return result

    def solve(self, solver, objective, fallback: np.ndarray):
        """Solve; keep ``fallback`` (a valid plan) when time runs out before anything better."""
        self.model.minimize(objective)
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return status, fallback[self.learners]
        return status, self.weeks(solver)


def _better(problem, learners, candidate, fallback):
    """The cheaper of two valid plans for the same learners."""
    sub = _subproblem(problem, learners)
    return (
        candidate if objective_of(sub, candidate)[0] <= objective_of(sub, fallback)[0] else fallback
    )


def _subproblem(problem: SchedulingProblem, learners) -> SchedulingProblem:
    return replace(
        problem,
        learner_enterprise=problem.learner_enterprise[learners],
        learner_zone=problem.learner_zone[learners],
        learner_mentor=problem.learner_mentor[learners],
        learner_pattern=problem.learner_pattern[learners],
        required_hours=problem.required_hours[learners],
        blocked=problem.blocked[learners],
        travel_cost=problem.travel_cost[learners],
    )


def _solver(time_limit_s: float, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    # These small models solve 2-3 times faster without presolve (measured; same optima).
    solver.parameters.cp_model_presolve = False
    return solver


def _by_enterprise(problem, enterprises=None):
    order = np.argsort(problem.learner_enterprise, kind="stable")
    values, starts = np.unique(problem.learner_enterprise[order], return_index=True)
    bounds = [*starts, len(order)]
    for i, enterprise in enumerate(values):
        if enterprises is None or enterprise in enterprises:
            yield int(enterprise), order[bounds[i] : bounds[i + 1]]


def solve(
    problem: SchedulingProblem, *, time_limit_s: float = 1.0, seed: int = 0, workers: int = 1
) -> Plan:
    """Plan every learner's practice weeks.

    Parameters
    ----------
    problem : SchedulingProblem
    time_limit_s : float
        Per enterprise; the best plan found so far is kept when it runs out.
    seed : int
        The solver's random seed, for repeatable runs.
    workers : int
        Processes that solve enterprises side by side.

    Returns
    -------
    Plan
        ``status`` is "optimal" when every enterprise's plan was proved optimal.

    Notes
    -----
    Enterprises are independent, so the plan is solved one enterprise at a time, each starting
    from the greedy first-fit plan and keeping it if the solver finds nothing better in time.
    """
    problem.validate()
    start = first_fit(problem).weeks
    groups = [learners for _, learners in _by_enterprise(problem)]
    weeks = np.zeros((problem.n_learners, problem.n_weeks), dtype=bool)
    if workers > 1 and len(groups) > 1:
        with ProcessPoolExecutor(
            workers, initializer=_init_worker, initargs=(problem, start, time_limit_s, seed)
        ) as pool:
            results = list(pool.map(_plan_enterprise, groups, chunksize=8))
    else:
        _init_worker(problem, start, time_limit_s, seed)
        results = [_plan_enterprise(learners) for learners in groups]
    for learners, (_optimal, planned) in zip(groups, results, strict=True):
        weeks[learners] = planned
    objective, unmet = objective_of(problem, weeks)
    status = "optimal" if all(optimal for optimal, _ in results) else "feasible"
    return Plan(weeks, unmet, objective, status)


_job = {}


def _init_worker(problem, start, time_limit_s, seed):
    _job.update(problem=problem, start=start, time_limit_s=time_limit_s, seed=seed)


def _plan_enterprise(learners) -> tuple[bool, np.ndarray]:
    problem, start = _job["problem"], _job["start"]
    model = _EnterpriseModel(problem, learners)
    model.hint(start)
    status, planned = model.solve(
        _solver(_job["time_limit_s"], _job["seed"]), model.objective(), start
    )
    return status == cp_model.OPTIMAL, _better(problem, learners, planned, start[learners])


def repair(
    problem: SchedulingProblem,
    previous: np.ndarray,
    *,
    time_limit_s: float = 1.0,
    seed: int = 0,
    workers: int = 1,
) -> tuple[Plan, np.ndarray]:
    """Re-plan after a change, moving as few learners as possible.

    ``problem`` holds the constraints after the change (a zone closed, a capacity cut, new blocked
    weeks); ``previous`` is the plan in force. Only enterprises where ``previous`` now breaks a
    hard constraint are re-solved. In each, the fewest learners are moved first; then, with that
    many moved, the usual objective is minimised.

    Returns
    -------
    plan : Plan
    moved : ndarray of shape (n_learners,), bool
        Learners whose weeks changed.
    """
    problem.validate()
    weeks = previous.copy()
    broken = {int(problem.learner_enterprise[i]) for i in violating_learners(problem, previous)}
    groups = [learners for _, learners in _by_enterprise(problem, broken)]
    if workers > 1 and len(groups) > 1:
        with ProcessPoolExecutor(
            workers, initializer=_init_worker, initargs=(problem, previous, time_limit_s, seed)
        ) as pool:
            results = list(pool.map(_repair_enterprise, groups))
    else:
        _init_worker(problem, previous, time_limit_s, seed)
        results = [_repair_enterprise(learners) for learners in groups]
    for learners, planned in zip(groups, results, strict=True):
        weeks[learners] = planned
    objective, unmet = objective_of(problem, weeks)
    return Plan(weeks, unmet, objective, "repaired"), (weeks != previous).any(axis=1)


def _repair_enterprise(learners) -> np.ndarray:
    problem, previous = _job["problem"], _job["start"]
    model = _EnterpriseModel(problem, learners)
    kept = [model.same_as(int(learner), previous[learner]) for learner in learners]
    moved = len(kept) - sum(kept)
    model.hint(previous)
    fallback = np.zeros_like(previous)
    fallback[learners] = first_fit(_subproblem(problem, learners)).weeks
    first = _solver(_job["time_limit_s"], _job["seed"])
    status, planned = model.solve(first, moved, fallback)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return planned
    # the fewest moves found; now the best plan among those that move no more learners, keeping
    # as many of each moved learner's weeks as it can (a change to weeks 3–4 leaves weeks 1–2)
    model.model.add(moved <= round(first.objective_value))
    model.model.clear_hints()
    stage_one = np.zeros_like(previous)
    stage_one[learners] = planned
    model.hint(stage_one)
    objective = model.objective() + CHANGED_WEEK * model.weeks_changed(previous)
    _, planned = model.solve(_solver(_job["time_limit_s"], _job["seed"]), objective, stage_one)
    return planned
