"""Learner-proposing deferred acceptance with capacities and soft reserves, compiled with Numba."""

from dataclasses import dataclass, field

import numba
import numpy as np

RESERVE_FIRST = "reserve_first"
OPEN_FIRST = "open_first"
PRECEDENCES = (RESERVE_FIRST, OPEN_FIRST)


@dataclass(frozen=True)
class MatchingProblem:
    """A round's input, as arrays.

    Learner ``i`` ranks offers ``choices[choice_ptr[i]:choice_ptr[i + 1]]``, best first. Each entry
    also carries the rank the offer gives that learner (``offer_ranks``, 0 is best, ties allowed)
    and why the learner may not take the offer (``ineligible``: 0 when eligible, otherwise a
    reason code the caller defines).

    Attributes
    ----------
    capacities : ndarray of shape (n_offers,), int
    choice_ptr : ndarray of shape (n_learners + 1,), int
    choices : ndarray of shape (n_entries,), int
    offer_ranks : ndarray of shape (n_entries,), int
    ineligible : ndarray of shape (n_entries,), int
    groups : ndarray of shape (n_learners,), uint8
        Bit ``g`` set when the learner belongs to reserve group ``g``.
    reserves : ndarray of shape (n_offers, n_groups), int
        Seats each offer reserves for each group; unused reserved seats open to everyone.
    """

    capacities: np.ndarray
    choice_ptr: np.ndarray
    choices: np.ndarray
    offer_ranks: np.ndarray
    ineligible: np.ndarray
    groups: np.ndarray
    reserves: np.ndarray

    @property
    def n_learners(self) -> int:
        return len(self.choice_ptr) - 1

    @property
    def n_offers(self) -> int:
        return len(self.capacities)


@dataclass(frozen=True)
class MatchingResult:
    """Where each learner landed, and what is needed to reproduce and explain it.

    Attributes
    ----------
    assignment : ndarray of shape (n_learners,)
        Offer index, or -1 when unmatched.
    position : ndarray of shape (n_learners,)
        Index of the assigned offer in the learner's own list, or -1.
    lottery : ndarray of shape (n_learners,)
        Each learner's tie-breaking number (lower wins a tie), drawn from ``seed``.
    """

    assignment: np.ndarray
    position: np.ndarray
    lottery: np.ndarray
    seed: int
    precedence: str
    keys: np.ndarray = field(repr=False)


def build_problem(
    preferences, offer_ranks, capacities, *, ineligible=None, groups=None, reserves=None
) -> MatchingProblem:
    """Build and validate a problem from Python lists (one list per learner)."""
    if len(preferences) != len(offer_ranks):
        raise ValueError("preferences and offer_ranks need one list per learner")
    lengths = [len(p) for p in preferences]
    if lengths != [len(r) for r in offer_ranks]:
        raise ValueError("each learner's offer_ranks must match their preferences")
    ptr = np.zeros(len(preferences) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    flat = np.fromiter((o for p in preferences for o in p), dtype=np.int32, count=int(ptr[-1]))
    ranks = np.fromiter((r for rs in offer_ranks for r in rs), dtype=np.int64, count=int(ptr[-1]))
    capacities = np.asarray(capacities, dtype=np.int32)
    flags = (
        np.zeros(len(flat), dtype=np.int16)
        if ineligible is None
        else np.fromiter((c for cs in ineligible for c in cs), dtype=np.int16, count=len(flat))
    )
    problem = MatchingProblem(
        capacities=capacities,
        choice_ptr=ptr,
        choices=flat,
        offer_ranks=ranks,
        ineligible=flags,
        groups=np.zeros(len(preferences), np.uint8)
        if groups is None
        else np.asarray(groups, np.uint8),
        reserves=np.zeros((len(capacities), 0), np.int32)
        if reserves is None
        else np.asarray(reserves, np.int32).reshape(len(capacities), -1),
    )
    validate(problem)
    return problem


def validate(problem: MatchingProblem) -> None:
    n_learners, n_offers = problem.n_learners, problem.n_offers
    if problem.choices.size and (problem.choices.min() < 0 or problem.choices.max() >= n_offers):
        raise ValueError("a preference names an offer that does not exist")
    if np.any(np.diff(problem.choice_ptr) < 0) or problem.choice_ptr[-1] != len(problem.choices):
        raise ValueError("choice_ptr must be non-decreasing and end at the number of entries")
    if np.any(problem.capacities < 0):
        raise ValueError("capacities cannot be negative")
    if np.any(problem.offer_ranks < 0):
        raise ValueError("offer ranks start at 0")
    if problem.groups.shape != (n_learners,):
        raise ValueError("groups needs one bitmask per learner")
    if problem.reserves.shape[0] != n_offers or problem.reserves.shape[1] > 8:
        raise ValueError("reserves needs one row per offer and at most 8 groups")
    if np.any(problem.reserves.sum(axis=1) > problem.capacities):
        raise ValueError("an offer reserves more seats than it has")
    _check_no_repeats(problem.choice_ptr, problem.choices)


@numba.njit(cache=True)
def _has_repeat(ptr, choices, seen):
    for i in range(len(ptr) - 1):
        for e in range(ptr[i], ptr[i + 1]):
            if seen[choices[e]] == i + 1:
                return i
            seen[choices[e]] = i + 1
    return -1


def _check_no_repeats(ptr, choices):
    seen = np.zeros(int(choices.max()) + 1 if choices.size else 1, dtype=np.int64)
    learner = _has_repeat(ptr, choices, seen)
    if learner >= 0:
        raise ValueError(f"learner {learner} ranks the same offer twice")


def priority_keys(problem: MatchingProblem, lottery: np.ndarray) -> np.ndarray:
    """One integer per entry: the offer's rank first, the learner's lottery number second."""
    learner_of_entry = np.repeat(
        np.arange(problem.n_learners, dtype=np.int64), np.diff(problem.choice_ptr)
    )
    return problem.offer_ranks.astype(np.int64) * problem.n_learners + lottery[learner_of_entry]


def match(
    problem: MatchingProblem, *, seed: int, precedence: str = RESERVE_FIRST
) -> MatchingResult:
    """The learner-optimal stable matching.

    Parameters
    ----------
    problem : MatchingProblem
    seed : int
        Draws the single tie-breaking lottery, so a round can be reproduced.
    precedence : {"reserve_first", "open_first"}
        Slot precedence for reserved seats: reserved seats are filled before open ones, or after.

    Returns
    -------
    MatchingResult

    Notes
    -----
    Offers choose with the slot-precedence choice function of Dur, Kominers, Pathak and Sönmez
    (2018); it is substitutable and acceptant, so learner-proposing deferred acceptance yields the
    learner-optimal stable matching (Hafalir, Yenmez and Yildirim 2013). Each learner proposes at
    most once per entry: O(entries × capacity) in the worst case.

    Examples
    --------
    >>> p = build_problem([[0, 1], [0]], [[1, 0], [0]], [1, 1])
    >>> match(p, seed=1).assignment.tolist()
    [1, 0]
    """
    if precedence not in PRECEDENCES:
        raise ValueError(f"precedence must be one of {PRECEDENCES}")
    validate(problem)
    lottery = np.random.default_rng(seed).permutation(problem.n_learners).astype(np.int64)
    keys = priority_keys(problem, lottery)
    position = _deferred_acceptance(
        problem.choice_ptr.astype(np.int64),
        problem.choices.astype(np.int64),
        keys,
        problem.ineligible != 0,
        problem.capacities.astype(np.int64),
        problem.reserves.astype(np.int64),
        problem.groups.astype(np.int64),
        precedence == RESERVE_FIRST,
    )
    assigned = position >= 0
    assignment = np.full(problem.n_learners, -1, dtype=np.int64)
    assignment[assigned] = problem.choices[problem.choice_ptr[:-1][assigned] + position[assigned]]
    return MatchingResult(assignment, position, lottery, seed, precedence, keys)


def chooses(problem: MatchingProblem, result: MatchingResult, offer: int, learners) -> set[int]:
    """Which of ``learners`` the offer would choose (used to check stability and explain)."""
    learners = np.asarray(sorted(learners), dtype=np.int64)
    keys = np.empty(len(learners), dtype=np.int64)
    for k, learner in enumerate(learners):
        start, stop = problem.choice_ptr[learner], problem.choice_ptr[learner + 1]
        hits = np.nonzero(problem.choices[start:stop] == offer)[0]
        if not len(hits):
            raise ValueError(f"learner {learner} did not rank offer {offer}")
        keys[k] = result.keys[start + hits[0]]
    chosen = _choose(
        keys,
        problem.groups.astype(np.int64)[learners],
        int(problem.capacities[offer]),
        problem.reserves[offer].astype(np.int64),
        result.precedence == RESERVE_FIRST,
    )
    return {int(learner) for learner, pick in zip(learners, chosen, strict=True) if pick}


@numba.njit(cache=True)
def _take(order, keys_groups, chosen, count, limit, bit):
    """Mark up to ``limit`` more unchosen candidates (in priority order), those in group ``bit``."""
    taken = 0
    for idx in order:
        if taken >= limit:
            break
        if not chosen[idx] and (bit < 0 or (keys_groups[idx] >> bit) & 1):
            chosen[idx] = True
            taken += 1
    return count + taken


@numba.njit(cache=True)
def _choose(keys, cand_groups, capacity, reserves, reserve_first):
    """The slot-precedence choice from candidates: a boolean mask of those kept."""
    order = np.argsort(keys, kind="mergesort")
    chosen = np.zeros(len(keys), dtype=np.bool_)
    count = 0
    if reserve_first:
        for g in range(len(reserves)):
            count = _take(order, cand_groups, chosen, count, reserves[g], g)
    else:
        open_seats = capacity - reserves.sum()
        count = _take(order, cand_groups, chosen, count, open_seats, -1)
        for g in range(len(reserves)):
            count = _take(order, cand_groups, chosen, count, reserves[g], g)
    _take(order, cand_groups, chosen, count, capacity - count, -1)
    return chosen


@numba.njit(cache=True)
def _deferred_acceptance(
    ptr, choices, keys, ineligible, capacities, reserves, groups, reserve_first
):
    n_learners = len(ptr) - 1
    n_offers = len(capacities)
    offsets = np.zeros(n_offers + 1, dtype=np.int64)
    for o in range(n_offers):
        offsets[o + 1] = offsets[o] + capacities[o]
    held = np.empty(offsets[n_offers], dtype=np.int64)  # learner holding each seat
    held_key = np.empty(offsets[n_offers], dtype=np.int64)
    held_count = np.zeros(n_offers, dtype=np.int64)
    reserved = np.zeros(n_offers, dtype=np.bool_)
    for o in range(n_offers):
        reserved[o] = reserves.shape[1] > 0 and reserves[o].sum() > 0
    next_entry = ptr[:-1].copy()
    position = np.full(n_learners, -1, dtype=np.int64)
    stack = np.arange(n_learners - 1, -1, -1).astype(np.int64)
    top = n_learners
    max_capacity = capacities.max() if n_offers else 0
    cand_keys = np.empty(max_capacity + 1, dtype=np.int64)
    cand_groups = np.empty(max_capacity + 1, dtype=np.int64)
    while top > 0:
        top -= 1
        learner = stack[top]
        while next_entry[learner] < ptr[learner + 1]:
            entry = next_entry[learner]
            next_entry[learner] += 1
            if ineligible[entry]:
                continue
            offer = choices[entry]
            capacity = capacities[offer]
            if capacity == 0:
                continue
            base = offsets[offer]
            count = held_count[offer]
            key = keys[entry]
            if count < capacity:
                held[base + count] = learner
                held_key[base + count] = key
                held_count[offer] = count + 1
                position[learner] = entry - ptr[learner]
                break
            # Full: the offer keeps `capacity` of the holders plus this learner, rejecting one.
            if reserved[offer]:
                for s in range(capacity):
                    cand_keys[s] = held_key[base + s]
                    cand_groups[s] = groups[held[base + s]]
                cand_keys[capacity] = key
                cand_groups[capacity] = groups[learner]
                chosen = _choose(
                    cand_keys[: capacity + 1],
                    cand_groups[: capacity + 1],
                    capacity,
                    reserves[offer],
                    reserve_first,
                )
                out = capacity
                for s in range(capacity + 1):
                    if not chosen[s]:
                        out = s
                        break
            else:
                out = capacity
                worst = key
                for s in range(capacity):
                    if held_key[base + s] > worst:
                        worst = held_key[base + s]
                        out = s
            if out == capacity:
                continue  # this learner is the one rejected; try their next choice
            rejected = held[base + out]
            held[base + out] = learner
            held_key[base + out] = key
            position[learner] = entry - ptr[learner]
            position[rejected] = -1
            stack[top] = rejected
            top += 1
            break
    return position
