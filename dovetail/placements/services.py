"""Placement offers, matching rounds and placements.

A round is fetched into the matching engine's arrays (:func:`fetch_problem`), matched, and its
allocations written with their explanations in one transaction. Eligibility comes from data: the
partnership's interface rules and the learner's clearance, the offer's programmes and career
stages, and the learner's competencies against the offer's required skills.
"""

import random
from datetime import date

import numpy as np
import orjson
from django.db import connection, transaction
from django.db.models import Case, Count, F, Q, When
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from pydantic import BaseModel, Field

from dovetail.core import audit
from dovetail.core.agenda import AgendaItem, agenda_source
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile, Membership, Organisation, Region, Role, User
from dovetail.core.notifications import Message, notification_kind, notify, send
from dovetail.core.permissions import (
    CHANGE,
    access,
    actor_for,
    may,
    organisations_for,
    require,
    visible,
)
from dovetail.core.tabular import ImportFailed, RowError, read_rows, validate_rows
from dovetail.core.tasks import long_task, submit
from dovetail.engines import matching
from dovetail.partnerships.models import Partnership, Zone
from dovetail.partnerships.services import participation_decisions
from dovetail.placements.models import (
    RESERVE_GROUPS,
    Allocation,
    ApplicantRank,
    Offer,
    OfferSkill,
    Placement,
    Preference,
    Round,
)
from dovetail.placements.policies import RANK_OFFERS, REVIEW, reviewable
from dovetail.placements.round_input import Ineligible, RoundInput, fetch_problem, held_periods
from dovetail.records.services import best_proficiencies

RULE_NAMES = {
    Ineligible.CLEARANCE: "clearance",
    Ineligible.PROGRAMME: "programme",
    Ineligible.STAGE: "stage",
    Ineligible.SKILLS: "skills",
    Ineligible.PLACED: "placed",
}


# -- offers ------------------------------------------------------------------------------


def _check_offer(offer: Offer, skills):
    if offer.zone.enterprise_id != offer.enterprise_id:
        raise ServiceError(_("The zone belongs to another enterprise."), field="zone")
    if offer.seats < 1:
        raise ServiceError(_("An offer needs at least one seat."), field="seats")
    if offer.ends_on < offer.starts_on:
        raise ServiceError(_("An offer cannot end before it starts."), field="ends_on")
    if sum(offer.reserves) > offer.seats:
        raise ServiceError(_("More seats are reserved than the offer has."), field="reserved_rural")
    unknown = set(offer.eligible_stages) - set(LearnerProfile.CareerStage.values)
    if unknown:
        raise ServiceError(
            _("Unknown career stage %(stage)s.") % {"stage": ", ".join(sorted(unknown))},
            field="eligible_stages",
        )
    if (
        offer.mentor_id
        and not Membership.objects.filter(
            user_id=offer.mentor_id, organisation_id=offer.enterprise_id, role=Role.MENTOR
        ).exists()
    ):
        raise ServiceError(_("The mentor must be a mentor of this enterprise."), field="mentor")
    for _skill, level in skills:
        if not 1 <= level <= 5:
            raise ServiceError(_("Proficiency runs from 1 to 5."), field="required_skills")


OFFER_FIELDS = (
    "zone",
    "title",
    "description",
    "seats",
    "starts_on",
    "ends_on",
    "mode",
    "eligible_stages",
    "accepts_in_training",
    "mentor",
    "reserved_rural",
    "reserved_disadvantaged",
    "reserved_disability",
)


def create_offer(
    *, by, enterprise: Organisation, programmes=(), required_skills=(), **fields
) -> Offer:
    """Post an offer for review by the partner colleges' coordinators."""
    offer = Offer(
        enterprise=enterprise, created_by=by, **{k: fields[k] for k in fields if k in OFFER_FIELDS}
    )
    require(by, CHANGE, offer)
    _check_offer(offer, required_skills)
    # One transaction: an offer without its required skills would be matched too loosely.
    with transaction.atomic():
        offer.save()
        offer.eligible_programmes.set(programmes)
        OfferSkill.objects.bulk_create(
            OfferSkill(offer=offer, skill=skill, min_proficiency=level)
            for skill, level in required_skills
        )
        audit.record(by, "offer.create", offer)
    return offer


def update_offer(offer: Offer, *, by, programmes=None, required_skills=None, **fields) -> Offer:
    """Edit an offer; once edited, an approved offer goes back to the colleges for review."""
    require(by, CHANGE, offer)
    changed = audit.apply_changes(offer, {k: v for k, v in fields.items() if k in OFFER_FIELDS})
    skills = (
        required_skills
        if required_skills is not None
        else [(s.skill, s.min_proficiency) for s in offer.required_skills.select_related("skill")]
    )
    _check_offer(offer, skills)
    if not changed and programmes is None and required_skills is None:
        return offer
    if offer.status == Offer.Status.APPROVED:
        changed["status"] = [offer.status, Offer.Status.SUBMITTED]
        offer.status = Offer.Status.SUBMITTED
    with transaction.atomic():
        offer.save()
        if programmes is not None:
            offer.eligible_programmes.set(programmes)
        if required_skills is not None:
            offer.required_skills.all().delete()
            OfferSkill.objects.bulk_create(
                OfferSkill(offer=offer, skill=skill, min_proficiency=level)
                for skill, level in required_skills
            )
        audit.record(by, "offer.update", offer, changed)
    return offer


OFFER_RETURNED = notification_kind(
    "offer_returned",
    _lazy("Offers returned"),
    _lazy("A partner college returned an offer you posted, saying what to change."),
)
ROUND_PUBLISHED = notification_kind(
    "round_published",
    _lazy("Matching results"),
    _lazy("A matching round is published: where you are placed, or who comes to your offer."),
)


def review_offer(offer: Offer, *, by, approve: bool, note: str = "") -> Offer:
    """A partner college's coordinator approves an offer (it joins open rounds) or returns it
    with a note saying what to change."""
    require(by, REVIEW, offer)
    note = note.strip()
    if not approve and not note:
        raise ServiceError(
            _("Say what the enterprise should change before it submits the offer again."),
            field="note",
        )
    old = offer.status
    offer.status = Offer.Status.APPROVED if approve else Offer.Status.RETURNED
    offer.review_note = note[:300]
    with transaction.atomic():
        offer.save(update_fields=["status", "review_note", "updated_at"])
        if approve:
            for round_ in _open_rounds_for(offer):
                round_.offers.add(offer)
        audit.record(by, "offer.review", offer, {"status": [old, offer.status], "note": note})
        if not approve:
            notify(
                OFFER_RETURNED,
                [offer.created_by],
                "placements/mail/offer_returned.txt",
                {"offer": offer.title, "college": str(by_college(by)), "note": offer.review_note},
                url=reverse("placements:offer-edit", args=[offer.pk]),
            )
    return offer


def required_skill_ids(offer_id: int) -> list[int]:
    return list(OfferSkill.objects.filter(offer_id=offer_id).values_list("skill_id", flat=True))


def by_college(user) -> Organisation | None:
    """The college ``user`` acts for (the first, for a person in several)."""
    return Organisation.objects.filter(
        memberships__user=user, kind=Organisation.Kind.COLLEGE
    ).first()


def _open_rounds_for(offer):
    colleges = Partnership.objects.filter(
        enterprise_id=offer.enterprise_id, status=Partnership.Status.ACTIVE
    ).values("college")
    regions = Organisation.objects.filter(pk__in=colleges).values("region")
    return Round.objects.filter(
        Q(college__in=colleges) | Q(region__in=regions), status=Round.Status.OPEN
    )


def offers_awaiting_review(user):
    return list(
        visible(user, Offer)
        .filter(reviewable(actor_for(user)), status=Offer.Status.SUBMITTED)
        .select_related("enterprise", "zone")
    )


# -- rounds ------------------------------------------------------------------------------


def round_learners(round_: Round):
    """The learners a round is for: its college's, or every college's of its region."""
    if round_.is_regional:
        return LearnerProfile.objects.filter(college__region_id=round_.region_id)
    return LearnerProfile.objects.filter(college_id=round_.college_id)


def _partner_enterprises(round_: Round):
    if round_.is_regional:
        colleges = Q(college__region_id=round_.region_id)
    else:
        colleges = Q(college_id=round_.college_id)
    return Partnership.objects.filter(colleges, status=Partnership.Status.ACTIVE).values(
        "enterprise"
    )


def open_round(
    *,
    by,
    name: str,
    preference_deadline,
    precedence: str,
    college: Organisation | None = None,
    region=None,
    seed=None,
):
    """Open a round for a college's learners over the approved offers of its partners, or a
    regional round (``region``) for every college of the region over all their partners' offers."""
    round_ = Round(
        college=None if region else college,
        region=region,
        name=name,
        preference_deadline=preference_deadline,
        precedence=precedence,
        seed=seed if seed is not None else random.SystemRandom().randrange(2**31),
        created_by=by,
    )
    require(by, CHANGE, round_)
    if precedence not in Round.Precedence.values:
        raise ServiceError(_("Unknown reserve mechanism."), field="precedence")
    with transaction.atomic():
        round_.save()
        round_.offers.set(
            Offer.objects.filter(
                enterprise__in=_partner_enterprises(round_), status=Offer.Status.APPROVED
            )
        )
        audit.record(by, "round.open", round_)
    return round_


def set_preferences(round_: Round, *, by, offer_ids: list[int]) -> list[Preference]:
    """A learner's ranked choices for the round, replacing any earlier ones."""
    learner = round_learners(round_).filter(user=by).first()
    if learner is None or not may(by, RANK_OFFERS, round_):
        raise ServiceError(_("Only learners of this college rank its offers."), code="forbidden")
    if not round_.can_change_preferences(timezone.now()):
        raise ServiceError(
            _("This round no longer takes preferences."), field="offers", code="closed"
        )
    if len(set(offer_ids)) != len(offer_ids):
        raise ServiceError(_("Each offer may be ranked once."), field="offers")
    in_round = set(round_.offers.filter(pk__in=offer_ids).values_list("pk", flat=True))
    missing = [o for o in offer_ids if o not in in_round]
    if missing:
        raise ServiceError(
            _("Offer %(offer)s is not part of this round.") % {"offer": missing[0]}, field="offers"
        )
    with transaction.atomic():
        Preference.objects.filter(round=round_, learner=learner).delete()
        created = Preference.objects.bulk_create(
            Preference(round=round_, learner=learner, offer_id=offer, rank=rank)
            for rank, offer in enumerate(offer_ids, start=1)
        )
    return created


def order_by_rank(entries: list[tuple[int, str, str]], *, field: str) -> list[int]:
    """The ids of ``(id, name, rank as typed)`` entries in rank order, leaving out blank ranks;
    a rank that is not a whole number from 1, or that two entries share, is refused by name."""
    ranked: dict[int, tuple[int, str]] = {}
    for item, name, typed in entries:
        typed = (typed or "").strip()
        if not typed:
            continue
        if not typed.isdigit() or int(typed) < 1:
            raise ServiceError(
                _("%(name)s: a rank is a whole number from 1 (not %(typed)s).")
                % {"name": name, "typed": typed},
                field=field,
            )
        rank = int(typed)
        if rank in ranked:
            raise ServiceError(
                _("%(first)s and %(second)s are both ranked %(rank)s: give each a different rank.")
                % {"first": ranked[rank][1], "second": name, "rank": rank},
                field=field,
            )
        ranked[rank] = (item, name)
    return [item for _rank, (item, _name) in sorted(ranked.items())]


def rank_applicants(round_: Round, offer: Offer, *, by, learner_ids: list[int]) -> None:
    """The enterprise's order of applicants to one offer (best first); others rank after, by fit."""
    require(by, CHANGE, offer)
    applied = set(
        Preference.objects.filter(round=round_, offer=offer).values_list("learner_id", flat=True)
    )
    strangers = [learner for learner in learner_ids if learner not in applied]
    if strangers:
        raise ServiceError(_("Only applicants to this offer can be ranked."), field="learners")
    with transaction.atomic():
        ApplicantRank.objects.filter(round=round_, offer=offer).delete()
        ApplicantRank.objects.bulk_create(
            ApplicantRank(round=round_, offer=offer, learner_id=learner, rank=rank)
            for rank, learner in enumerate(learner_ids, start=1)
        )


# -- imports -----------------------------------------------------------------------------


class PreferenceRow(BaseModel):
    learner: str
    offer: int
    rank: int = Field(ge=1, le=50)


class ApplicantRankRow(BaseModel):
    offer: int
    learner: str
    rank: int = Field(ge=1, le=10000)


def import_preferences(round_: Round, name: str, content: bytes, *, by) -> dict:
    """Learners' rankings collected elsewhere (learner username, offer id, rank); all or nothing."""
    require(by, CHANGE, round_)
    rows, errors = validate_rows(name, read_rows(name, content), PreferenceRow)
    learners = dict(
        round_learners(round_)
        .filter(user__username__in={row.learner for _, row in rows})
        .values_list("user__username", "pk")
    )
    offers = set(round_.offers.values_list("pk", flat=True))
    seen = set()
    for number, row in rows:
        if row.learner not in learners:
            errors.append(
                RowError(name, number, "learner", f"no learner {row.learner!r} in this college")
            )
        elif row.offer not in offers:
            errors.append(
                RowError(name, number, "offer", f"offer {row.offer} is not in this round")
            )
        elif (row.learner, row.offer) in seen or (row.learner, -row.rank) in seen:
            errors.append(
                RowError(name, number, "rank", "the learner already ranked this offer or rank")
            )
        seen.update({(row.learner, row.offer), (row.learner, -row.rank)})
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    with transaction.atomic():
        ids = {learners[row.learner] for _, row in rows}
        Preference.objects.filter(round=round_, learner_id__in=ids).delete()
        Preference.objects.bulk_create(
            Preference(
                round=round_, learner_id=learners[row.learner], offer_id=row.offer, rank=row.rank
            )
            for _, row in rows
        )
        audit.record(by, "round.import_preferences", round_, {"file": name, "rows": len(rows)})
    return {"learners": len(ids), "preferences": len(rows)}


def import_applicant_ranks(round_: Round, name: str, content: bytes, *, by) -> dict:
    """Enterprises' rankings of applicants (offer id, learner username, rank); all or nothing."""
    rows, errors = validate_rows(name, read_rows(name, content), ApplicantRankRow)
    offers = {o.pk: o for o in round_.offers.all()}
    applied = {
        (offer, username): learner
        for offer, username, learner in Preference.objects.filter(round=round_).values_list(
            "offer_id", "learner__user__username", "learner_id"
        )
    }
    ranks_given: dict[tuple[int, int], int] = {}
    for number, row in rows:
        offer = offers.get(row.offer)
        earlier = ranks_given.setdefault((row.offer, row.rank), number)
        if earlier != number:
            errors.append(
                RowError(
                    name,
                    number,
                    "rank",
                    f"rank {row.rank} for offer {row.offer} is also on row"
                    f" {earlier}: give each applicant a different rank",
                )
            )
        elif offer is None:
            errors.append(
                RowError(name, number, "offer", f"offer {row.offer} is not in this round")
            )
        elif not may(by, CHANGE, offer) and not may(by, CHANGE, round_):
            errors.append(
                RowError(name, number, "offer", f"you may not rank applicants to offer {row.offer}")
            )
        elif (row.offer, row.learner) not in applied:
            errors.append(
                RowError(
                    name, number, "learner", f"{row.learner!r} did not apply to offer {row.offer}"
                )
            )
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    with transaction.atomic():
        for offer_id in {row.offer for _, row in rows}:
            ApplicantRank.objects.filter(round=round_, offer_id=offer_id).delete()
        ApplicantRank.objects.bulk_create(
            ApplicantRank(
                round=round_,
                offer_id=row.offer,
                learner_id=applied[(row.offer, row.learner)],
                rank=row.rank,
            )
            for _, row in rows
        )
    return {"ranks": len(rows)}


# -- matching ----------------------------------------------------------------------------


def _placed_periods(learner_ids) -> dict[int, list[tuple[date, date]]]:
    """Each learner's periods already taken by a placement (active or completed)."""
    periods: dict[int, list[tuple[date, date]]] = {}
    for learner, starts, ends in held_periods(learner_ids):
        periods.setdefault(learner, []).append((starts, ends))
    return periods


def _overlaps(offer: Offer, periods) -> bool:
    return any(starts <= offer.ends_on and offer.starts_on <= ends for starts, ends in periods)


def eligibility_for(profile: LearnerProfile, offers) -> dict[int, str]:
    """{offer id: why the learner may not take it, or ""}: shown before they rank."""
    offers = list(offers)
    today = timezone.localdate()
    decisions = participation_decisions([(profile.user_id, o.zone) for o in offers], on=today)
    skills = {s.skill_id for o in offers for s in o.required_skills.all()}
    proficiency = best_proficiencies([profile.user_id], skills)
    placed = _placed_periods([profile.pk]).get(profile.pk, [])
    result = {}
    for offer in offers:
        decision = decisions[(profile.user_id, offer.zone_id)]
        reason = _ineligibility(profile, offer, decision, proficiency, placed)
        if reason is None:
            result[offer.pk] = ""
        else:
            item = {"reason": "not_eligible", "rule": RULE_NAMES[reason], "detail": decision.reason}
            result[offer.pk] = describe(item)
    return result


def _ineligibility(
    learner: LearnerProfile, offer: Offer, decision, proficiency, placed=()
) -> Ineligible | None:
    if _overlaps(offer, placed):
        return Ineligible.PLACED
    if not decision.allowed:
        return Ineligible.CLEARANCE
    programmes = offer.eligible_programmes.all()
    if programmes and learner.programme_id not in {p.pk for p in programmes}:
        return Ineligible.PROGRAMME
    if offer.eligible_stages and learner.career_stage not in offer.eligible_stages:
        return Ineligible.STAGE
    if not offer.accepts_in_training and any(
        proficiency.get((learner.user_id, s.skill_id), 0) < s.min_proficiency
        for s in offer.required_skills.all()
    ):
        return Ineligible.SKILLS
    return None


def run_round(round_: Round, *, by, early: bool = False, progress=None) -> dict:
    """Match the round and store every learner's allocation and explanation (or nothing).

    Before the preference deadline it runs only when asked to run ``early``: learners who have
    not ranked yet would be left out without a word.
    """
    require(by, CHANGE, round_)
    if not round_.can_run():
        raise ServiceError(_("A published round cannot be run again."), code="published")
    if not early and timezone.now() < round_.preference_deadline:
        raise ServiceError(
            _(
                "Preferences are open until %(deadline)s: learners who have not ranked yet would"
                " be left out. Run it early only on purpose."
            )
            % {
                "deadline": formats.date_format(
                    timezone.localtime(round_.preference_deadline), "DATETIME_FORMAT"
                )
            },
            code="before_deadline",
        )
    if progress:
        progress.start(3, _("Reading preferences"))
    fetched = fetch_problem(round_)
    if progress:
        progress.advance(message=_("Matching"))
    result = matching.match(fetched.problem, seed=round_.seed, precedence=round_.precedence)
    if progress:
        progress.advance(message=_("Writing results"))
    rows = _allocation_rows(fetched, result)
    summary = _summary(fetched, result)
    # One transaction: the old results are replaced by the new ones, or stay as they were.
    with transaction.atomic():
        Allocation.objects.filter(round=round_).delete()
        _write_allocations(round_, rows)
        round_.status = Round.Status.MATCHED
        round_.matched_at = timezone.now()
        round_.summary = summary
        round_.save(update_fields=["status", "matched_at", "summary"])
        audit.record(by, "round.run", round_, summary)
    if progress:
        progress.advance(message=_("Done"))
    return summary


def _allocation_rows(fetched: RoundInput, result) -> list[tuple]:
    """(learner id, offer id or None, choice or None, explanation) for every learner."""
    problem = fetched.problem
    table = matching.explain_all(problem, result)
    offer_pks = [offer.pk for offer in fetched.offers]
    titles = [offer.title for offer in fetched.offers]
    entry = problem.choice_ptr[table.learner] + table.choice
    detail = np.where(
        table.code == Ineligible.CLEARANCE, fetched.reason_of_choice[entry], -1
    ).tolist()
    explanations: list[list[dict]] = [[] for _ in range(problem.n_learners)]
    for learner, offer, choice, reason, code, ranked, yours, cutoff, lottery, why in zip(
        table.learner.tolist(),
        table.offer.tolist(),
        table.choice.tolist(),
        table.reason.tolist(),
        table.code.tolist(),
        table.ranked.tolist(),
        table.your_rank.tolist(),
        table.cutoff_rank.tolist(),
        table.lost_on_lottery.tolist(),
        detail,
        strict=True,
    ):
        explanations[learner].append(
            {
                "offer": offer_pks[offer],
                "offer_title": titles[offer],
                "choice": choice + 1,
                "reason": matching.REASONS[reason],
                "rule": RULE_NAMES.get(code, "") if code else "",
                "detail": fetched.reasons[why] if why >= 0 else "",
                "your_rank": yours + 1 if ranked else None,
                "cutoff_rank": cutoff + 1 if ranked else None,
                "lost_on_lottery": lottery,
            }
        )
    assigned = result.assignment.tolist()
    positions = result.position.tolist()
    return [
        (
            learner,
            offer_pks[assigned[i]] if assigned[i] >= 0 else None,
            positions[i] + 1 if assigned[i] >= 0 else None,
            explanations[i],
        )
        for i, learner in enumerate(fetched.learner_ids.tolist())
    ]


NULL = "\\N"


def _write_allocations(round_: Round, rows: list[tuple]) -> None:
    """Store a round's allocations: PostgreSQL's COPY for a region's worth, bulk INSERTs
    elsewhere."""
    if connection.vendor == "postgresql":
        table = Allocation._meta.db_table
        columns = "round_id, learner_id, offer_id, choice, explanation"
        # COPY's text format: tab-separated, \N for null, backslashes doubled
        lines = "".join(
            "\t".join(
                (
                    str(round_.pk),
                    str(learner),
                    NULL if offer is None else str(offer),
                    NULL if choice is None else str(choice),
                    orjson.dumps(why).decode().replace("\\", "\\\\"),
                )
            )
            + "\n"
            for learner, offer, choice, why in rows
        )
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            copy.write(lines.encode())
        return
    Allocation.objects.bulk_create(
        (
            Allocation(
                round=round_, learner_id=learner, offer_id=offer, choice=choice, explanation=why
            )
            for learner, offer, choice, why in rows
        ),
        batch_size=2000,
    )


def _summary(fetched: RoundInput, result) -> dict:
    placed = result.assignment >= 0
    groups = fetched.problem.groups
    by_group = {
        field: {
            "learners": int(((groups >> bit) & 1).sum()),
            "placed": int((((groups >> bit) & 1) & placed).sum()),
        }
        for bit, field in enumerate(RESERVE_GROUPS)
    }
    return {
        "learners": len(fetched.learner_ids),
        "offers": len(fetched.offers),
        "seats": int(fetched.problem.capacities.sum()),
        "placed": int(placed.sum()),
        "first_choice": int((result.position == 0).sum()),
        "unplaced": int((~placed).sum()),
        "by_group": by_group,
        "seed": result.seed,
        "precedence": result.precedence,
    }


GROUP_NAMES = {
    "rural": _lazy("Rural learners"),
    "disadvantaged": _lazy("Disadvantaged learners"),
    "disability": _lazy("Learners with a disability"),
}


def outcome_by_group(summary: dict) -> list[tuple[str, int, int]]:
    """(group, learners, placed) for each reserved group in a run's summary."""
    return [
        (GROUP_NAMES.get(group, group), counts["learners"], counts["placed"])
        for group, counts in (summary or {}).get("by_group", {}).items()
    ]


def round_summary_lines(summary: dict) -> list[tuple[str, object]]:
    """A run's summary in words, for the progress page."""
    lines = [
        (_("Learners who ranked offers"), summary["learners"]),
        (_("Offers / seats"), f"{summary['offers']} / {summary['seats']}"),
        (_("Placed"), summary["placed"]),
        (_("Placed on their first choice"), summary["first_choice"]),
        (_("Not placed"), summary["unplaced"]),
    ]
    for group, learners, placed in outcome_by_group(summary):
        if learners:
            lines.append((_("%(group)s placed") % {"group": group}, f"{placed} / {learners}"))
    return lines


def start_run(round_: Round, *, by, early: bool = False):
    """Start matching the round as a task (see :func:`run_round`); returns the task run."""
    require(by, CHANGE, round_)
    return submit("run_matching_round", by=by, round_id=round_.pk, by_id=by.pk, early=early)


@long_task("run_matching_round", summary=round_summary_lines)
def run_round_task(progress, *, round_id: int, by_id: int, early: bool = False) -> dict:
    by = User.objects.get(pk=by_id)
    return run_round(Round.objects.get(pk=round_id), by=by, early=early, progress=progress)


def preview_round(round_: Round, *, by) -> dict:
    """What the coordinator checks before running: who takes part and who cannot be placed."""
    require(by, CHANGE, round_)
    fetched = fetch_problem(round_)
    problem = fetched.problem
    eligible_entries = problem.ineligible == 0
    learner_of_entry = np.repeat(np.arange(problem.n_learners), np.diff(problem.choice_ptr))
    has_eligible = np.zeros(problem.n_learners, dtype=bool)
    has_eligible[learner_of_entry[eligible_entries]] = True
    reasons = {
        RULE_NAMES[Ineligible(code)]: int((problem.ineligible == code).sum()) for code in Ineligible
    }
    return {
        "learners": problem.n_learners,
        "college_learners": round_learners(round_).count(),
        "offers": problem.n_offers,
        "seats": int(problem.capacities.sum()),
        "reserved": int(problem.reserves.sum()),
        "preferences": len(problem.choices),
        "ineligible_choices": reasons,
        "without_eligible_choice": int((~has_eligible).sum()),
    }


def publish_round(round_: Round, *, by) -> int:
    """Turn the round's allocations into placements; returns how many were created."""
    require(by, CHANGE, round_)
    if not round_.can_publish():
        raise ServiceError(_("Only a matched, unpublished round can be published."), code="state")
    allocations = list(
        Allocation.objects.filter(round=round_, offer__isnull=False).select_related(
            "offer__enterprise", "learner__user"
        )
    )
    placed = _placed_periods([a.learner_id for a in allocations])
    clashes = [a for a in allocations if _overlaps(a.offer, placed.get(a.learner_id, ()))]
    if clashes:
        names = ", ".join(str(a.learner.user) for a in clashes[:5])
        more = len(clashes) - 5
        raise ServiceError(
            _(
                "%(count)s learners already hold a placement in the period of the offer they were"
                " matched to (%(names)s%(more)s). Run the round again: they are now ineligible"
                " for those offers."
            )
            % {"count": len(clashes), "names": names, "more": f" +{more}" if more > 0 else ""},
            code="overlap",
        )
    with transaction.atomic():
        created = Placement.objects.bulk_create(
            Placement(
                learner_id=a.learner_id,
                offer=a.offer,
                round=round_,
                starts_on=a.offer.starts_on,
                ends_on=a.offer.ends_on,
            )
            for a in allocations
        )
        round_.status = Round.Status.PUBLISHED
        round_.published_at = timezone.now()
        round_.save(update_fields=["status", "published_at"])
        audit.record(by, "round.publish", round_, {"placements": len(created)})
        _tell_results(round_, allocations)
    return len(created)


def _tell_results(round_: Round, placed: list[Allocation]) -> None:
    """Each learner hears where they are placed (or that they are not); each offer's poster hears
    who is coming."""
    by_offer: dict[int, list[Allocation]] = {}
    for allocation in placed:
        by_offer.setdefault(allocation.offer_id, []).append(allocation)
    mine = reverse("placements:mine")
    messages = []
    for allocations in by_offer.values():
        offer = allocations[0].offer
        details = {
            "round": round_.name,
            "offer": offer.title,
            "enterprise": offer.enterprise.name,
            "starts_on": offer.starts_on.isoformat(),
            "ends_on": offer.ends_on.isoformat(),
        }
        learners = [a.learner.user_id for a in allocations]
        messages.append(
            Message(ROUND_PUBLISHED, learners, "placements/mail/placed.txt", details, mine)
        )
        if offer.created_by_id:
            names = sorted(str(a.learner.user) for a in allocations)
            messages.append(
                Message(
                    ROUND_PUBLISHED,
                    [offer.created_by_id],
                    "placements/mail/offer_filled.txt",
                    {**details, "learners": names},
                    reverse("placements:offer", args=[offer.pk]),
                )
            )
    unplaced = list(
        Allocation.objects.filter(round=round_, offer__isnull=True).values_list(
            "learner__user_id", flat=True
        )
    )
    if unplaced:
        messages.append(
            Message(
                ROUND_PUBLISHED,
                unplaced,
                "placements/mail/not_placed.txt",
                {"round": round_.name},
                mine,
            )
        )
    send(messages)


# -- reading -----------------------------------------------------------------------------


def describe(item: dict) -> str:
    """One explanation, in words, in the current language."""
    reason = item["reason"]
    if reason == "not_eligible":
        rule = item["rule"]
        if rule == "clearance":
            return _("Not eligible: %(detail)s") % {"detail": item["detail"] or _("clearance")}
        if rule == "programme":
            return _("Not eligible: the offer is not open to your programme.")
        if rule == "stage":
            return _("Not eligible: the offer is not open to your career stage.")
        if rule == "placed":
            return _("Not eligible: you already hold a placement during this offer's period.")
        return _("Not eligible: you do not yet meet the required skills.")
    if reason == "no_seats":
        return _("The offer has no seats.")
    if reason == "reserved":
        return _(
            "Full: you ranked %(yours)s, but the remaining seats are reserved for learners "
            "from groups the offer supports."
        ) % {"yours": item["your_rank"]}
    if item["lost_on_lottery"]:
        return _(
            "Full: the last seat went to an applicant ranked equal to you (%(rank)s); the "
            "recorded lottery decided the tie."
        ) % {"rank": item["cutoff_rank"]}
    return _(
        "Full: the enterprise ranked you %(yours)s; the last seat went to the applicant ranked "
        "%(cutoff)s."
    ) % {"yours": item["your_rank"], "cutoff": item["cutoff_rank"]}


def allocations_of(user, round_: Round):
    return (
        visible(user, Allocation.objects.filter(round=round_))
        .select_related("learner__user", "offer__enterprise")
        .order_by("offer_id", "learner_id")
    )


def explained_allocations(user, round_: Round, *, learner=None) -> list[tuple[Allocation, list]]:
    """Allocations the user may see, each with its explanation in words."""
    allocations = allocations_of(user, round_)
    if learner is not None:
        allocations = allocations.filter(learner=learner)
    return explained(allocations)


def explained(allocations) -> list[tuple[Allocation, list]]:
    return [(a, [(item, describe(item)) for item in a.explanation]) for a in allocations]


RESULT_OUTCOMES = {
    "placed": Q(offer__isnull=False),
    "unplaced": Q(offer__isnull=True),
    "first": Q(choice=1),
}


def filtered_allocations(user, round_: Round, *, outcome="", group="", search="", offer=None):
    """A round's results the user may see, narrowed as the results page asks: placed or not (or
    on their first choice), a reserved-seat group, a name or student number, an offer."""
    allocations = allocations_of(user, round_)
    if outcome in RESULT_OUTCOMES:
        allocations = allocations.filter(RESULT_OUTCOMES[outcome])
    if group in RESERVE_GROUPS:
        allocations = allocations.filter(**{f"learner__{group}": True})
    if search:
        allocations = allocations.filter(
            Q(learner__user__full_name__icontains=search)
            | Q(learner__user__username__icontains=search)
            | Q(learner__student_number=search)
        )
    if offer:
        allocations = allocations.filter(offer_id=offer)
    return allocations


def result_rows(user, round_: Round) -> tuple[list[str], list[list]]:
    columns = ["learner", "name", "offer", "enterprise", "choice", "explanation"]
    rows = [
        [
            a.learner.user.username,
            a.learner.user.full_name,
            a.offer.title if a.offer else "",
            a.offer.enterprise.name if a.offer else "",
            a.choice or "",
            " | ".join(
                f"#{item['choice']} {item['offer_title']}: {describe(item)}"
                for item in a.explanation
            ),
        ]
        for a in allocations_of(user, round_)
    ]
    return columns, rows


def round_offers(user, round_: Round):
    """The round's offers the user may see, with how many learners ranked each."""
    return (
        visible(user, round_.offers.all())
        .select_related("enterprise", "zone")
        .prefetch_related("eligible_programmes", "required_skills")
        .annotate(applicants=Count("preferences", filter=Q(preferences__round=round_)))
        # a grouped query has no order of its own: without one, PostgreSQL lists the offers
        # differently from one page to the next
        .order_by("starts_on", "title", "pk")
    )


def open_round_for_learner(user):
    profile = LearnerProfile.objects.filter(user=user).first()
    if profile is None:
        return None, None
    region = Organisation.objects.filter(pk=profile.college_id).values("region")
    rounds = Round.objects.filter(Q(college_id=profile.college_id) | Q(region__in=region)).order_by(
        # the open round first: a learner ranks there; otherwise the latest published, for results
        Case(When(status=Round.Status.OPEN, then=0), default=1),
        F("published_at").desc(nulls_last=True),
        "-created_at",
    )
    return profile, rounds.first()


def preferences_of(profile: LearnerProfile, round_: Round) -> list[int]:
    return list(
        Preference.objects.filter(round=round_, learner=profile)
        .order_by("rank")
        .values_list("offer_id", flat=True)
    )


def placements_of(user):
    return visible(user, Placement).select_related("offer__enterprise", "learner__user")


def placement_for(user, placement_id):
    """One placement the user may see; 404 otherwise."""
    return access(user, Placement, placement_id)


def zones_for_offers(user, enterprise):
    return visible(user, Zone.objects.filter(enterprise=enterprise))


def regions_for_rounds(user) -> list[Region]:
    """The regions whose regional rounds ``user`` may open (as their officer)."""
    return list(Region.objects.filter(pk__in=actor_for(user).officer_region_ids).order_by("code"))


def rounds_of(user):
    return visible(user, Round).select_related("college", "region").order_by("-created_at")


def offer_list(user):
    return visible(user, Offer).select_related("enterprise", "zone").order_by("-created_at")


def applicants_of(round_: Round, offer: Offer, *, by) -> list[dict]:
    """An offer's applicants in a round, in the enterprise's current order (explicit, then fit)."""
    require(by, CHANGE, offer)
    preferences = Preference.objects.filter(round=round_, offer=offer).select_related(
        "learner__user"
    )
    explicit = dict(
        ApplicantRank.objects.filter(round=round_, offer=offer).values_list("learner_id", "rank")
    )
    skills = list(offer.required_skills.all())
    proficiency = best_proficiencies(
        [p.learner.user_id for p in preferences], [s.skill_id for s in skills]
    )
    rows = [
        {
            "learner": p.learner,
            "their_rank": p.rank,
            "rank": explicit.get(p.learner_id),
            "fit": sum(proficiency.get((p.learner.user_id, s.skill_id), 0) for s in skills),
        }
        for p in preferences
    ]
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, -r["fit"]))


@agenda_source
def agenda_for(user, *, today) -> list[AgendaItem]:
    """Offers to review, rounds to run, choices to make and applicants to rank."""
    items = []
    for offer in offers_awaiting_review(user)[:8]:
        items.append(
            AgendaItem(
                _("Review placement offer"),
                f"{offer.title} · {offer.enterprise}",
                reverse("placements:offer", args=[offer.pk]),
            )
        )
    now = timezone.now()
    for round_ in rounds_of(user).filter(status__in=[Round.Status.OPEN, Round.Status.MATCHED])[:5]:
        deadline = timezone.localtime(round_.preference_deadline).date()
        if may(user, CHANGE, round_):
            title = (
                _("Run the matching round")
                if now > round_.preference_deadline or round_.status == Round.Status.MATCHED
                else _("Matching round collecting preferences")
            )
            items.append(
                AgendaItem(
                    title, str(round_), reverse("placements:round", args=[round_.pk]), deadline
                )
            )
            continue
        profile = round_learners(round_).filter(user=user).first()
        if (
            profile
            and round_.can_change_preferences(now)
            and not Preference.objects.filter(round=round_, learner=profile).exists()
        ):
            items.append(
                AgendaItem(
                    _("Rank your placement choices"),
                    str(round_),
                    reverse("placements:mine"),
                    deadline,
                    urgent=(deadline - today).days < 3,
                )
            )
        elif round_.status == Round.Status.OPEN:
            # only for the enterprises whose offers are in the round, straight to the applicants
            own = round_.offers.filter(enterprise__in=organisations_for(user, CHANGE, Offer))
            offer = own.order_by("pk").first()
            if offer is not None:
                items.append(
                    AgendaItem(
                        _("Rank the applicants to your offers"),
                        f"{round_} · {offer.title}",
                        reverse("placements:applicants", args=[round_.pk, offer.pk]),
                        deadline,
                    )
                )
    return items
