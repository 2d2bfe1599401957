"""Practice scheduling: which weeks each placed learner spends at the enterprise.

CP-SAT plans each enterprise independently (learners, zones and mentors never cross enterprises),
under the learner's pattern, calendars, capacities and required hours, minimising unmet hours,
practice in peak weeks and trips for learners who travel far. :func:`repair` re-plans after a
change while moving as few learners as possible. :func:`first_fit` is the greedy baseline.
"""

from dovetail.engines.scheduling._greedy import first_fit
from dovetail.engines.scheduling._model import (
    Pattern,
    Plan,
    SchedulingProblem,
    diagnose,
    objective_of,
    violating_learners,
)
from dovetail.engines.scheduling._solve import repair, solve

__all__ = [
    "Pattern",
    "Plan",
    "SchedulingProblem",
    "diagnose",
    "first_fit",
    "objective_of",
    "repair",
    "solve",
    "violating_learners",
]
