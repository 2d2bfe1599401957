"""Why each learner did not get the offers they ranked above their result."""

from dataclasses import dataclass

import numpy as np

from dovetail.engines.matching._deferred_acceptance import MatchingProblem, MatchingResult

NOT_ELIGIBLE = "not_eligible"
NO_SEATS = "no_seats"
FULL = "full"
RESERVED = "reserved"


@dataclass(frozen=True)
class Explanation:
    """One offer a learner ranked above their result, and why they did not get it.

    ``reason`` is ``not_eligible`` (``code`` is the caller's reason code), ``no_seats``, ``full``
    (every seat went to a learner the offer ranks higher: ``cutoff_rank`` is the offer's rank of
    the last one admitted, ``your_rank`` yours, and ``lost_on_lottery`` says a tie was broken by
    the lottery), or ``reserved`` (you outranked a holder, but that seat is reserved for a group).
    """

    offer: int
    choice: int
    reason: str
    code: int = 0
    your_rank: int | None = None
    cutoff_rank: int | None = None
    lost_on_lottery: bool = False


def offer_cutoffs(
    problem: MatchingProblem, result: MatchingResult
) -> tuple[np.ndarray, np.ndarray]:
    """Per offer, the key and the offer rank of the lowest-priority learner it holds (-1: none)."""
    assigned = np.nonzero(result.assignment >= 0)[0]
    entries = problem.choice_ptr[assigned] + result.position[assigned]
    offers = result.assignment[assigned]
    worst_key = np.full(problem.n_offers, -1, dtype=np.int64)
    np.maximum.at(worst_key, offers, result.keys[entries])
    worst_rank = np.full(problem.n_offers, -1, dtype=np.int64)
    is_worst = result.keys[entries] == worst_key[offers]
    worst_rank[offers[is_worst]] = problem.offer_ranks[entries[is_worst]]
    return worst_key, worst_rank


def explain(
    problem: MatchingProblem, result: MatchingResult, learner: int, *, cutoffs=None
) -> list[Explanation]:
    """Explain each offer ``learner`` ranked above the one they got (all of them if unmatched).

    Pass ``cutoffs=offer_cutoffs(problem, result)`` when explaining many learners.
    """
    worst_key, worst_rank = cutoffs if cutoffs is not None else offer_cutoffs(problem, result)
    start, stop = problem.choice_ptr[learner], problem.choice_ptr[learner + 1]
    got = result.position[learner]
    reasons = []
    for choice, entry in enumerate(range(start, stop if got < 0 else start + got)):
        offer = int(problem.choices[entry])
        if problem.ineligible[entry]:
            reasons.append(
                Explanation(offer, choice, NOT_ELIGIBLE, code=int(problem.ineligible[entry]))
            )
            continue
        if problem.capacities[offer] == 0:
            reasons.append(Explanation(offer, choice, NO_SEATS))
            continue
        your_rank = int(problem.offer_ranks[entry])
        cutoff_rank = int(worst_rank[offer])
        # Outranking the last holder and still losing means a reserved seat decided it.
        reason = RESERVED if result.keys[entry] < worst_key[offer] else FULL
        reasons.append(
            Explanation(
                offer,
                choice,
                reason,
                your_rank=your_rank,
                cutoff_rank=cutoff_rank,
                lost_on_lottery=reason == FULL and your_rank == cutoff_rank,
            )
        )
    return reasons
