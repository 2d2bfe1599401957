"""A matching round read into the engine's arrays, a column at a time.

A college's round holds thousands of learners and a regional one hundreds of thousands, each with
up to ten choices, so nothing here builds a model object per learner or per choice: rows arrive as
tuples of ids, become NumPy arrays, and every eligibility rule (a placement already held in the
period, the agreement's participation rules and clearances, programmes, career stages, required
skills) and every applicant rank is decided for all choices at once.
"""

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from django.db import connection
from django.utils import timezone

from dovetail.core.arrays import Lookup, lookup, pair_keys
from dovetail.core.models import LearnerProfile
from dovetail.engines import matching
from dovetail.partnerships.services import learner_participation
from dovetail.placements.models import (
    RESERVE_GROUPS,
    ApplicantRank,
    Offer,
    Placement,
    Preference,
    Round,
)
from dovetail.records.services import best_proficiencies


class Ineligible(IntEnum):
    """Why a learner may not take an offer: the engine's reason codes."""

    CLEARANCE = 1
    PROGRAMME = 2
    STAGE = 3
    SKILLS = 4
    PLACED = 5


@dataclass
class RoundInput:
    """A round fetched for the engine, with the ids that map its array indices back."""

    problem: matching.MatchingProblem
    learner_ids: np.ndarray  # learner profile ids, one per engine row
    user_ids: np.ndarray
    offers: list[Offer]
    # per choice, why the agreement refuses it (an index into ``reasons``; meaningful where the
    # choice is ineligible for a clearance)
    reason_of_choice: np.ndarray
    reasons: list[str]

    def clearance_detail(self, entry: int) -> str:
        if self.problem.ineligible[entry] != Ineligible.CLEARANCE:
            return ""
        return self.reasons[int(self.reason_of_choice[entry])]


LEARNER_COLUMNS = (
    "pk",
    "user_id",
    "college_id",
    "programme_id",
    "career_stage",
    *RESERVE_GROUPS,
)


def fetch_problem(round_: Round) -> RoundInput:
    today = timezone.localdate()
    # an offer edited after approval waits for review again and sits this round out until then
    offers = list(
        round_.offers.filter(status=Offer.Status.APPROVED)
        .select_related("zone")
        .prefetch_related("eligible_programmes", "required_skills")
        .order_by("pk")
    )
    offer_ids = np.array([offer.pk for offer in offers], dtype=np.int64)
    ranked = Preference.objects.filter(round=round_, offer_id__in=offer_ids.tolist())
    prefs = _array(
        _tuples(ranked.order_by("learner_id", "rank").values_list("learner_id", "offer_id")), 2
    )
    learner_of_choice, offer_pk = prefs[:, 0], prefs[:, 1]
    learner_ids, row_of_choice, counts = np.unique(
        learner_of_choice, return_inverse=True, return_counts=True
    )
    choices = np.searchsorted(offer_ids, offer_pk).astype(np.int32)
    ptr = np.zeros(len(learner_ids) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])

    in_round = LearnerProfile.objects.filter(pk__in=ranked.values("learner_id"))
    columns = _tuples(in_round.order_by("pk").values_list(*LEARNER_COLUMNS))
    learners = {
        name: np.array([row[i] for row in columns]) for i, name in enumerate(LEARNER_COLUMNS)
    }
    # a learner without a programme matches no offer restricted to programmes
    learners["programme_id"] = np.array(
        [-1 if row[3] is None else row[3] for row in columns], dtype=np.int64
    )
    user_ids = learners["user_id"].astype(np.int64)

    holder_of_choice = user_ids[row_of_choice]
    zones = [offer.zone for offer in offers]
    decided = learner_participation(
        learners["college_id"].astype(np.int64)[row_of_choice],
        holder_of_choice,
        zones,
        np.asarray(choices, dtype=np.int64),
        on=today,
        holder_query=in_round.values("user_id"),
    )
    proficiency = _proficiency_lookup(offers, in_round.values("user_id"))
    grouped = _by_offer(choices)
    fit, lacks_skills = _skills_fit(offers, choices, holder_of_choice, proficiency, grouped)

    ineligible = np.zeros(len(choices), dtype=np.int16)
    # the first rule broken is the one explained: set the last-checked first, then overwrite
    ineligible[lacks_skills] = Ineligible.SKILLS
    stages = [offer.eligible_stages for offer in offers]
    ineligible[_refused(choices, learners["career_stage"][row_of_choice], stages, grouped)] = (
        Ineligible.STAGE
    )
    programmes = [[p.pk for p in offer.eligible_programmes.all()] for offer in offers]
    ineligible[_refused(choices, learners["programme_id"][row_of_choice], programmes, grouped)] = (
        Ineligible.PROGRAMME
    )
    ineligible[~decided.allowed] = Ineligible.CLEARANCE
    ineligible[_already_placed(offers, choices, row_of_choice, learner_ids, in_round)] = (
        Ineligible.PLACED
    )

    raw_ranks = _applicant_ranks(
        round_, offers, offer_ids, choices, learner_ids, row_of_choice, fit
    )
    groups = np.zeros(len(learner_ids), dtype=np.uint8)
    for bit, field in enumerate(RESERVE_GROUPS):
        groups |= (learners[field].astype(bool).astype(np.uint8)) << bit
    problem = matching.MatchingProblem(
        capacities=np.array([o.seats for o in offers], dtype=np.int32),
        choice_ptr=ptr,
        choices=choices,
        offer_ranks=dense_ranks_per_offer(choices, raw_ranks),
        ineligible=ineligible,
        groups=groups,
        reserves=np.array([o.reserves for o in offers], dtype=np.int32).reshape(len(offers), 3),
    )
    return RoundInput(problem, learner_ids, user_ids, offers, decided.reason, decided.reasons)


def _array(rows, width: int) -> np.ndarray:
    return np.array(list(rows), dtype=np.int64).reshape(-1, width)


def _tuples(queryset) -> list[tuple]:
    """A values_list queryset's rows straight from the database cursor: for columns of ids,
    flags and codes, which need none of the ORM's per-row conversion."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def dense_ranks_per_offer(choices: np.ndarray, raw: np.ndarray) -> np.ndarray:
    """Each offer's ranks as 0, 1, 2… among its own applicants (ties kept), so explanations
    can say "ranked 3rd" rather than quote a raw score."""
    order = np.lexsort((raw, choices))
    sorted_offer, sorted_raw = choices[order], raw[order]
    new_offer = np.r_[True, sorted_offer[1:] != sorted_offer[:-1]]
    new_value = new_offer | np.r_[True, sorted_raw[1:] != sorted_raw[:-1]]
    steps = np.cumsum(new_value)
    # the count of distinct values so far, restarted at each offer
    dense_sorted = steps - np.maximum.accumulate(np.where(new_offer, steps, 0))
    dense = np.empty_like(raw)
    dense[order] = dense_sorted
    return dense


def _already_placed(offers, choices, row_of_choice, learner_ids, in_round) -> np.ndarray:
    """Choices whose period overlaps a placement the learner already holds."""
    held = _placement_periods(in_round)
    placed = np.zeros(len(choices), dtype=bool)
    if not len(held):
        return placed
    starts = np.array([o.starts_on.toordinal() for o in offers], dtype=np.int64)
    ends = np.array([o.ends_on.toordinal() for o in offers], dtype=np.int64)
    rows = np.searchsorted(learner_ids, held[:, 0])
    # every (placement held, choice of the same learner) pair
    first = np.searchsorted(row_of_choice, rows, side="left")
    span = np.searchsorted(row_of_choice, rows, side="right") - first
    offset = np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span)
    entry = np.repeat(first, span) + offset
    held_start, held_end = np.repeat(held[:, 1], span), np.repeat(held[:, 2], span)
    offer = choices[entry]
    overlaps = (held_start <= ends[offer]) & (starts[offer] <= held_end)
    placed[entry[overlaps]] = True
    return placed


def held_periods(learners):
    """(learner id, starts on, ends on) of every placement the learners hold or have completed;
    ``learners`` is a list of ids or a queryset of profiles."""
    return (
        Placement.objects.filter(learner__in=learners)
        .exclude(status=Placement.Status.CANCELLED)
        .values_list("learner_id", "starts_on", "ends_on")
    )


def _placement_periods(in_round) -> np.ndarray:
    rows = held_periods(in_round)
    return _array(((learner, s.toordinal(), e.toordinal()) for learner, s, e in rows), 3)


def _by_offer(choices: np.ndarray):
    """Choice indices grouped by offer: ``order[start[o]:start[o + 1]]`` are offer o's."""
    order = np.argsort(choices, kind="stable")
    start = np.searchsorted(choices[order], np.arange(choices.max(initial=-1) + 2))
    return order, start


def _refused(choices, value_of_choice, allowed_of_offer, grouped) -> np.ndarray:
    """Choices of an offer open only to some values (programmes, career stages) whose learner
    has another; an offer with none listed is open to all."""
    order, start = grouped
    refused = np.zeros(len(choices), dtype=bool)
    for o, allowed in enumerate(allowed_of_offer):
        if allowed and o + 1 < len(start):
            mine = order[start[o] : start[o + 1]]
            refused[mine] = ~np.isin(value_of_choice[mine], allowed)
    return refused


def _proficiency_lookup(offers, holders) -> tuple[list[int], Lookup]:
    """The offers' required skills, and the best proficiency each learner has shown in each,
    keyed by (user id, skill's place in that list)."""
    skill_ids = sorted({s.skill_id for offer in offers for s in offer.required_skills.all()})
    best = best_proficiencies(holders, skill_ids)
    slot = {skill: i for i, skill in enumerate(skill_ids)}
    keys = pair_keys([user for user, _ in best], [slot[skill] for _, skill in best])
    return skill_ids, Lookup(keys, list(best.values()))


def _skills_fit(offers, choices, holder_of_choice, proficiency, grouped):
    """Per choice, the summed proficiency over the offer's required skills, and whether the
    learner falls short of one (for offers that do not take learners still in training)."""
    skill_ids, shown_by_learner = proficiency
    slot = {skill: i for i, skill in enumerate(skill_ids)}
    order, start = grouped
    fit = np.zeros(len(choices), dtype=np.int64)
    short = np.zeros(len(choices), dtype=bool)
    for o, offer in enumerate(offers):
        required = list(offer.required_skills.all())
        if not required or o + 1 >= len(start):
            continue
        mine = order[start[o] : start[o + 1]]
        for requirement in required:
            wanted = pair_keys(holder_of_choice[mine], slot[requirement.skill_id])
            shown = shown_by_learner.get(wanted, missing=0)
            fit[mine] += shown
            if not offer.accepts_in_training:
                short[mine] |= shown < requirement.min_proficiency
    return fit, short


def _applicant_ranks(round_, offers, offer_ids, choices, learner_ids, row_of_choice, fit):
    """The enterprise's own ranking where it gave one; after every ranked applicant, better
    skills fit first."""
    given = _array(
        _tuples(
            ApplicantRank.objects.filter(round=round_, offer_id__in=offer_ids.tolist()).values_list(
                "offer_id", "learner_id", "rank"
            )
        ),
        3,
    )
    required = np.array([len(o.required_skills.all()) for o in offers], dtype=np.int64)
    ranked_after = np.zeros(len(offers), dtype=np.int64)
    explicit = np.full(len(choices), -1, dtype=np.int64)
    if len(given):
        offer_of_rank = np.searchsorted(offer_ids, given[:, 0])
        np.maximum.at(ranked_after, offer_of_rank, given[:, 2])
        explicit = lookup(
            pair_keys(offer_of_rank, given[:, 1]),
            given[:, 2] - 1,
            pair_keys(choices, learner_ids[row_of_choice]),
            missing=-1,
        )
    implicit = ranked_after[choices] + 5 * required[choices] - fit
    return np.where(explicit >= 0, explicit, implicit)
