"""Calendars, plans, changes settled by the interface rules, and calendar feeds."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from dovetail.core.errors import ServiceError
from dovetail.placements.models import Placement
from dovetail.scheduling import services
from dovetail.scheduling.models import CalendarWeek, PlanChange


def test_plan_covers_published_placements_and_avoids_closed_weeks(plan, calendar):
    assert (
        plan.entries.count()
        == Placement.objects.filter(round__college__code="college-001").count()
        > 0
    )
    closed = set(calendar.closed_weeks.values_list("index", flat=True))
    for entry in plan.entries.select_related("placement"):
        assert not closed & set(entry.weeks)
        first, last = (
            services.week_of(calendar, entry.placement.starts_on),
            services.week_of(calendar, entry.placement.ends_on),
        )
        assert all(first <= w <= last for w in entry.weeks)
        assert len(entry.weeks) * 40 >= entry.required_hours or entry.unmet_hours > 0
    assert plan.objective <= plan.greedy_objective


def test_concentrated_block_is_one_run(plan):
    for entry in plan.entries.all():
        assert len(services.learner_weeks(entry)) <= 1


def test_calendar_rejects_a_tuesday_and_weeks_outside(persona):
    college = persona("coordinator").memberships.get().organisation
    with pytest.raises(ServiceError) as error:
        services.create_calendar(
            by=persona("coordinator"),
            college=college,
            name="x",
            first_monday=date(2026, 9, 1),
            weeks=40,
        )
    assert error.value.field == "first_monday"
    with pytest.raises(ServiceError) as error:
        services.create_calendar(
            by=persona("coordinator"),
            college=college,
            name="x",
            first_monday=date(2026, 8, 31),
            weeks=10,
            exam_weeks=[11],
        )
    assert error.value.field == "exam_weeks"
    with pytest.raises(PermissionDenied):
        services.create_calendar(
            by=persona("teacher"),
            college=college,
            name="x",
            first_monday=date(2026, 8, 31),
            weeks=10,
        )


def _change(plan, persona, kind):
    entry = plan.entries.exclude(weeks=[]).select_related("placement__offer__zone").first()
    change = services.report_change(
        plan,
        by=persona("coordinator"),
        zone=entry.placement.offer.zone,
        conflict_kind=kind,
        description="The project moved",
        first_week=entry.weeks[0] + 1,
        last_week=entry.weeks[-1] + 1,
    )
    return entry, change


def test_enterprise_prevails_so_the_plan_is_repaired_and_learners_notified(plan, persona):
    entry, change = _change(plan, persona, "project_deadline")  # demo rule: the enterprise prevails
    change = services.settle_change(change, by=persona("coordinator"))
    assert change.outcome == PlanChange.Outcome.REPAIRED
    entry.refresh_from_db()
    moved = {row["learner"] for row in change.diff}
    assert str(entry.placement.learner) in moved
    assert str(entry.placement.learner) in change.notified
    assert not set(entry.weeks) & set(range(change.first_week, change.last_week + 1))
    told = {message.to[0]: message for message in mail.outbox}
    learner = entry.placement.learner.user
    assert told[learner.email].subject == f'Practice plan "{plan.name}" was repaired'
    assert entry.placement.offer.mentor.email in told


def test_college_prevails_so_nobody_moves(plan, persona):
    before = dict(plan.entries.values_list("pk", "weeks"))
    entry, change = _change(plan, persona, "exam_period")  # demo rule: the college prevails
    change = services.settle_change(change, by=persona("coordinator"))
    assert change.outcome == PlanChange.Outcome.COLLEGE_PREVAILS
    assert dict(plan.entries.values_list("pk", "weeks")) == before


def test_unruled_conflicts_go_to_negotiation(plan, persona):
    _, change = _change(plan, persona, "new_order")
    assert (
        services.settle_change(change, by=persona("coordinator")).outcome
        == PlanChange.Outcome.NEGOTIATE
    )
    with pytest.raises(ServiceError):
        services.settle_change(change, by=persona("coordinator"))


def test_only_the_zones_enterprise_or_the_coordinator_report(plan, persona):
    entry = plan.entries.select_related("placement__offer__zone").first()
    zone = entry.placement.offer.zone
    outsider = "hr" if zone.enterprise != persona("hr").memberships.get().organisation else None
    with pytest.raises(ServiceError):
        services.report_change(
            plan,
            by=persona("learner"),
            zone=zone,
            conflict_kind="new_order",
            description="x",
            first_week=1,
            last_week=2,
        )
    if outsider:
        with pytest.raises(ServiceError):
            services.report_change(
                plan,
                by=persona(outsider),
                zone=zone,
                conflict_kind="new_order",
                description="x",
                first_week=1,
                last_week=2,
            )


def test_feed_serves_only_the_owners_weeks(plan):
    entry = (
        plan.entries.exclude(weeks=[])
        .select_related("placement__learner__user", "placement__offer__enterprise")
        .first()
    )
    data = services.person_ics(services.feed_key(entry.placement.learner.user)).decode()
    assert "BEGIN:VEVENT" in data and str(entry.placement.offer.enterprise) in data
    assert data.count("BEGIN:VEVENT") == len(services.learner_weeks(entry))
    assert services.person_ics("not-a-key") is None


def test_calendar_round_trips_through_icalendar(persona, calendar):
    exported = services.calendar_ics(calendar)
    copy = services.create_calendar(
        by=persona("coordinator"),
        college=calendar.college,
        name="copy",
        first_monday=calendar.first_monday,
        weeks=40,
    )
    assert (
        services.import_calendar_ics(copy, "calendar.ics", exported, by=persona("coordinator"))
        == calendar.closed_weeks.count()
    )
    assert list(copy.closed_weeks.values_list("index", "kind")) == list(
        calendar.closed_weeks.values_list("index", "kind")
    )


def test_broken_icalendar_file_is_named(persona, calendar):
    with pytest.raises(ServiceError) as error:
        services.import_calendar_ics(
            calendar, "bad.ics", b"not a calendar", by=persona("coordinator")
        )
    assert "bad.ics" in error.value.message
    assert calendar.closed_weeks.filter(kind=CalendarWeek.Kind.EXAM).exists()


def test_learner_cannot_solve_a_plan(plan, persona):
    with pytest.raises(PermissionDenied):
        services.solve_plan(plan, by=persona("learner"))


def test_unmet_hours_are_explained_with_names(persona, published, calendar):
    from dovetail.scheduling.models import PracticePattern

    plan = services.create_plan(
        by=persona("coordinator"),
        calendar=calendar,
        name="Too much",
        pattern=PracticePattern.objects.get(code="concentrated-block"),
        required_hours=2000,
    )
    services.solve_plan(plan, by=persona("coordinator"))
    plan.refresh_from_db()
    assert plan.diagnoses and "practice weeks but only" in plan.diagnoses[0]
    assert "learner " not in plan.diagnoses[0]


def test_enterprise_periods_shape_the_plan_and_round_trip(persona, plan):
    enterprise = persona("hr").memberships.get().organisation
    calendar = plan.calendar
    period = services.add_period(
        by=persona("hr"),
        enterprise=enterprise,
        kind="closure",
        title="Retooling",
        starts_on=calendar.first_monday,
        ends_on=services.week_start(calendar, 39),
        capacity_days=0,
    )
    fetched = services.fetch_problem(plan)
    rows = [
        i for i, e in enumerate(fetched.entries) if e.placement.offer.enterprise_id == enterprise.pk
    ]
    for row in rows:
        assert fetched.problem.zone_capacity[fetched.problem.learner_zone[row]].sum() == 0
    exported = services.enterprise_ics(enterprise)
    assert b"Retooling" in exported
    with pytest.raises(PermissionDenied):
        services.add_period(
            by=persona("mentor"),
            enterprise=enterprise,
            kind="peak",
            title="x",
            starts_on=period.starts_on,
            ends_on=period.ends_on,
        )
    before = enterprise.periods.count()
    assert services.import_enterprise_ics(enterprise, "e.ics", exported, by=persona("hr")) == before
    assert enterprise.periods.count() == 2 * before


def test_plan_exports_one_row_per_learner(persona, plan):
    columns, rows = services.plan_table(persona("coordinator"), plan)
    assert columns[0] == "learner" and len(rows) == plan.entries.count()
    _, mine = services.plan_table(persona("learner"), plan)
    assert all(row[0] == "learner" for row in mine)


def test_a_learners_commitment_keeps_those_weeks_free(persona, plan):
    entry = plan.entries.exclude(weeks=[]).select_related("placement__learner__user").first()
    learner, calendar, before = entry.placement.learner.user, plan.calendar, list(entry.weeks)
    services.add_commitment(
        by=learner,
        reason="Resit",
        starts_on=services.week_start(calendar, before[0]),
        ends_on=services.week_start(calendar, before[-1]),
    )
    services.solve_plan(plan, by=persona("coordinator"))
    entry.refresh_from_db()
    assert not set(entry.weeks) & set(before)
    with pytest.raises(ServiceError):
        services.add_commitment(
            by=learner, reason="x", starts_on=date(2027, 1, 2), ends_on=date(2027, 1, 1)
        )


def test_mentor_feed_lists_mentees(persona, plan):
    entry = plan.entries.exclude(weeks=[]).select_related("placement__offer").first()
    offer = entry.placement.offer
    offer.mentor = persona("mentor")
    offer.save(update_fields=["mentor"])
    data = services.person_ics(services.feed_key(persona("mentor"))).decode()
    assert "Mentoring" in data


def test_required_hours_default_to_the_programmes_workplace_modules(persona, published, calendar):
    from dovetail.scheduling.models import PracticePattern

    plan = services.create_plan(
        by=persona("coordinator"),
        calendar=calendar,
        name="Programme hours",
        pattern=PracticePattern.objects.get(code="distributed-weeks"),
    )
    entry = plan.entries.select_related("placement__learner__programme").first()
    expected = sum(
        m.hours for m in entry.placement.learner.programme.modules.filter(workplace_based=True)
    )
    assert entry.required_hours == expected > 0


def test_calendar_weeks_import_from_csv_naming_bad_rows(persona, calendar):
    with pytest.raises(ServiceError) as failure:
        content = b"week,kind\n3,exam\n70,holiday\n4,party\n"
        services.import_calendar_file(calendar, "weeks.csv", content, by=persona("coordinator"))
    text = str(failure.value)
    assert "weeks.csv, row 3, column 'week'" in text and "weeks.csv, row 4, column 'kind'" in text
    assert not calendar.closed_weeks.filter(index=2).exists()
    good = b"week,kind\n3,exam\n"
    assert services.import_calendar_file(calendar, "w.csv", good, by=persona("coordinator")) == 1
    _, rows = services.calendar_table(calendar)
    assert rows[0][:2] == [3, "exam"]


def test_enterprise_periods_import_from_csv(persona):
    enterprise = persona("hr").memberships.get().organisation
    content = (
        b"kind,title,starts_on,ends_on,capacity_days\npeak,Autumn orders,2027-09-06,2027-10-29,10\n"
    )
    assert services.import_periods_file(enterprise, "periods.csv", content, by=persona("hr")) == 1
    with pytest.raises(ServiceError) as failure:
        backwards = b"kind,title,starts_on,ends_on\nslack,Quiet,2027-02-01,2027-01-01\n"
        services.import_periods_file(enterprise, "periods.csv", backwards, by=persona("hr"))
    assert "row 2, column 'ends_on'" in str(failure.value)
    _, rows = services.periods_table(persona("hr"), enterprise)
    assert ["peak", "Autumn orders"] in [row[:2] for row in rows]


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        (30, 5, "last_week", "The change ends in week 5, before it starts in week 30."),
        (1, 99, "last_week", "Week 99 is outside the calendar, which has weeks 1 to"),
        (0, 2, "first_week", "Week 0 is outside the calendar"),
    ],
)
def test_a_change_with_bad_weeks_says_what_is_wrong(plan, persona, first, last, field, message):
    entry = plan.entries.select_related("placement__offer__zone").first()
    with pytest.raises(ServiceError, match=message) as refused:
        services.report_change(
            plan,
            by=persona("coordinator"),
            zone=entry.placement.offer.zone,
            conflict_kind="new_order",
            description="x",
            first_week=first,
            last_week=last,
        )
    assert refused.value.field == field
