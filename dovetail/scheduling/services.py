"""Academic calendars, practice plans solved with the scheduling engine, changes and repairs.

A plan covers the published placements of a college's learners. Each week of the calendar is a
column; exam and holiday weeks and the weeks outside a learner's placement are closed to them; a
zone hosts its usual learners-times-five learner-days a week except where the enterprise's
periods (peak season, closures, reported changes that were applied) say otherwise.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event
from pydantic import BaseModel, Field

from dovetail.core import audit
from dovetail.core.agenda import AgendaItem, agenda_source
from dovetail.core.errors import ServiceError
from dovetail.core.models import Organisation
from dovetail.core.notifications import notification_kind, notify
from dovetail.core.permissions import CHANGE, may, require, visible
from dovetail.core.tabular import ImportFailed, RowError, read_rows, validate_rows
from dovetail.core.tasks import long_task, submit
from dovetail.core.uploads import CALENDAR, check_bytes
from dovetail.curriculum.services import workplace_hours_by_programme
from dovetail.engines import scheduling
from dovetail.partnerships.models import Partnership, TemporalPriorityRule
from dovetail.partnerships.services import prevailing_party
from dovetail.placements.models import Placement
from dovetail.scheduling.models import (
    AcademicCalendar,
    CalendarWeek,
    Commitment,
    EnterprisePeriod,
    FeedKey,
    PlanChange,
    PlanEntry,
    PracticePattern,
    PracticePlan,
)

# The practice patterns of the seeds, kept as data the coordinator picks from:
# (code, name, Chinese name, hours per practice week, weeks per block, gap, one block)
DEFAULT_PATTERNS = [
    (
        "concentrated-block",
        "Concentrated block (2+1, 2.5+0.5, slack period)",
        "集中实习（2+1、2.5+0.5、淡季集中）",
        40,
        0,
        0,
        True,
    ),
    (
        "five-plus-one-months",
        "Blocks of four weeks with school between (5+1 months)",
        "四周一段、间隔在校（5+1 月）",
        40,
        4,
        16,
        False,
    ),
    (
        "four-plus-one-days",
        "One day a week at the enterprise (4+1 days)",
        "每周一天在企业（4+1 天）",
        8,
        0,
        0,
        False,
    ),
    ("distributed-weeks", "Distributed whole weeks", "分散整周实习", 40, 0, 0, False),
]
DAYS_PER_LEARNER = 5
MENTOR_DAYS_PER_WEEK = 25  # a mentor supervises up to five full-time learners a week
FAR_TRIP, NEAR_TRIP = 50, 10  # rural learners are taken to live far from the enterprise


def ensure_default_patterns(**kwargs):
    """post_migrate hook: every database offers the standard patterns (and keeps any edits)."""
    for code, name, name_zh, hours, block, gap, single in DEFAULT_PATTERNS:
        PracticePattern.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_zh": name_zh,
                "hours_per_week": hours,
                "block_weeks": block,
                "min_gap": gap,
                "single_block": single,
            },
        )


# -- calendars ---------------------------------------------------------------------------


def create_calendar(
    *,
    by,
    college: Organisation,
    name: str,
    first_monday: date,
    weeks: int,
    exam_weeks=(),
    holiday_weeks=(),
) -> AcademicCalendar:
    """A practice year; week numbers in ``exam_weeks`` and ``holiday_weeks`` start at 1."""
    calendar = AcademicCalendar(college=college, name=name, first_monday=first_monday, weeks=weeks)
    require(by, CHANGE, calendar)
    if first_monday.weekday() != 0:
        raise ServiceError(_("A calendar starts on a Monday."), field="first_monday")
    if not 1 <= weeks <= 60:
        raise ServiceError(_("A calendar has 1 to 60 weeks."), field="weeks")
    closed = {
        **{w: CalendarWeek.Kind.EXAM for w in exam_weeks},
        **{w: CalendarWeek.Kind.HOLIDAY for w in holiday_weeks},
    }
    if any(not 1 <= w <= weeks for w in closed):
        raise ServiceError(_("A closed week lies outside the calendar."), field="exam_weeks")
    with transaction.atomic():
        calendar.save()
        CalendarWeek.objects.bulk_create(
            CalendarWeek(calendar=calendar, index=w - 1, kind=kind)
            for w, kind in sorted(closed.items())
        )
        audit.record(by, "calendar.create", calendar)
    return calendar


def week_start(calendar: AcademicCalendar, index: int) -> date:
    return calendar.first_monday + timedelta(weeks=index)


def week_of(calendar: AcademicCalendar, day: date) -> int:
    return (day - calendar.first_monday).days // 7


def import_calendar_ics(calendar: AcademicCalendar, name: str, content: bytes, *, by) -> int:
    """Mark exam and holiday weeks from an iCalendar file: events whose CATEGORIES or SUMMARY
    say EXAM or HOLIDAY close every week they touch. Returns how many weeks were closed."""
    require(by, CHANGE, calendar)
    parsed = _parse_ics(name, content)
    closed = {}
    for number, event in enumerate(parsed.walk("VEVENT"), start=1):
        label = _event_label(event)
        kind = (
            CalendarWeek.Kind.EXAM
            if "exam" in label
            else CalendarWeek.Kind.HOLIDAY
            if "holiday" in label
            else None
        )
        if kind is None:
            continue
        start, end = _event_days(event, name, number)
        for index in range(
            week_of(calendar, start), week_of(calendar, end - timedelta(days=1)) + 1
        ):
            if 0 <= index < calendar.weeks:
                closed[index] = kind
    with transaction.atomic():
        for index, kind in closed.items():
            CalendarWeek.objects.update_or_create(
                calendar=calendar, index=index, defaults={"kind": kind}
            )
    return len(closed)


def _event_days(event, name, number) -> tuple[date, date]:
    try:
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND") if event.get("DTEND") else start + timedelta(days=1)
    except (KeyError, ValueError):
        raise ServiceError(
            f"{name}: event {number} has no readable DTSTART", field="file"
        ) from None
    return _as_date(start), _as_date(end)


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def calendar_ics(calendar: AcademicCalendar) -> bytes:
    ical = _ical(f"{calendar.name}")
    for week in calendar.closed_weeks.all():
        start = week_start(calendar, week.index)
        _add_event(
            ical, f"{week.get_kind_display()}", start, start + timedelta(weeks=1), week.kind.upper()
        )
    return ical.to_ical()


def _ical(name: str) -> Calendar:
    ical = Calendar()
    ical.add("prodid", "-//Dovetail//practice scheduling//EN")
    ical.add("version", "2.0")
    ical.add("x-wr-calname", name)
    return ical


def _add_event(ical, summary, start, end, category, uid=None):
    event = Event()
    event.add("uid", uid or f"{category}-{start.isoformat()}-{abs(hash(summary))}@dovetail")
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", timezone.now())
    event.add("categories", [category])
    ical.add_component(event)


# -- enterprise calendars ----------------------------------------------------------------


def add_period(
    *,
    by,
    enterprise: Organisation,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date,
    zone=None,
    capacity_days=None,
) -> EnterprisePeriod:
    """A peak season, slack period, project or closure in the enterprise's year."""
    period = EnterprisePeriod(
        enterprise=enterprise,
        zone=zone,
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity_days=capacity_days,
    )
    require(by, CHANGE, period)
    if kind not in EnterprisePeriod.Kind.values:
        raise ServiceError(_("Unknown kind of period."), field="kind")
    if ends_on < starts_on:
        raise ServiceError(_("A period cannot end before it starts."), field="ends_on")
    if zone is not None and zone.enterprise_id != enterprise.pk:
        raise ServiceError(_("The zone belongs to another enterprise."), field="zone")
    period.save()
    audit.record(by, "period.create", period)
    return period


def enterprise_ics(enterprise: Organisation) -> bytes:
    ical = _ical(str(enterprise))
    for period in enterprise.periods.all():
        _add_event(
            ical,
            period.title,
            period.starts_on,
            period.ends_on + timedelta(days=1),
            period.kind.upper(),
            uid=f"period-{period.pk}@dovetail",
        )
    return ical.to_ical()


def import_enterprise_ics(enterprise: Organisation, name: str, content: bytes, *, by) -> int:
    """Periods from an iCalendar file: CATEGORIES PEAK, SLACK, PROJECT or CLOSURE (else PROJECT)."""
    parsed = _parse_ics(name, content)
    periods = []
    for number, event in enumerate(parsed.walk("VEVENT"), start=1):
        start, end = _event_days(event, name, number)
        label = _event_label(event)
        kind = next(
            (k for k in EnterprisePeriod.Kind.values if k in label), EnterprisePeriod.Kind.PROJECT
        )
        periods.append((kind, str(event.get("SUMMARY", kind)), start, end - timedelta(days=1)))
    # One transaction: a calendar half-imported would plan against half the enterprise's year.
    with transaction.atomic():
        for kind, title, start, end in periods:
            add_period(
                by=by,
                enterprise=enterprise,
                kind=kind,
                title=title[:200],
                starts_on=start,
                ends_on=max(start, end),
            )
    return len(periods)


def _parse_ics(name: str, content: bytes) -> Calendar:
    check_bytes(name, content, CALENDAR)
    try:
        return Calendar.from_ical(content)
    except ValueError as error:
        raise ServiceError(f"{name}: not an iCalendar file ({error})", field="file") from None


def _event_label(event) -> str:
    categories = event.get("CATEGORIES")
    return (
        f"{categories.to_ical().decode() if categories else ''} {event.get('SUMMARY', '')}".lower()
    )


# -- plans -------------------------------------------------------------------------------


def create_plan(
    *,
    by,
    calendar: AcademicCalendar,
    name: str,
    pattern: PracticePattern,
    required_hours: int | None = None,
) -> PracticePlan:
    """A plan for every active placement of the college's learners that overlaps the calendar.

    Without ``required_hours``, each learner needs the hours of their programme's
    workplace-based modules.
    """
    plan = PracticePlan(college=calendar.college, calendar=calendar, name=name, created_by=by)
    require(by, CHANGE, plan)
    if required_hours is not None and required_hours < 1:
        raise ServiceError(_("Required hours must be positive."), field="required_hours")
    year_end = week_start(calendar, calendar.weeks)
    placements = Placement.objects.filter(
        learner__college=calendar.college,
        status=Placement.Status.ACTIVE,
        starts_on__lt=year_end,
        ends_on__gte=calendar.first_monday,
    ).select_related("offer", "learner")
    workplace_hours = workplace_hours_by_programme({p.learner.programme_id for p in placements})
    with transaction.atomic():
        plan.save()
        PlanEntry.objects.bulk_create(
            PlanEntry(
                plan=plan,
                placement=placement,
                pattern=pattern,
                required_hours=required_hours
                or workplace_hours.get(placement.learner.programme_id, 0),
                travel_cost=_trip_cost(placement),
            )
            for placement in placements
        )
        audit.record(by, "plan.create", plan, {"placements": len(placements)})
    return plan


def _trip_cost(placement) -> int:
    if placement.offer.mode != placement.offer.Mode.ON_SITE:
        return 0
    return FAR_TRIP if placement.learner.rural else NEAR_TRIP


@dataclass(frozen=True)
class PlanInput:
    problem: scheduling.SchedulingProblem
    entries: list[PlanEntry]
    zones: list[int]


def fetch_problem(plan: PracticePlan, *, extra_changes=()) -> PlanInput:
    calendar = plan.calendar
    n_weeks = calendar.weeks
    entries = list(
        plan.entries.select_related(
            "placement__offer__zone", "placement__learner__user", "pattern"
        ).order_by("pk")
    )
    zones = sorted({e.placement.offer.zone_id for e in entries})
    zone_index = {z: i for i, z in enumerate(zones)}
    zone_objects = {e.placement.offer.zone_id: e.placement.offer.zone for e in entries}
    capacity = np.array(
        [[zone_objects[z].capacity * DAYS_PER_LEARNER] * n_weeks for z in zones], dtype=np.int64
    ).reshape(len(zones), n_weeks)
    peak = np.zeros((len(zones), n_weeks), dtype=bool)
    enterprises = {zone_objects[z].enterprise_id for z in zones}
    for period in EnterprisePeriod.objects.filter(enterprise__in=enterprises):
        if period.zone_id is None:
            rows = [
                zone_index[z]
                for z in zones
                if zone_objects[z].enterprise_id == period.enterprise_id
            ]
        else:
            rows = [zone_index[period.zone_id]] if period.zone_id in zone_index else []
        first = max(week_of(calendar, period.starts_on), 0)
        last = min(week_of(calendar, period.ends_on), n_weeks - 1)
        for row in rows:
            if period.kind == EnterprisePeriod.Kind.PEAK:
                peak[row, first : last + 1] = True
            if period.capacity_days is not None:
                capacity[row, first : last + 1] = period.capacity_days
    applied = list(plan.changes.filter(outcome=PlanChange.Outcome.REPAIRED)) + list(extra_changes)
    for change in applied:
        if change.zone_id in zone_index:
            capacity[zone_index[change.zone_id], change.first_week : change.last_week + 1] = (
                change.capacity_days
            )
    closed = np.zeros(n_weeks, dtype=bool)
    closed[list(calendar.closed_weeks.values_list("index", flat=True))] = True
    blocked = np.tile(closed, (len(entries), 1))
    commitments = {}
    for commitment in Commitment.objects.filter(
        learner__in=[e.placement.learner.user_id for e in entries]
    ):
        commitments.setdefault(commitment.learner_id, []).append(commitment)
    for row, entry in enumerate(entries):
        placement = entry.placement
        blocked[row, : max(week_of(calendar, placement.starts_on), 0)] = True
        blocked[row, max(week_of(calendar, placement.ends_on) + 1, 0) :] = True
        for commitment in commitments.get(placement.learner.user_id, ()):
            first = max(week_of(calendar, commitment.starts_on), 0)
            blocked[row, first : max(week_of(calendar, commitment.ends_on) + 1, 0)] = True
    patterns = list({e.pattern_id: e.pattern for e in entries}.values())
    pattern_index = {p.pk: i for i, p in enumerate(patterns)}
    mentors = sorted({e.placement.offer.mentor_id for e in entries if e.placement.offer.mentor_id})
    mentor_index = {m: i for i, m in enumerate(mentors)}
    problem = scheduling.SchedulingProblem(
        learner_enterprise=np.array(
            [e.placement.offer.enterprise_id for e in entries], dtype=np.int64
        ),
        learner_zone=np.array(
            [zone_index[e.placement.offer.zone_id] for e in entries], dtype=np.int64
        ),
        learner_mentor=np.array(
            [mentor_index.get(e.placement.offer.mentor_id, -1) for e in entries], dtype=np.int64
        ),
        learner_pattern=np.array([pattern_index[e.pattern_id] for e in entries], dtype=np.int64),
        required_hours=np.array([e.required_hours for e in entries], dtype=np.int64),
        blocked=blocked,
        travel_cost=np.array([e.travel_cost for e in entries], dtype=np.int64),
        zone_capacity=capacity,
        peak=peak,
        mentor_capacity=np.full(len(mentors), MENTOR_DAYS_PER_WEEK, dtype=np.int64),
        patterns=tuple(
            scheduling.Pattern(p.hours_per_week, p.block_weeks, p.min_gap, p.single_block)
            for p in patterns
        ),
    )
    return PlanInput(problem, entries, zones)


def _weeks_matrix(fetched: PlanInput) -> np.ndarray:
    weeks = np.zeros((len(fetched.entries), fetched.problem.n_weeks), dtype=bool)
    for row, entry in enumerate(fetched.entries):
        weeks[row, entry.weeks] = True
    return weeks


def _write(fetched: PlanInput, plan_result) -> None:
    for row, entry in enumerate(fetched.entries):
        entry.weeks = np.nonzero(plan_result.weeks[row])[0].tolist()
        entry.unmet_hours = int(plan_result.unmet_hours[row])
    PlanEntry.objects.bulk_update(fetched.entries, ["weeks", "unmet_hours"])


def solve_plan(plan: PracticePlan, *, by, progress=None) -> dict:
    """Solve the plan with CP-SAT and store every learner's weeks (all or nothing)."""
    require(by, CHANGE, plan)
    if progress:
        progress.start(3, _("Reading calendars and placements"))
    fetched = fetch_problem(plan)
    if progress:
        progress.advance(message=_("Solving"))
    result = scheduling.solve(fetched.problem, time_limit_s=2.0)
    greedy = scheduling.first_fit(fetched.problem)
    diagnoses = _diagnoses_in_words(fetched, result)
    if progress:
        progress.advance(message=_("Writing the plan"))
    # One transaction: a plan half-written would send learners conflicting weeks.
    with transaction.atomic():
        _write(fetched, result)
        plan.status = PracticePlan.Status.SOLVED
        plan.objective = result.objective
        plan.greedy_objective = greedy.objective
        plan.diagnoses = diagnoses
        plan.solved_at = timezone.now()
        plan.save(
            update_fields=["status", "objective", "greedy_objective", "diagnoses", "solved_at"]
        )
        audit.record(by, "plan.solve", plan, {"objective": result.objective})
    if progress:
        progress.advance(message=_("Done"))
    return {
        "objective": result.objective,
        "greedy_objective": greedy.objective,
        "unmet_hours": int(result.unmet_hours.sum()),
    }


def _diagnoses_in_words(fetched: PlanInput, result) -> list[str]:
    """The engine's reasons, with learners and zones named."""
    zones = {e.placement.offer.zone_id: e.placement.offer.zone for e in fetched.entries}
    return scheduling.diagnose(
        fetched.problem,
        result,
        learner_names=[str(e.placement.learner) for e in fetched.entries],
        zone_names=[str(zones[z]) for z in fetched.zones],
    )


def plan_summary_lines(result: dict) -> list[tuple[str, object]]:
    """A solve's result in words, for the progress page."""
    return [
        (_("Hours that could not be planned"), result["unmet_hours"]),
        (_("Plan cost (lower is better)"), result["objective"]),
        (_("Cost of a first-come plan, for comparison"), result["greedy_objective"]),
    ]


@long_task("solve_practice_plan", summary=plan_summary_lines)
def solve_plan_task(progress, *, plan_id: int, by_id: int) -> dict:
    from dovetail.core.models import User

    return solve_plan(
        PracticePlan.objects.get(pk=plan_id), by=User.objects.get(pk=by_id), progress=progress
    )


# -- changes and repair ------------------------------------------------------------------


def report_change(
    plan: PracticePlan,
    *,
    by,
    zone,
    conflict_kind: str,
    description: str,
    first_week: int,
    last_week: int,
    capacity_days: int = 0,
) -> PlanChange:
    """An enterprise (or the coordinator) reports that a zone can host fewer learners."""
    if not (may(by, CHANGE, zone) or may(by, CHANGE, plan)):
        raise ServiceError(
            _("Only the enterprise's managers or the coordinator report changes."), code="forbidden"
        )
    if conflict_kind not in TemporalPriorityRule.ConflictKind.values:
        raise ServiceError(_("Unknown kind of change."), field="conflict_kind")
    weeks = plan.calendar.weeks
    for field, week in (("first_week", first_week), ("last_week", last_week)):
        if not 1 <= week <= weeks:
            raise ServiceError(
                _("Week %(week)s is outside the calendar, which has weeks 1 to %(weeks)s.")
                % {"week": week, "weeks": weeks},
                field=field,
            )
    if last_week < first_week:
        raise ServiceError(
            _("The change ends in week %(last)s, before it starts in week %(first)s.")
            % {"last": last_week, "first": first_week},
            field="last_week",
        )
    change = PlanChange.objects.create(
        plan=plan,
        zone=zone,
        conflict_kind=conflict_kind,
        description=description[:300],
        first_week=first_week - 1,
        last_week=last_week - 1,
        capacity_days=capacity_days,
        reported_by=by,
    )
    audit.record(by, "plan.change_reported", change)
    return change


PLAN_CHANGED = notification_kind(
    "plan_changed",
    gettext_lazy("Practice plan changes"),
    gettext_lazy(
        "A change an enterprise reported is settled: your practice weeks moved, or the college's "
        "calendar prevailed, or the partners will negotiate."
    ),
)


def _tell_about_change(change: PlanChange, people) -> None:
    notify(
        PLAN_CHANGED,
        people,
        "scheduling/mail/plan_changed.txt",
        {
            "plan": change.plan.name,
            "zone": change.zone.name,
            "outcome": change.outcome,
            "first_week": change.first_week + 1,
            "last_week": change.last_week + 1,
            "moved": len(change.diff),
        },
        url=reverse("scheduling:plan", args=[change.plan_id]),
    )


def settle_change(change: PlanChange, *, by) -> PlanChange:
    """Apply the partnership's priority rule: repair the plan when the enterprise's timing wins."""
    plan = change.plan
    require(by, CHANGE, plan)
    if change.outcome != PlanChange.Outcome.REPORTED:
        raise ServiceError(_("This change is already settled."), code="settled")
    partnership = Partnership.objects.filter(
        college=plan.college, enterprise=change.zone.enterprise
    ).first()
    rule = (
        prevailing_party(partnership, change.conflict_kind, on=timezone.localdate())
        if partnership
        else None
    )
    party = rule[0] if rule else TemporalPriorityRule.Party.NEGOTIATE
    if party == TemporalPriorityRule.Party.COLLEGE:
        change.outcome = PlanChange.Outcome.COLLEGE_PREVAILS
        change.notified = [str(change.reported_by)] if change.reported_by else []
    elif party == TemporalPriorityRule.Party.NEGOTIATE:
        change.outcome = PlanChange.Outcome.NEGOTIATE
        change.notified = [str(change.reported_by)] if change.reported_by else []
    else:
        return _repair(change, by=by)
    change.save(update_fields=["outcome", "notified"])
    audit.record(by, "plan.change_settled", change, {"outcome": change.outcome})
    _tell_about_change(change, [change.reported_by])
    return change


def start_settling(change: PlanChange, *, by):
    """Settle the change as a task (a repair solves the plan again); returns the task run."""
    require(by, CHANGE, change.plan)
    if change.outcome != PlanChange.Outcome.REPORTED:
        raise ServiceError(_("This change is already settled."), code="settled")
    return submit("settle_plan_change", by=by, change_id=change.pk, by_id=by.pk)


def change_summary_lines(result: dict) -> list[tuple[str, object]]:
    return [(_("Outcome"), result["outcome_label"]), (_("Learners moved"), result["moved"])]


@long_task("settle_plan_change", summary=change_summary_lines)
def settle_change_task(progress, *, change_id: int, by_id: int) -> dict:
    from dovetail.core.models import User

    progress.note(_("Applying the agreement's priority rule"))
    change = settle_change(PlanChange.objects.get(pk=change_id), by=User.objects.get(pk=by_id))
    return {
        "change_id": change.pk,
        "outcome": change.outcome,
        "outcome_label": str(change.get_outcome_display()),
        "moved": len(change.diff),
    }


def _repair(change: PlanChange, *, by) -> PlanChange:
    plan = change.plan
    fetched = fetch_problem(plan, extra_changes=[change])
    before = _weeks_matrix(fetched)
    result, moved = scheduling.repair(fetched.problem, before, time_limit_s=2.0)
    diff, told = [], set()
    for row in np.nonzero(moved)[0]:
        entry = fetched.entries[row]
        diff.append(
            {
                "learner": str(entry.placement.learner),
                "before": [w + 1 for w in np.nonzero(before[row])[0].tolist()],
                "after": [w + 1 for w in np.nonzero(result.weeks[row])[0].tolist()],
            }
        )
        told.add(entry.placement.learner.user)
        if entry.placement.offer.mentor_id:
            told.add(entry.placement.offer.mentor)
    if diff and change.reported_by:
        told.add(change.reported_by)
    # One transaction: the repaired weeks and the record of who moved land together.
    with transaction.atomic():
        _write(fetched, result)
        plan.objective = result.objective
        plan.diagnoses = _diagnoses_in_words(fetched, result)
        plan.save(update_fields=["objective", "diagnoses"])
        change.outcome = PlanChange.Outcome.REPAIRED
        change.diff = diff
        change.notified = sorted(str(person) for person in told)
        change.save(update_fields=["outcome", "diff", "notified"])
        audit.record(by, "plan.repaired", change, {"moved": len(diff)})
        _tell_about_change(change, told)
    return change


# -- reading -----------------------------------------------------------------------------


def plans_of(user):
    return visible(user, PracticePlan).select_related("college", "calendar")


def plan_grid(user, plan: PracticePlan) -> dict:
    """Rows of weeks for the plan page: the academic calendar, then each visible learner."""
    calendar = plan.calendar
    closed = dict(calendar.closed_weeks.values_list("index", "kind"))
    fetched = fetch_problem(plan)
    visible_ids = set(visible(user, plan.entries.all()).values_list("pk", flat=True))
    rows = []
    for row, entry in enumerate(fetched.entries):
        if entry.pk not in visible_ids:
            continue
        zone = fetched.problem.learner_zone[row]
        cells = []
        planned = set(entry.weeks)
        for w in range(calendar.weeks):
            if w in planned:
                state = "practice"
            elif fetched.problem.blocked[row, w]:
                state = "closed"
            elif fetched.problem.zone_capacity[zone, w] == 0:
                state = "zone-closed"
            elif fetched.problem.peak[zone, w]:
                state = "peak"
            else:
                state = "school"
            cells.append(state)
        rows.append({"entry": entry, "cells": cells})
    return {
        "weeks": [
            {"number": w + 1, "starts": week_start(calendar, w), "closed": closed.get(w, "")}
            for w in range(calendar.weeks)
        ],
        "rows": rows,
    }


def entries_of_learner(user):
    return visible(user, PlanEntry.objects.filter(placement__learner__user=user)).select_related(
        "plan__calendar", "placement__offer__enterprise"
    )


def learner_weeks(entry: PlanEntry) -> list[dict]:
    """The learner's practice as runs of consecutive weeks, with dates."""
    calendar = entry.plan.calendar
    runs, current = [], []
    for w in sorted(entry.weeks):
        if current and w != current[-1] + 1:
            runs.append(current)
            current = []
        current.append(w)
    if current:
        runs.append(current)
    return [
        {
            "first": run[0] + 1,
            "last": run[-1] + 1,
            "starts": week_start(calendar, run[0]),
            "ends": week_start(calendar, run[-1]) + timedelta(days=4),
        }
        for run in runs
    ]


def feed_key(user) -> str:
    return FeedKey.objects.get_or_create(user=user)[0].key


def person_ics(key: str) -> bytes | None:
    """A person's own plan as iCalendar, for the subscription URL; None for an unknown key."""
    owner = FeedKey.objects.filter(key=key).select_related("user").first()
    if owner is None:
        return None
    ical = _ical(_("Practice plan of %(name)s") % {"name": owner.user})
    mentored = PlanEntry.objects.filter(placement__offer__mentor=owner.user).select_related(
        "plan__calendar", "placement__offer__enterprise", "placement__learner__user"
    )
    for entry in mentored:
        for run in learner_weeks(entry):
            _add_event(
                ical,
                _("Mentoring %(learner)s") % {"learner": entry.placement.learner},
                run["starts"],
                run["ends"] + timedelta(days=1),
                "MENTORING",
                uid=f"plan-{entry.plan_id}-mentor-{entry.pk}-week-{run['first']}@dovetail",
            )
    for entry in entries_of_learner(owner.user):
        for run in learner_weeks(entry):
            _add_event(
                ical,
                _("Practice at %(enterprise)s") % {"enterprise": entry.placement.offer.enterprise},
                run["starts"],
                run["ends"] + timedelta(days=1),
                "PRACTICE",
                uid=f"plan-{entry.plan_id}-entry-{entry.pk}-week-{run['first']}@dovetail",
            )
    return ical.to_ical()


def feed_url(request, user) -> str:
    return request.build_absolute_uri(reverse("scheduling:feed", args=[feed_key(user)]))


def plan_table(user, plan: PracticePlan) -> tuple[list[str], list[list]]:
    """The plan as rows for CSV or Excel: one learner a row, their practice weeks and dates."""
    columns = [
        "learner",
        "name",
        "enterprise",
        "zone",
        "pattern",
        "weeks",
        "first_day",
        "last_day",
        "unmet_hours",
    ]
    rows = []
    for entry in visible(user, plan.entries.all()).select_related(
        "placement__learner__user",
        "placement__offer__enterprise",
        "placement__offer__zone",
        "pattern",
        "plan__calendar",
    ):
        runs = learner_weeks(entry)
        rows.append(
            [
                entry.placement.learner.user.username,
                entry.placement.learner.user.full_name,
                entry.placement.offer.enterprise.name,
                entry.placement.offer.zone.name,
                entry.pattern.code,
                " ".join(str(w + 1) for w in entry.weeks),
                runs[0]["starts"].isoformat() if runs else "",
                runs[-1]["ends"].isoformat() if runs else "",
                entry.unmet_hours,
            ]
        )
    return columns, rows


def add_commitment(*, by, reason: str, starts_on: date, ends_on: date) -> Commitment:
    """A learner records a commitment; plans solved afterwards keep those weeks free."""
    if ends_on < starts_on:
        raise ServiceError(_("A commitment cannot end before it starts."), field="ends_on")
    commitment = Commitment(learner=by, reason=reason, starts_on=starts_on, ends_on=ends_on)
    if not reason.strip():
        raise ServiceError(_("Say what the commitment is."), field="reason")
    commitment.reason = reason.strip()
    require(by, CHANGE, commitment)
    commitment.save()
    return commitment


def commitments_of(user):
    """The learner's own other commitments, soonest first."""
    return visible(user, Commitment).filter(learner=user).order_by("starts_on")


def remove_commitment(commitment: Commitment, *, by) -> None:
    require(by, CHANGE, commitment)
    commitment.delete()


class CalendarWeekRow(BaseModel):
    week: int = Field(ge=1, le=60)
    kind: CalendarWeek.Kind


class PeriodRow(BaseModel):
    kind: EnterprisePeriod.Kind
    title: str = Field(min_length=1, max_length=200)
    starts_on: date
    ends_on: date
    capacity_days: int | None = Field(default=None, ge=0)


def import_calendar_file(calendar: AcademicCalendar, name: str, content: bytes, *, by) -> int:
    """Exam and holiday weeks from .ics or from CSV/Excel (columns week, kind); all or nothing."""
    if name.lower().endswith(".ics"):
        return import_calendar_ics(calendar, name, content, by=by)
    require(by, CHANGE, calendar)
    rows, errors = validate_rows(name, read_rows(name, content), CalendarWeekRow)
    errors += [
        RowError(
            name, number, "week", f"week {row.week} is after the calendar's {calendar.weeks} weeks"
        )
        for number, row in rows
        if row.week > calendar.weeks
    ]
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        for _number, row in rows:
            CalendarWeek.objects.update_or_create(
                calendar=calendar, index=row.week - 1, defaults={"kind": row.kind}
            )
    return len(rows)


def import_periods_file(enterprise: Organisation, name: str, content: bytes, *, by) -> int:
    """Enterprise periods from .ics or from CSV/Excel (kind, title, starts_on, ends_on,
    capacity_days); all or nothing."""
    if name.lower().endswith(".ics"):
        return import_enterprise_ics(enterprise, name, content, by=by)
    rows, errors = validate_rows(name, read_rows(name, content), PeriodRow)
    errors += [
        RowError(name, number, "ends_on", "the period ends before it starts")
        for number, row in rows
        if row.ends_on < row.starts_on
    ]
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        for _number, row in rows:
            add_period(by=by, enterprise=enterprise, **row.model_dump())
    return len(rows)


def calendar_table(calendar: AcademicCalendar) -> tuple[list[str], list[list]]:
    return ["week", "kind", "starts_on"], [
        [week.index + 1, week.kind, week_start(calendar, week.index).isoformat()]
        for week in calendar.closed_weeks.all()
    ]


def periods_table(user, enterprise: Organisation) -> tuple[list[str], list[list]]:
    return ["kind", "title", "starts_on", "ends_on", "capacity_days"], [
        [p.kind, p.title, p.starts_on.isoformat(), p.ends_on.isoformat(), p.capacity_days]
        for p in visible(user, enterprise.periods.all())
    ]


@agenda_source
def agenda_for(user, *, today: date) -> list[AgendaItem]:
    """Changes of plans waiting for the coordinator to settle them."""
    changes = visible(user, PlanChange.objects.filter(outcome=PlanChange.Outcome.REPORTED))
    return [
        AgendaItem(
            _("Settle a change of plans"),
            f"{change.description} · {change.zone}",
            reverse("scheduling:plan", args=[change.plan_id]),
            today,
            urgent=True,
        )
        for change in changes.select_related("zone", "plan")[:8]
        if may(user, CHANGE, change.plan)
    ]
