"""Every persona signs in with a real browser and sees its home page in both languages."""

import os
from pathlib import Path

import pytest

from dovetail.conftest import build_region
from dovetail.core.models import Organisation
from dovetail.core.tests import accessibility
from dovetail.core.tests.test_views import PERSONA_MARKERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class AuditedBrowser:
    """Chromium whose every page is checked by axe-core (see accessibility.py)."""

    def __init__(self, browser):
        self._browser = browser

    def new_page(self, **options):
        # the page's CSP allows only Dovetail's own scripts; axe-core is injected by the test
        return accessibility.watch(self._browser.new_page(bypass_csp=True, **options))

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are
    # still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        yield AuditedBrowser(browser)
        browser.close()


@pytest.fixture
def region():
    if not Organisation.objects.exists():
        build_region()


def sign_in(browser, live_server, username):
    page = browser.new_page(locale="en-GB")
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("dovetail-demo")
    page.get_by_role("button", name="Sign in").click()
    return page


def pick_skill(search, label: str):
    """Type a skill's name into a skill picker's search box and choose it from what is found."""
    search.fill(label)
    picker = search.locator("xpath=ancestor::*[@data-skill-picker][1]")
    picker.locator("[data-skill-results]").get_by_role("button", name=label, exact=True).click()
    assert picker.get_by_label(label, exact=True).is_checked()


def test_each_persona_signs_in_and_sees_its_home_in_english_and_chinese(
    browser, live_server, region
):
    ARTIFACTS.mkdir(exist_ok=True)
    for username, (english, chinese) in PERSONA_MARKERS.items():
        page = sign_in(browser, live_server, username)
        page.get_by_role("heading", name="To do today").wait_for()
        assert english in page.content(), username
        page.select_option("#language", "zh-hans")
        page.get_by_role("heading", name="今日待办").wait_for()
        assert chinese in page.content(), username
        page.screenshot(path=ARTIFACTS / f"home-{username}-zh.png", full_page=True)
        page.select_option("#language", "en")
        page.get_by_role("heading", name="To do today").wait_for()
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("heading", name="Sign in to Dovetail").wait_for()
        page.close()


def test_wrong_password_is_refused_with_a_message(browser, live_server, region):
    page = browser.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert (
        page.get_by_role("alert").inner_text().startswith("That username and password do not match")
    )
    page.close()


def test_coordinator_imports_people_and_watches_progress(browser, live_server, region, tmp_path):
    upload = tmp_path / "people.csv"
    upload.write_text(
        "username,full_name,organisation,role,career_stage,cohort_year\n"
        "browser.one,Browser One,college-001,learner,student,2026\n"
        "browser.two,Browser Two,college-001,learner,apprentice,2025\n"
    )
    page = sign_in(browser, live_server, "coordinator")
    page.get_by_role("link", name="Import people").click()
    page.get_by_label("CSV or Excel file").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()
    page.get_by_role("status").filter(has_text="Finished").wait_for()
    assert page.locator("progress").get_attribute("value") == "2"
    page.get_by_role("link", name="Learners").click()
    page.get_by_label("Name or student number").fill("Browser")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("link", name="Browser Two").is_visible()
    page.close()


def test_the_accessibility_check_catches_a_serious_violation(browser, live_server, region):
    # the check itself: a form field without a label is a critical axe-core finding
    page = browser._browser.new_page(bypass_csp=True)
    page.set_content('<html lang="en"><body><main><input type="text"></main></body></html>')
    page.add_script_tag(content=accessibility.axe_source())
    found = page.evaluate(accessibility.RUN_AXE)
    page.close()
    assert "label" in {violation["id"] for violation in found}


def test_every_visited_page_is_checked_in_both_languages(browser, live_server, region):
    page = sign_in(browser, live_server, "teacher")
    page.get_by_role("heading", name="To do today").wait_for()
    assert page.visited, "the pages a test shows are recorded for the check"
    checked = []
    original = page.evaluate

    def counting(script, *args):
        if script == accessibility.RUN_AXE:
            checked.append(page.url)
        return original(script, *args)

    page.evaluate = counting
    assert accessibility.audit(page) == []
    assert len(checked) == 2 * len(page.visited)
    page.close()
