"""Keeping a curriculum current in a real browser: the teacher sees the programme's gaps, drafts
a proposal from one with its evidence, the committee approves it, and the module's new version
and changelog appear."""

from datetime import timedelta

import pytest

from dovetail.core.models import User
from dovetail.core.tests.test_browser import browser, region, sign_in  # noqa: F401
from dovetail.curriculum import materials
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
    module = programme.modules.first()
    section = materials.add_section(
        module,
        by=teacher,
        title="Safety first",
        kind="textbook",
        body="Lock out the cell before you enter.",
        reason="First edition",
    )
    materials.edition(module, User.objects.get(username="learner"))  # the learner has read it

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
    page.get_by_label("Module", exact=True).select_option(str(module.pk))
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

    # the coordinator revises the module's loose-leaf section for the new outcome
    page.get_by_role("link", name="Teaching material").click()
    page.get_by_role("link", name="Revise this section").click()
    page.get_by_label("Text").fill("Lock out the cell before you enter.\n\nTest the light curtain.")
    page.get_by_label("Reason for the change").fill("Light curtains on the new line")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Revision saved.").wait_for()
    page.close()

    # the learner sees what changed since they last read it
    page = sign_in(browser, live_server, "learner")
    page.goto(f"{live_server.url}/curriculum/modules/{module.pk}/materials/")
    changed = page.locator(f"section[data-section='{section.position}']")
    assert changed.get_attribute("data-changed") is not None
    assert "Light curtains on the new line" in changed.inner_text()
    assert "+Test the light curtain." in changed.locator("pre.diff").inner_text()
    page.close()
