"""The records journey in a real browser: a diary written and signed, a co-assessment flagged and
reconciled, a simulator's xAPI statements — and the learner's competency profile growing."""

import base64
import json
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from dovetail.core.tests.files import PNG
from dovetail.core.tests.test_browser import browser, pick_skill, region, sign_in  # noqa: F401
from dovetail.lrs import services as lrs
from dovetail.skills.models import Skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _post_statement(live_server, key, secret, statement):
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    request = urllib.request.Request(
        f"{live_server.url}/xapi/statements",
        data=json.dumps(statement).encode(),
        headers={
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 200


def test_diary_co_assessment_and_simulator_evidence_reach_the_profile(
    browser,  # noqa: F811
    live_server,
    region,  # noqa: F811
    placement,
    tmp_path,
):
    skills = list(Skill.objects.exclude(kind=Skill.Kind.GROUP).order_by("code")[:3])
    last_week = timezone.localdate() - timedelta(days=7)
    photo = tmp_path / "busbar.png"
    photo.write_bytes(PNG)

    # the learner writes last week's entry with a photo from the open line
    page = sign_in(browser, live_server, "learner")
    page.get_by_role("link", name="My diary").click()
    if page.get_by_role("link", name="Battery line practice").count():
        page.get_by_role("link", name="Battery line practice").click()
    page.get_by_label("Date").fill(last_week.isoformat())
    page.get_by_label("Hours").fill("7.5")
    page.get_by_label("What I did").fill("Torqued busbars on module 3")
    page.get_by_label("What I learned").fill("The star pattern keeps plates flat")
    pick_skill(page.get_by_label("Skills practised"), skills[0].label)
    page.get_by_label("Photos or files").set_input_files(str(photo))
    page.get_by_label("Taken in zone").select_option(str(placement.offer.zone_id))
    page.get_by_role("button", name="Save the entry").click()
    page.get_by_text("Your diary entry is saved.").wait_for()
    assert "busbar.png" in page.locator(".diary-week").first.inner_text()
    page.close()

    # the mentor finds the learner behind on sign-off and signs the week
    page = sign_in(browser, live_server, "mentor")
    page.get_by_role("link", name="Diaries").click()
    page.locator(f"a[href='/records/diary/{placement.pk}/']").click()
    page.get_by_label(str(skills[0])).select_option("3")
    page.get_by_role("button", name="Sign off this week").click()
    page.get_by_text("The week is signed off.").wait_for()
    assert "Signed off by Sun Qiang" in page.locator(".diary-week").first.inner_text()
    page.close()

    # the teacher writes a rubric and rates
    page = sign_in(browser, live_server, "teacher")
    page.get_by_role("link", name="Assessments").click()
    page.get_by_role("link", name="Rubrics").click()
    page.get_by_label("Title").fill("Battery line practice")
    row = page.locator("tr.criterion-row").first
    row.locator("input[name$='-title']").fill("Safe torque work")
    pick_skill(row.locator("[data-skill-query]"), skills[1].label)
    row.locator("textarea").fill("Unsafe\nNeeds prompting\nSafe\nSafe and quick\nTeaches others")
    page.get_by_role("button", name="Save the rubric").click()
    page.get_by_text("The rubric is saved.").wait_for()
    page.get_by_label("Placement").select_option(str(placement.pk))
    page.get_by_role("button", name="Start the co-assessment").click()
    assessment_url = page.url
    page.get_by_label("Needs prompting").check()
    page.get_by_role("button", name="Submit my ratings").click()
    page.get_by_text("Waiting for Sun Qiang").wait_for()
    page.close()

    # the mentor rates far higher: flagged, discussed, reconciled
    page = sign_in(browser, live_server, "mentor")
    page.goto(assessment_url)
    page.get_by_label("Teaches others").check()
    page.get_by_role("button", name="Submit my ratings").click()
    page.get_by_text("Flagged for discussion").first.wait_for()
    assert page.locator("svg.agreement line[stroke='#a4360b']").count() == 1
    page.get_by_label("Safe torque work").select_option("3")
    page.get_by_label("What the discussion concluded").fill("Fast, but skipped the checklist once")
    page.get_by_role("button", name="Record the agreed result").click()
    page.get_by_text("The agreed result is recorded.").wait_for()
    assert "75.0%" in page.locator(".grade").inner_text()
    page.close()

    # a welding simulator reports a passed task for the learner
    college = placement.learner.college
    client, secret = lrs.create_client(college, "Welding simulator")
    _post_statement(
        live_server,
        client.key,
        secret,
        {
            "actor": {"account": {"homePage": "http://127.0.0.1:8000", "name": "learner"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
            "object": {
                "id": "http://sim.example.cn/welding/butt-joint",
                "definition": {
                    "extensions": {"https://w3id.org/dovetail/xapi/skill": skills[2].uri}
                },
            },
            "result": {"score": {"scaled": 0.95}, "success": True},
        },
    )

    # the learner's profile shows all three sources
    page = sign_in(browser, live_server, "learner")
    page.get_by_role("link", name="My competencies").click()
    evidence = page.locator("tr.evidence")
    assert evidence.filter(has_text="Signed diary").filter(has_text=str(skills[0])).count() == 1
    assert evidence.filter(has_text="Assessment").filter(has_text="co-assessed").count() == 1
    assert evidence.filter(has_text="Simulator").filter(has_text=str(skills[2])).count() == 1
    assert page.locator("polygon.learner-shape").count() == 1
    page.close()
