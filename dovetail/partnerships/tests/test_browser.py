"""Governance in a real browser: one conflict from its trigger to an enforced interface rule,
and the officer comparing partnerships by depth."""

import pytest

from dovetail.core.tests.test_browser import browser, region, sign_in  # noqa: F401
from dovetail.partnerships.services import prevailing_party

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_conflict_becomes_an_enforced_rule_and_the_officer_compares_depth(
    browser,  # noqa: F811
    live_server,
    region,  # noqa: F811
    agreement,
    partnership,
    today,
):
    # the coordinator raises the conflict and records a first move
    page = sign_in(browser, live_server, "coordinator")
    page.goto(f"{live_server.url}/partnerships/{partnership.pk}/")
    page.get_by_role("link", name="Raise a conflict").click()
    page.get_by_label("Title").fill("Peak season runs into the exams")
    page.get_by_label("Trigger").select_option("schedule_clash")
    page.get_by_label("What happened").fill("The January peak overlaps the exam weeks.")
    page.get_by_label("Temporal horizon").check()
    page.get_by_label("Resource dependency").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Conflict recorded").wait_for()
    case_url = page.url
    page.get_by_label("Strategy").select_option("rule_adaptation")
    page.get_by_label("What was proposed or agreed").fill("Exams first; peak season yields.")
    page.get_by_role("button", name="Record the step").click()
    page.get_by_text("Step recorded").wait_for()
    page.close()

    # the enterprise settles it: a new rule that contradicts the one in force is refused,
    # naming both; as a change to that rule it is embedded
    hr = sign_in(browser, live_server, "hr")
    hr.goto(case_url)
    hr.get_by_label("Outcome").select_option("new_rule")
    hr.get_by_label("Settlement", exact=True).fill("Peak season yields to teaching.")
    hr.get_by_label("Interface rule (for a new or changed rule)").select_option(
        "temporal:peak_season"
    )
    hr.get_by_label("Prevails").select_option("college")
    hr.get_by_label("priority").fill("3")
    hr.get_by_role("button", name="Settle").click()
    refusal = hr.get_by_text("contradicts the rule in force")
    refusal.wait_for()
    assert "Enterprise peak season → Enterprise" in refusal.inner_text()
    hr.get_by_label("Outcome").select_option("changed_rule")
    hr.get_by_role("button", name="Settle").click()
    hr.get_by_text("Conflict settled").wait_for()
    assert "version 2" in hr.locator("[data-embedded-rule]").inner_text()
    hr.get_by_role("link", name=str(agreement.title)).first.click()
    rule = hr.locator('[data-temporal-rule="peak_season"]').first
    assert "College" in rule.inner_text() and "v2" in rule.inner_text()
    hr.close()
    # scheduling reads the rule from now on
    assert prevailing_party(partnership, "peak_season", on=today) == ("college", 3)

    # the officer sees the flow, then compares partnerships by depth
    officer = sign_in(browser, live_server, "officer")
    officer.get_by_role("link", name="Conflicts").click()
    officer.locator("[data-conflict-flow]").wait_for()
    assert "Schedule clash" in officer.locator("[data-conflict-flow]").inner_html()
    officer.get_by_role("link", name="Integration depth").click()
    rows = officer.locator("[data-depth-table] tbody tr")
    assert rows.count() > 1
    scores = [
        float(s) for s in officer.locator("[data-depth-table] [data-score]").all_inner_texts()
    ]
    assert scores == sorted(scores, reverse=True)
    officer.locator("[data-depth-history]").wait_for()
    rows.first.get_by_role("link").click()
    officer.get_by_role("heading", name="Component by component").wait_for()
    assert "Conflicts resolved into rules or adjustments" in officer.content()
    officer.get_by_role("link", name="How the index is computed").click()
    officer.locator("[data-formula]").wait_for()
    officer.close()
