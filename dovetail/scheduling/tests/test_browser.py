"""The scheduling journey in a real browser: plan, an enterprise's change, repair, new weeks."""

import pytest

from dovetail.core.tests.test_browser import browser, region, sign_in  # noqa: F401
from dovetail.scheduling.models import PlanEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_change_repair_and_the_learners_new_weeks(
    browser,  # noqa: F811
    live_server,
    region,  # noqa: F811
    persona_placed,
    calendar,
):
    # the coordinator builds and solves a plan
    page = sign_in(browser, live_server, "coordinator")
    page.get_by_role("link", name="Practice plans").click()
    page.get_by_label("Name", exact=True).first.fill("Spring practice")
    page.get_by_label("Calendar").select_option(str(calendar.pk))
    page.get_by_label("Pattern").select_option(
        label="Concentrated block (2+1, 2.5+0.5, slack period)"
    )
    page.get_by_label("Required practice hours").fill("160")
    page.get_by_role("button", name="Build the plan").click()
    page.get_by_role("button", name="Solve the plan").click()
    page.locator("dl.summary").wait_for()
    assert "Hours that could not be planned" in page.locator("dl.summary").inner_text()
    page.get_by_role("link", name="See the results").click()
    plan_url = page.url
    entry = PlanEntry.objects.get(placement__offer=persona_placed)
    before = list(entry.weeks)
    row = page.locator(f'tr[data-placement="{entry.placement_id}"] td.practice')
    assert before and row.count() == len(before)
    page.close()

    # the enterprise moves its project onto those weeks
    hr = sign_in(browser, live_server, "hr")
    hr.goto(plan_url)
    hr.get_by_label("Zone", exact=True).select_option(str(persona_placed.zone_id))
    hr.get_by_label("Kind of change").select_option("project_deadline")
    hr.get_by_label("What changed").fill("Project brought forward")
    hr.get_by_label("First week").fill(str(before[0] + 1))
    hr.get_by_label("Last week").fill(str(before[-1] + 1))
    hr.get_by_role("button", name="Report the change").click()
    hr.get_by_text("Change reported").wait_for()
    hr.close()

    # the coordinator settles it: the enterprise's timing prevails, so the plan is repaired
    page = sign_in(browser, live_server, "coordinator")
    page.goto(plan_url)
    page.get_by_role("button", name="Settle and repair").click()
    page.get_by_text("Plan repaired").first.wait_for()
    assert "Zhang Xinyi" in page.locator("table.diff").inner_text()
    page.close()

    # the learner's own calendar shows the new weeks
    entry.refresh_from_db()
    assert entry.weeks and not set(entry.weeks) & set(before)
    page = sign_in(browser, live_server, "learner")
    page.get_by_role("link", name="My practice weeks").click()
    runs = " ".join(page.locator(".practice-runs").all_inner_texts())
    assert f"Weeks {entry.weeks[0] + 1}–{entry.weeks[-1] + 1}" in runs
    page.close()
