"""The lifelong pathway in a real browser: a learner completes a module and receives its badge,
opens and shares its verification page, claims prior learning for another module and sees the
credit bank grow once the teacher accepts; an alumnus receives a continuing-education offer."""

from collections import Counter

import pytest

from dovetail.core.models import User
from dovetail.core.tests.test_browser import browser, pick_skill, region, sign_in  # noqa: F401
from dovetail.skills.models import DemandSkill, Skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_badge_verification_prior_learning_credit_and_a_continuing_offer(
    browser,  # noqa: F811
    live_server,
    region,  # noqa: F811
    module_assessment,
    module,
    other_module,
):
    # the mentor agrees with the teacher: the learner passes the module
    page = sign_in(browser, live_server, "mentor")
    page.goto(f"{live_server.url}/records/assessments/{module_assessment.pk}/")
    page.get_by_label("Safe and quick").check()
    page.get_by_role("button", name="Submit my ratings").click()
    page.get_by_text("75.0%").first.wait_for()
    page.close()

    # the learner finds the badge, sees it verified, shares it
    page = sign_in(browser, live_server, "learner")
    page.get_by_role("link", name="My credentials").click()
    page.get_by_role("link", name=module.name).click()
    assert page.locator("[data-state]").get_attribute("data-state") == "valid"
    page.get_by_label("Anyone with the link may verify it").check()
    page.get_by_role("button", name="Save sharing").click()
    page.get_by_text("Sharing saved.").wait_for()
    share_url = page.get_by_label("Link to share").input_value()
    stranger = browser.new_page(locale="en-GB")
    stranger.goto(share_url)
    assert stranger.locator("[data-state]").get_attribute("data-state") == "valid"
    assert "The holder keeps the evidence private." in stranger.content()
    stranger.close()

    # ... claims prior learning for another module, with an employer's statement
    page.get_by_role("link", name="My credentials").click()
    page.get_by_role("link", name="My credit bank").click()
    total_before = page.locator("p.muted").first.inner_text()
    page.get_by_role("link", name="My credentials").click()
    page.get_by_role("link", name="Claim prior learning").click()
    page.get_by_label("Module").select_option(str(other_module.pk))
    page.get_by_label("What I learned, where and when").fill("Two years at a robot integrator.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Claim submitted").wait_for()
    claim_url = page.url
    page.get_by_role("link", name="Add evidence").click()
    page.get_by_label("Kind").select_option("employer")
    page.get_by_label("Description, or the employer's statement").fill(
        "Integrator's lead engineer: she commissioned 12 cells."
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Evidence added.").wait_for()
    page.close()

    # the teacher judges every outcome met and accepts
    teacher = sign_in(browser, live_server, "teacher")
    teacher.goto(claim_url)
    for box in teacher.locator("input[name='outcomes_met']").all():
        box.check()
    teacher.get_by_label("Decision").select_option("accepted")
    teacher.get_by_label("Note to the learner").fill("The cells shown meet every outcome.")
    teacher.get_by_role("button", name="Record the decision").click()
    teacher.get_by_text("Decision recorded.").wait_for()
    assert "Accepted" in teacher.content()
    teacher.close()

    # the credit bank shows the new credit and the progress it makes
    page = sign_in(browser, live_server, "learner")
    page.get_by_role("link", name="My credentials").click()
    page.get_by_role("link", name="My credit bank").click()
    assert page.locator("p.muted").first.inner_text() != total_before
    row = page.locator("tr", has_text=other_module.name)
    assert "Recognised prior learning" in row.inner_text()
    page.close()

    # the coordinator offers a course teaching what the alumnus's occupation now asks for
    alumnus = User.objects.get(username="alumnus").learner_profile
    occupation = alumnus.career_steps.get().occupation_id
    [(skill, _count)] = Counter(
        DemandSkill.objects.filter(demand__occupation_id=occupation, rejected=False).values_list(
            "skill_id", flat=True
        )
    ).most_common(1)
    page = sign_in(browser, live_server, "coordinator")
    page.goto(f"{live_server.url}/careers/courses/new/")
    page.get_by_label("Provider").select_option(str(alumnus.college_id))
    page.get_by_label("Registering college").select_option(str(alumnus.college_id))
    page.get_by_label("Name", exact=True).fill("Weekend masterclass")
    page.get_by_label("Description").fill("Two weekends on what the line asks now.")
    pick_skill(page.get_by_label("Skills", exact=True), Skill.objects.get(pk=skill).label)
    page.get_by_label("For").select_option("alumni")
    page.get_by_label("Hours").fill("16")
    page.get_by_label("Seats").fill("20")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Course saved.").wait_for()
    assert "Wu Hao" in page.locator("table").first.inner_text()  # who it suits
    page.get_by_role("button", name="Send offers").click()
    page.get_by_text("1 offers sent.").wait_for()
    page.close()

    page = sign_in(browser, live_server, "alumnus")
    page.get_by_role("link", name="My career").click()
    offer = page.locator("li[data-offer]", has_text="Weekend masterclass")
    offer.get_by_role("button", name="Enrol").click()
    page.get_by_text("Answer saved.").wait_for()
    assert "Accepted" in page.locator("li[data-offer]", has_text="Weekend masterclass").inner_text()
    page.close()
