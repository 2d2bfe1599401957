"""Plan pages: the coordinator's grid, enterprises reporting, learners' own weeks and feed."""

import re

from dovetail.scheduling.models import PlanChange, PracticePattern


def test_coordinator_builds_and_solves_a_plan_from_the_page(client_as, published, calendar):
    client = client_as("coordinator")
    response = client.post(
        "/scheduling/",
        {
            "form": "plan",
            "name": "From the page",
            "calendar": calendar.pk,
            "pattern": PracticePattern.objects.get(code="five-plus-one-months").pk,
            "required_hours": 160,
        },
    )
    assert response.status_code == 302
    plan_url = response["Location"]
    solved = client.post(plan_url + "solve/")
    assert solved.status_code == 302 and "/tasks/" in solved["Location"]
    page = client.get(plan_url).content.decode()
    assert 'class="cell practice"' in page
    assert "Solve again" in page


def test_teacher_sees_the_grid_but_cannot_solve(client_as, plan):
    client = client_as("teacher")
    assert client.get(f"/scheduling/plans/{plan.pk}/").status_code == 200
    assert client.post(f"/scheduling/plans/{plan.pk}/solve/").status_code == 403


def test_learner_sees_own_weeks_and_a_working_feed(client_as, plan):
    entry = plan.entries.exclude(weeks=[]).select_related("placement__learner__user").first()
    from django.test import Client

    client = Client()
    client.force_login(entry.placement.learner.user)
    page = client.get("/scheduling/mine/").content.decode()
    assert f"Weeks {entry.weeks[0] + 1}–{entry.weeks[-1] + 1}" in page
    feed = page.split('href="')[-1].split('"')[0]
    response = Client().get(feed.replace("http://testserver", ""))
    assert response["Content-Type"].startswith("text/calendar")
    assert Client().get("/scheduling/feed/wrong.ics").status_code == 404


def test_enterprise_reports_a_change_for_its_own_zone_only(
    client_as, persona, persona_placed, calendar
):
    from dovetail.scheduling import services

    plan = services.create_plan(
        by=persona("coordinator"),
        calendar=calendar,
        name="With the persona",
        pattern=PracticePattern.objects.get(code="concentrated-block"),
        required_hours=160,
    )
    page = client_as("hr").get(f"/scheduling/plans/{plan.pk}/").content.decode()
    assert "Report a change" in page
    response = client_as("hr").post(
        f"/scheduling/plans/{plan.pk}/",
        {
            "zone": persona_placed.zone_id,
            "conflict_kind": "project_deadline",
            "description": "Project moved",
            "first_week": 3,
            "last_week": 6,
            "capacity_days": 0,
        },
    )
    assert response.status_code == 302
    assert PlanChange.objects.get(plan=plan).outcome == "reported"
    other_zone = (
        plan.entries.exclude(placement__offer__enterprise=persona_placed.enterprise)
        .values_list("placement__offer__zone", flat=True)
        .first()
    )
    if other_zone is not None:
        refused = client_as("hr").post(
            f"/scheduling/plans/{plan.pk}/",
            {
                "zone": other_zone,
                "conflict_kind": "project_deadline",
                "description": "x",
                "first_week": 3,
                "last_week": 6,
                "capacity_days": 0,
            },
        )
        assert refused.status_code == 200 and PlanChange.objects.filter(plan=plan).count() == 1


def test_enterprise_adds_a_peak_season_on_its_calendar_page(client_as, persona):
    enterprise = persona("hr").memberships.get().organisation
    client = client_as("hr")
    response = client.post(
        f"/scheduling/enterprises/{enterprise.pk}/periods/",
        {
            "form": "period",
            "kind": "peak",
            "title": "Spring orders",
            "starts_on": "2027-03-01",
            "ends_on": "2027-04-30",
        },
    )
    assert response.status_code == 302
    assert (
        "Spring orders"
        in client.get(f"/scheduling/enterprises/{enterprise.pk}/periods/").content.decode()
    )
    bad = client.post(
        f"/scheduling/enterprises/{enterprise.pk}/periods/",
        {
            "form": "period",
            "kind": "peak",
            "title": "Backwards",
            "starts_on": "2027-04-30",
            "ends_on": "2027-03-01",
        },
    )
    assert "A period cannot end before it starts." in bad.content.decode()
    page = (
        client_as("mentor")
        .get(f"/scheduling/enterprises/{enterprise.pk}/periods/")
        .content.decode()
    )
    assert "Spring orders" in page and "Add a period" not in page


def test_plan_exports_as_csv(client_as, plan):
    response = client_as("coordinator").get(f"/scheduling/plans/{plan.pk}/export/")
    assert response.content.decode().splitlines()[0].startswith("learner,name,enterprise")


def test_reported_change_waits_on_the_coordinators_home_page(client_as, persona, plan):
    from dovetail.scheduling import services

    entry = plan.entries.select_related("placement__offer__zone").first()
    services.report_change(
        plan,
        by=persona("coordinator"),
        zone=entry.placement.offer.zone,
        conflict_kind="new_order",
        description="Rush order",
        first_week=2,
        last_week=3,
    )
    assert "Settle a change of plans" in client_as("coordinator").get("/").content.decode()
    assert "Settle a change of plans" not in client_as("teacher").get("/").content.decode()


def test_learner_adds_and_removes_a_commitment(client_as, persona):
    from dovetail.scheduling.models import Commitment

    learner = client_as("learner")
    page = learner.get("/scheduling/mine/").content.decode()
    assert 'name="reason"' in page and 'type="date"' in page
    missing = learner.post("/scheduling/mine/", {"reason": "Resit", "starts_on": "2027-03-01"})
    assert "This field is required." in missing.content.decode()
    saved = learner.post(
        "/scheduling/mine/",
        {"reason": "Maths resit", "starts_on": "2027-03-01", "ends_on": "2027-03-03"},
    )
    assert saved.status_code == 302
    commitment = Commitment.objects.get(learner=persona("learner"))
    assert "Maths resit" in learner.get("/scheduling/mine/").content.decode()
    # nobody else removes it
    assert client_as("teacher").post(
        "/scheduling/mine/", {"remove": commitment.pk}
    ).status_code in (
        403,
        404,
    )
    learner.post("/scheduling/mine/", {"remove": commitment.pk})
    assert not Commitment.objects.filter(pk=commitment.pk).exists()


def test_date_fields_hold_iso_dates_in_chinese(client_as):
    page = client_as("learner", "zh-hans").get("/records/diary/").content.decode()
    value = re.search(r'type="date" name="written_on" value="([^"]*)"', page)
    assert value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.group(1))


def test_the_officer_sees_the_regions_plans_but_no_learners_weeks(client_as, plan):
    officer = client_as("officer")
    listing = officer.get("/scheduling/").content.decode()
    assert plan.name in listing and "No plans yet" not in listing
    page = officer.get(f"/scheduling/plans/{plan.pk}/")
    assert page.status_code == 200
    assert "data-placement=" not in page.content.decode()
    assert officer.post(f"/scheduling/plans/{plan.pk}/solve/").status_code == 403
