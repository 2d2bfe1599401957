"""Keeping a curriculum current in a real browser: the teacher sees the programme's gaps, drafts
a proposal from one with its evidence, the committee approves it, and the module's new version
and changelog appear."""

from datetime import timedelta

import pytest

from dovetail.core.models import User
from dovetail.core.tests.test_browser import browser, region, sign_in  # noqa: F401
from dovetail.skills import gaps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_gap_becomes_an_approved_module_version(
    browser,  # noqa: F811
    live_server,
    region,  # noqa: F811
    today,
):
    teacher = User.objects.get(username="teacher")
    programme = User.objects.get(username="learner").learner_profile.programme
    gaps.compute_gap_report(teacher, "programme", programme.pk, today - timedelta(days=365), today)

    page = sign_in(browser, live_server, "teacher")
    page.goto(f"{live_server.url}/curriculum/programmes/{programme.pk}/")
    page.get_by_role("link", name="Gaps, proposals and micro-adjustments").click()
    gap = page.locator("tr[data-gap]", has_text="no module teaches it").first
    skill = gap.locator("td").first.inner_text()
    gap.get_by_role("link", name="Draft a proposal").click()
    assert (
        page.get_by_label("Learning outcome", exact=True).input_value().startswith("Learners can")
    )
    assert "job adverts" in page.get_by_label("Industry rationale", exact=True).input_value()
    module = page.get_by_label("Module", exact=True).locator("option").nth(1).get_attribute("value")
    page.get_by_label("Module", exact=True).select_option(module)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Proposal drafted").wait_for()
    proposal_url = page.url
    page.get_by_role("button", name="Submit to the committee").click()
    page.get_by_text("Submitted to the teaching committee.").wait_for()
    page.close()

    page = sign_in(browser, live_server, "coordinator")
    page.goto(proposal_url)
    page.get_by_label("Comment or note").fill("Adopted for the coming year.")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Approved: the module's new version is recorded.").wait_for()
    page.locator("dd a").first.click()  # the module
    newest = page.locator("article.version").first
    assert newest.get_attribute("data-version") == "2"
    assert "Teach" in newest.inner_text() and skill.split(" ")[0] in newest.inner_text()
    assert "Learners can" in newest.locator("ins").first.inner_text()
    page.close()
