"""The placement journey in a real browser: offer, review, ranking, round, result."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dovetail.conftest import build_region
from dovetail.core.models import Organisation, User
from dovetail.core.tests.test_browser import CHROMIUM_FLAGS, browser, sign_in  # noqa: F401
from dovetail.partnerships.services import create_agreement
from dovetail.placements import services
from dovetail.placements.models import Offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def region():
    if not Organisation.objects.exists():
        build_region()
    coordinator = User.objects.get(username="coordinator")
    enterprise = User.objects.get(username="hr").memberships.get().organisation
    today = timezone.localdate()
    create_agreement(
        enterprise.enterprise_partnerships.get(),
        by=coordinator,
        kind="order_class",
        title="Order class",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=365),
        signed_on=today - timedelta(days=1),
    )
    graduates_only = services.create_offer(
        by=User.objects.get(username="hr"),
        enterprise=enterprise,
        zone=enterprise.zones.get(confidentiality_level=0),
        title="Graduate engineer placement",
        seats=1,
        starts_on=today + timedelta(days=120),
        ends_on=today + timedelta(days=160),
        eligible_stages=["graduate"],
    )
    services.review_offer(graduates_only, by=coordinator, approve=True)
    return enterprise


def test_offer_to_published_placement_with_explanation(browser, live_server, region):  # noqa: F811
    start = (timezone.localdate() + timedelta(days=120)).isoformat()
    end = (timezone.localdate() + timedelta(days=180)).isoformat()

    # the enterprise posts an offer
    page = sign_in(browser, live_server, "hr")
    page.get_by_role("link", name="Placement offers").click()
    page.get_by_role("link", name="Post an offer").click()
    page.get_by_label("Title").fill("Battery line apprentice")
    page.get_by_label("Zone").select_option(index=1)
    page.get_by_label("Seats", exact=True).fill("1")
    page.get_by_label("Starts on").fill(start)
    page.get_by_label("Ends on").fill(end)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Battery line apprentice").wait_for()
    page.close()

    # the coordinator approves it, so it joins the open round
    page = sign_in(browser, live_server, "coordinator")
    page.get_by_role("link", name="Placement offers").click()
    page.get_by_role("link", name="Battery line apprentice").first.click()
    page.get_by_label("Decision").select_option("approve")
    page.get_by_role("button", name="Save review").click()
    page.get_by_text("Approved").first.wait_for()
    page.close()

    # the learner ranks the graduate-only offer first and the new one second
    offer = Offer.objects.get(title="Battery line apprentice")
    graduates_only = Offer.objects.get(title="Graduate engineer placement")
    page = sign_in(browser, live_server, "learner")
    page.get_by_role("link", name="My placement").click()
    page.fill(f"#rank-{graduates_only.pk}", "1")
    page.fill(f"#rank-{offer.pk}", "2")
    page.get_by_role("button", name="Save my choices").click()
    page.get_by_text("Your choices are saved.").wait_for()

    # the coordinator previews, runs (with progress) and publishes the round
    coordinator = sign_in(browser, live_server, "coordinator")
    coordinator.get_by_role("link", name="Matching rounds").click()
    coordinator.get_by_role("link", name="placement round").first.click()
    coordinator.get_by_role("heading", name="Preview").wait_for()
    coordinator.get_by_role("link", name="Run the round").click()
    coordinator.get_by_role("alert").filter(has_text="Preferences are still open").wait_for()
    coordinator.get_by_role("button", name="Run the round now").click()
    coordinator.locator("dl.summary").wait_for()
    summary = coordinator.locator("dl.summary").inner_text()
    assert "Placed\n1" in summary and "{" not in summary
    coordinator.get_by_role("link", name="See the results").click()
    coordinator.get_by_role("link", name="Publish the placements").click()
    coordinator.get_by_role("button", name="Publish the placements now").click()
    coordinator.get_by_text("Published:").wait_for()
    coordinator.close()

    # the learner sees the placement and why the first choice went elsewhere
    page.reload()
    page.get_by_role("heading", name="Placed: Battery line apprentice").wait_for()
    explanation = page.locator(".explanations").inner_text()
    assert "Graduate engineer placement" in explanation
    assert "not open to your career stage" in explanation
    page.close()
