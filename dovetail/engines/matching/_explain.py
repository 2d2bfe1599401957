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


REASONS = (NOT_ELIGIBLE, NO_SEATS, FULL, RESERVED)


@dataclass(frozen=True)
class ExplanationTable:
    """:func:`explain` for every learner at once, as parallel arrays over the explained choices,
    grouped by learner in choice order. ``reason`` indexes :data:`REASONS`; ``your_rank`` and
    ``cutoff_rank`` mean nothing where ``ranked`` is false (not eligible, no seats)."""

    learner: np.ndarray
    offer: np.ndarray
    choice: np.ndarray
    reason: np.ndarray
    code: np.ndarray
    ranked: np.ndarray
    your_rank: np.ndarray
    cutoff_rank: np.ndarray
    lost_on_lottery: np.ndarray


def explain_all(problem: MatchingProblem, result: MatchingResult, *, cutoffs=None):
    """Every learner's explanations in one pass of array operations (a region's round explains
    hundreds of thousands of learners)."""
    worst_key, worst_rank = cutoffs if cutoffs is not None else offer_cutoffs(problem, result)
    learner_of = np.repeat(np.arange(problem.n_learners), np.diff(problem.choice_ptr))
    choice = np.arange(len(problem.choices)) - problem.choice_ptr[learner_of]
    got = result.position[learner_of]
    entry = np.nonzero((got < 0) | (choice < got))[0]
    offer = problem.choices[entry].astype(np.int64)
    ineligible = problem.ineligible[entry] != 0
    no_seats = ~ineligible & (problem.capacities[offer] == 0)
    ranked = ~ineligible & ~no_seats
    reserved = ranked & (result.keys[entry] < worst_key[offer])
    reason = np.where(ineligible, 0, np.where(no_seats, 1, np.where(reserved, 3, 2)))
    your_rank = problem.offer_ranks[entry].astype(np.int64)
    cutoff_rank = worst_rank[offer]
    return ExplanationTable(
        learner=learner_of[entry],
        offer=offer,
        choice=choice[entry],
        reason=reason,
        code=np.where(ineligible, problem.ineligible[entry], 0).astype(np.int64),
        ranked=ranked,
        your_rank=your_rank,
        cutoff_rank=cutoff_rank,
        lost_on_lottery=ranked & ~reserved & (your_rank == cutoff_rank),
    )
