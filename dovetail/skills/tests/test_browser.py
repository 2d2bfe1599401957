"""The skills-alignment journey in a real browser: an enterprise posts demand one by one (and
corrects the skills found in it) and as a file, a teacher opens the programme's gap report,
follows a gap to its evidence, exports it and corrects an outcome's skills, and the officer sees
the region's gaps."""

import pytest
from django.utils import timezone

from dovetail.core.tests.test_browser import ARTIFACTS, browser, region, sign_in  # noqa: F401
from dovetail.curriculum.models import LearningOutcome, Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRONE_ADVERT = (
    "We need a senior technician to program PLC control systems and to operate 3D printing "
    "equipment for drone parts. An associate degree from a higher vocational college."
)


def test_demand_flows_into_the_gap_report_and_its_evidence(
    browser,  # noqa: F811
    live_server,
    region,  # noqa: F811
    tmp_path,
):
    ARTIFACTS.mkdir(exist_ok=True)
    today = timezone.localdate().isoformat()
    programme = Programme.objects.get(college__code="college-001", code="intelligent-manufacturing")
    # this programme's modules teach PLCs but nothing about 3D printing
    assert not LearningOutcome.objects.filter(
        module__programme=programme, skills__skill__code="additive-manufacturing"
    ).exists()

    # the enterprise's HR posts one advert through the form…
    page = sign_in(browser, live_server, "hr")
    page.get_by_role("link", name="Demand", exact=True).click()
    page.get_by_role("link", name="Post demand").click()
    page.get_by_label("Title or role").fill("Drone parts technician")
    page.get_by_label("Text").fill(DRONE_ADVERT)
    page.get_by_label("Headcount").fill("4")
    page.get_by_label("Posted on").fill(today)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Posted and mapped onto the skills taxonomy.").wait_for()
    marked = page.locator("mark.span")
    assert "program PLC control systems" in marked.all_inner_texts()
    assert page.locator("[data-skill-links]").get_by_text("operate 3D printing equipment").count()

    # PLC work goes to another team this year: HR takes that skill off and adds one it missed
    found = page.locator("[data-skill-links]")
    plc = found.locator("tr[data-skill$=':plc-programming']")
    plc.get_by_role("button", name="Take off").click()
    page.get_by_text("Taken off.", exact=True).wait_for()
    assert found.locator("tr.rejected[data-skill$=':plc-programming']").count() == 1
    page.get_by_label("Words of its name").fill("safety")
    page.get_by_role("button", name="Find").click()
    page.locator("[data-found-skills]").get_by_role("button", name="Add").first.click()
    page.get_by_text("Added.", exact=True).wait_for()
    assert found.get_by_text("added by ").count() == 1

    # …and a file of adverts
    adverts = tmp_path / "adverts.csv"
    adverts.write_text(
        "title,text,posted_on,headcount,reference\n"
        f'Print farm operator,"Run and operate 3D printing equipment",{today},2,P-1\n'
        f'Maintenance fitter,"Maintain production equipment on the line",{today},1,P-2\n',
        encoding="utf-8",
    )
    page.get_by_role("link", name="Demand", exact=True).click()
    page.get_by_role("link", name="Import a file").click()
    page.get_by_label("CSV, Excel or JSON file").set_input_files(str(adverts))
    page.get_by_role("button", name="Save").click()
    page.locator("dl.summary").wait_for()
    summary = page.locator("dl.summary").inner_text()
    assert "Created\n2" in summary and "{" not in summary
    page.screenshot(path=str(ARTIFACTS / "skills-demand-import.png"))

    # the teacher opens the programme's gap report
    teacher = sign_in(browser, live_server, "teacher")
    teacher.get_by_role("link", name="Skills gaps").click()
    teacher.get_by_label("Report on").select_option(
        label=f"Haibin Vocational and Technical College · {programme.name}"
    )
    teacher.get_by_role("button", name="Compute the report").click()
    teacher.wait_for_url("**/skills/gaps/*/")
    structure = teacher.locator("[data-structure]")
    structure.get_by_role("link", name="operate 3D printing equipment").wait_for()
    assert teacher.locator("[data-heat-map] td.heat-0").count() >= 1
    assert teacher.locator("[data-trend-chart] polyline").count() >= 1
    assert teacher.locator("[data-lag-timeline] rect.open").count() >= 1
    teacher.screenshot(path=str(ARTIFACTS / "skills-gap-report.png"), full_page=True)

    # a heat-map cell leads to its group's skills, each linking to its evidence
    teacher.locator("[data-heat-map] td a").first.click()
    assert "#group-" in teacher.url

    # follows the gap to its evidence: the adverts that ask for it, the span marked
    structure.get_by_role("link", name="operate 3D printing equipment").click()
    demands = teacher.locator("[data-evidence-demands]")
    demands.get_by_role("link", name="Drone parts technician").wait_for()
    assert "operate 3D printing equipment" in demands.locator("mark").all_inner_texts()
    assert "No module teaches it yet." in teacher.locator("[data-evidence-outcomes]").inner_text()

    # and exports the report
    teacher.get_by_role("link", name="Back to the report").click()
    with teacher.expect_download() as download:
        teacher.locator("[data-export=csv]").click()
    exported = tmp_path / "gaps.csv"
    download.value.save_as(exported)
    text = exported.read_text(encoding="utf-8")
    assert text.startswith("skill,uri,group,demands") and "operate 3D printing equipment" in text

    # the teacher corrects what one of the programme's outcomes was found to teach
    teacher.goto(f"{live_server.url}/curriculum/programmes/{programme.pk}/")
    teacher.locator("[data-outcomes] td a[href*='/outcomes/']").first.click()
    links = teacher.locator("[data-skill-links]")
    taken = links.locator("tr").nth(1).get_attribute("data-skill")
    links.get_by_role("button", name="Take off").first.click()
    teacher.get_by_text("Taken off.", exact=True).wait_for()
    assert links.locator(f"tr.rejected[data-skill='{taken}']").count() == 1

    # the officer sees the region's gaps
    officer = sign_in(browser, live_server, "officer")
    officer.get_by_role("link", name="Skills gaps").click()
    officer.get_by_label("Report on").select_option(label="Haibin")
    officer.get_by_role("button", name="Compute the report").click()
    officer.wait_for_url("**/skills/gaps/*/")
    assert "Skills gaps: Haibin" in officer.locator("h1").inner_text()
    officer.locator("[data-structure]").get_by_role(
        "link", name="operate 3D printing equipment"
    ).wait_for()
