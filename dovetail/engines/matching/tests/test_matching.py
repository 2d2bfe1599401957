"""Deferred acceptance: hand-computed cases, properties, brute force and the `matching` library."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dovetail.engines.matching import (
    OPEN_FIRST,
    RESERVE_FIRST,
    build_problem,
    chooses,
    explain,
    explain_all,
    match,
)
from dovetail.engines.matching._explain import REASONS


def test_learners_get_their_first_choice_when_there_is_room():
    problem = build_problem([[0], [1], [0]], [[0], [0], [1]], [2, 1])
    assert match(problem, seed=0).assignment.tolist() == [0, 1, 0]


def test_offer_keeps_the_learners_it_ranks_highest():
    # three learners want offer 0 (one seat); it ranks learner 2 first
    problem = build_problem([[0, 1], [0, 1], [0]], [[2, 0], [1, 1], [0]], [1, 1])
    result = match(problem, seed=0)
    assert result.assignment.tolist() == [1, -1, 0]
    reasons = explain(problem, result, 1)
    assert [(r.offer, r.reason, r.your_rank, r.cutoff_rank) for r in reasons] == [
        (0, "full", 1, 0),
        (1, "full", 1, 0),
    ]


def test_ineligible_choices_are_skipped_and_explained_with_their_code():
    problem = build_problem([[0, 1]], [[0, 0]], [1, 1], ineligible=[[3, 0]])
    result = match(problem, seed=0)
    assert result.assignment.tolist() == [1]
    assert explain(problem, result, 0)[0].reason == "not_eligible"
    assert explain(problem, result, 0)[0].code == 3


def test_ties_are_broken_by_the_recorded_seed():
    problem = build_problem([[0], [0]], [[0], [0]], [1])
    outcomes = {tuple(match(problem, seed=s).assignment) for s in range(20)}
    assert outcomes == {(0, -1), (-1, 0)}
    assert (match(problem, seed=5).assignment == match(problem, seed=5).assignment).all()
    result = match(problem, seed=5)
    loser = int(np.nonzero(result.assignment < 0)[0][0])
    assert explain(problem, result, loser)[0].lost_on_lottery


def test_reserved_seat_goes_to_a_group_member_under_either_precedence():
    # one offer, 2 seats, 1 reserved for group 0; learners 0 and 1 rank higher, learner 2 is rural
    problem = build_problem([[0], [0], [0]], [[0], [1], [2]], [2], groups=[0, 0, 1], reserves=[[1]])
    for precedence in (RESERVE_FIRST, OPEN_FIRST):
        result = match(problem, seed=0, precedence=precedence)
        assert result.assignment.tolist() == [0, -1, 0]
        assert explain(problem, result, 1)[0].reason == "reserved"


def test_precedence_changes_who_wins_when_group_members_rank_high():
    # 2 seats, 1 reserved for group 0. Priority: 0 (group) > 1 > 2 (group).
    # Reserve first: learner 0 fills the reserved seat, learner 1 the open one.
    # Open first: learner 0 takes the open seat, learner 2 the reserved one.
    problem = build_problem([[0], [0], [0]], [[0], [1], [2]], [2], groups=[1, 0, 1], reserves=[[1]])
    assert match(problem, seed=0, precedence=RESERVE_FIRST).assignment.tolist() == [0, 0, -1]
    assert match(problem, seed=0, precedence=OPEN_FIRST).assignment.tolist() == [0, -1, 0]


def test_unused_reserved_seats_open_to_everyone():
    problem = build_problem([[0], [0]], [[0], [1]], [2], groups=[0, 0], reserves=[[1]])
    assert match(problem, seed=0).assignment.tolist() == [0, 0]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"preferences": [[0, 0]], "offer_ranks": [[0, 0]], "capacities": [1]}, "twice"),
        ({"preferences": [[2]], "offer_ranks": [[0]], "capacities": [1]}, "does not exist"),
        (
            {"preferences": [[0]], "offer_ranks": [[0]], "capacities": [1], "reserves": [[2]]},
            "reserves more",
        ),
        ({"preferences": [[0]], "offer_ranks": [[0, 1]], "capacities": [1]}, "must match"),
    ],
)
def test_bad_input_is_refused_with_a_reason(kwargs, message):
    with pytest.raises(ValueError, match=message):
        build_problem(**kwargs)


# -- properties --------------------------------------------------------------------------


@st.composite
def problems(draw, max_learners=6, max_offers=4, groups=True):
    n_offers = draw(st.integers(1, max_offers))
    n_learners = draw(st.integers(1, max_learners))
    capacities = draw(st.lists(st.integers(0, 3), min_size=n_offers, max_size=n_offers))
    preferences, ranks, ineligible = [], [], []
    for _ in range(n_learners):
        chosen = draw(st.permutations(range(n_offers)))[: draw(st.integers(0, n_offers))]
        preferences.append(list(chosen))
        ranks.append([draw(st.integers(0, 3)) for _ in chosen])
        ineligible.append([draw(st.sampled_from([0, 0, 0, 1])) for _ in chosen])
    learner_groups = [draw(st.integers(0, 3)) if groups else 0 for _ in range(n_learners)]
    reserves = []
    for capacity in capacities:
        first = draw(st.integers(0, capacity)) if groups else 0
        second = draw(st.integers(0, capacity - first)) if groups else 0
        reserves.append([first, second])
    problem = build_problem(
        preferences,
        ranks,
        capacities,
        ineligible=ineligible,
        groups=learner_groups,
        reserves=reserves,
    )
    return problem, draw(st.integers(0, 1000)), draw(st.sampled_from([RESERVE_FIRST, OPEN_FIRST]))


def eligible_entries(problem, learner):
    start, stop = problem.choice_ptr[learner], problem.choice_ptr[learner + 1]
    return [
        (k, int(problem.choices[e]))
        for k, e in enumerate(range(start, stop))
        if not problem.ineligible[e]
    ]


def holders(assignment, offer):
    return {i for i, o in enumerate(assignment) if o == offer}


def blocking_pairs(problem, result, assignment, position):
    pairs = []
    for learner in range(problem.n_learners):
        for k, offer in eligible_entries(problem, learner):
            if position[learner] >= 0 and k >= position[learner]:
                break
            if learner in chooses(problem, result, offer, holders(assignment, offer) | {learner}):
                pairs.append((learner, offer))
    return pairs


def is_stable(problem, result, assignment, position):
    for offer in range(problem.n_offers):
        held = holders(assignment, offer)
        if len(held) > problem.capacities[offer]:
            return False
        if held and chooses(problem, result, offer, held) != held:
            return False
    return not blocking_pairs(problem, result, assignment, position)


@settings(max_examples=300, deadline=None)
@given(problems())
def test_matching_is_stable_and_respects_capacities(case):
    problem, seed, precedence = case
    result = match(problem, seed=seed, precedence=precedence)
    assignment = result.assignment.tolist()
    assert is_stable(problem, result, assignment, result.position.tolist())
    for learner, offer in enumerate(assignment):
        if offer >= 0:
            entry = problem.choice_ptr[learner] + result.position[learner]
            assert problem.choices[entry] == offer and not problem.ineligible[entry]


@settings(max_examples=150, deadline=None)
@given(problems(max_learners=5, max_offers=3))
def test_matching_is_learner_optimal_against_brute_force(case):
    problem, seed, precedence = case
    result = match(problem, seed=seed, precedence=precedence)
    options = [[(-1, None)] + eligible_entries(problem, i) for i in range(problem.n_learners)]
    for combo in itertools.product(*options):
        position = [k if offer is not None else -1 for k, offer in combo]
        assignment = [offer if offer is not None else -1 for _, offer in combo]
        if not is_stable(problem, result, assignment, position):
            continue
        for learner in range(problem.n_learners):
            ours, theirs = result.position[learner], position[learner]
            # every learner does at least as well as in any other stable matching
            assert ours >= 0 or theirs < 0
            assert theirs < 0 or ours <= theirs


@settings(max_examples=200, deadline=None)
@given(problems(groups=False))
def test_agrees_with_the_matching_library_without_reserves(case):
    from matching.games import HospitalResident

    problem, seed, _ = case
    result = match(problem, seed=seed)
    resident_prefs, applicants = {}, {o: [] for o in range(problem.n_offers)}
    for learner in range(problem.n_learners):
        entries = [
            (offer, int(result.keys[problem.choice_ptr[learner] + k]))
            for k, offer in eligible_entries(problem, learner)
            if problem.capacities[offer] > 0
        ]
        resident_prefs[learner] = [offer for offer, _ in entries]
        for offer, key in entries:
            applicants[offer].append((key, learner))
    hospital_prefs = {o: [learner for _, learner in sorted(a)] for o, a in applicants.items() if a}
    ours = {learner: int(offer) for learner, offer in enumerate(result.assignment) if offer >= 0}
    if not hospital_prefs:
        assert ours == {}
        return
    game = HospitalResident.create_from_dictionaries(
        {r: p for r, p in resident_prefs.items() if p},
        hospital_prefs,
        {o: int(problem.capacities[o]) for o in hospital_prefs},
    )
    theirs = {
        resident.name: hospital.name
        for hospital, residents in game.solve(optimal="resident").items()
        for resident in residents
    }
    assert ours == theirs


@settings(max_examples=200, deadline=None)
@given(problems())
def test_every_better_choice_is_explained(case):
    problem, seed, precedence = case
    result = match(problem, seed=seed, precedence=precedence)
    for learner in range(problem.n_learners):
        reasons = explain(problem, result, learner)
        got = result.position[learner]
        expected = (
            (problem.choice_ptr[learner + 1] - problem.choice_ptr[learner]) if got < 0 else got
        )
        assert [r.choice for r in reasons] == list(range(expected))
        for reason in reasons:
            if reason.reason == "full":
                assert reason.your_rank >= reason.cutoff_rank


@settings(max_examples=200, deadline=None)
@given(problems())
def test_explaining_everyone_at_once_says_what_explaining_each_says(case):
    problem, seed, precedence = case
    result = match(problem, seed=seed, precedence=precedence)
    table = explain_all(problem, result)
    at_once = [
        (
            int(table.learner[k]),
            int(table.offer[k]),
            int(table.choice[k]),
            REASONS[table.reason[k]],
            int(table.code[k]),
            int(table.your_rank[k]) if table.ranked[k] else None,
            int(table.cutoff_rank[k]) if table.ranked[k] else None,
            bool(table.lost_on_lottery[k]),
        )
        for k in range(len(table.learner))
    ]
    one_by_one = [
        (
            learner,
            r.offer,
            r.choice,
            r.reason,
            r.code,
            r.your_rank,
            r.cutoff_rank,
            r.lost_on_lottery,
        )
        for learner in range(problem.n_learners)
        for r in explain(problem, result, learner)
    ]
    assert at_once == one_by_one
