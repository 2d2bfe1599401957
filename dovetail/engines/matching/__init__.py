"""Many-to-one stable matching of learners to placement offers.

Learner-proposing deferred acceptance with capacities, soft reserved seats for groups under a
chosen slot precedence, lottery tie-breaking from a recorded seed, and an explanation of every
outcome. See :func:`match` and :func:`explain`.
"""

from dovetail.engines.matching._deferred_acceptance import (
    OPEN_FIRST,
    RESERVE_FIRST,
    MatchingProblem,
    MatchingResult,
    build_problem,
    chooses,
    match,
)
from dovetail.engines.matching._explain import (
    REASONS,
    Explanation,
    ExplanationTable,
    explain,
    explain_all,
    offer_cutoffs,
)

__all__ = [
    "OPEN_FIRST",
    "RESERVE_FIRST",
    "REASONS",
    "Explanation",
    "ExplanationTable",
    "MatchingProblem",
    "MatchingResult",
    "build_problem",
    "chooses",
    "explain",
    "explain_all",
    "match",
    "offer_cutoffs",
]
