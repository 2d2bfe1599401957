"""Enterprises correct what the engine found in their demand; the corrections outlive re-mapping
and the gap report counts only the skills left standing."""

import pytest
from django.utils import timezone

from dovetail.core.errors import ServiceError
from dovetail.core.models import Membership, Role
from dovetail.skills import demand, gaps, links, review
from dovetail.skills.models import Demand, DemandSkill, Skill

pytestmark = pytest.mark.django_db

ADVERT = "We need a technician to program PLC control systems and keep care records."


@pytest.fixture
def advert(persona):
    enterprise = Membership.objects.get(user=persona("hr"), role=Role.ENTERPRISE_HR).organisation
    row = demand.DemandRow(title="PLC technician", text=ADVERT, posted_on=timezone.localdate())
    return demand.post_demand(enterprise, row, by=persona("hr"))


def codes(item, *, standing=True):
    return {s.skill.code for s in demand.demanded_skills(item) if not standing or not s.rejected}


def skill(code):
    return Skill.objects.get(taxonomy__slug="dovetail", code=code)


def college_gap_demands(persona, code):
    teacher = persona("teacher")
    college = Membership.objects.get(user=teacher, role=Role.TEACHER).organisation
    today = timezone.localdate()
    report = gaps.compute_gap_report(teacher, "college", college.pk, today, today)
    laid = gaps.labelled(report)["skills"]
    row = next((g for g in laid if g["uri"].endswith(":" + code)), None)
    return row["demand_ids"] if row else []


def test_a_rejected_skill_leaves_the_gap_report_and_stays_rejected_after_remapping(persona, advert):
    assert "care-records" in codes(advert)
    assert advert.pk in college_gap_demands(persona, "care-records")
    review.reject(advert, skill("care-records"), by=persona("hr"))
    review.add(advert, skill("first-aid"), by=persona("pm"))
    assert "care-records" not in codes(advert) and "first-aid" in codes(advert)
    assert advert.pk not in college_gap_demands(persona, "care-records")
    assert advert.pk in college_gap_demands(persona, "first-aid")

    Demand.objects.filter(pk=advert.pk).update(text=ADVERT + " You will keep care records daily.")
    assert demand.map_demands([advert.pk]) == 1
    assert {"plc-programming", "first-aid"} <= codes(advert)
    assert "care-records" not in codes(advert) and "care-records" in codes(advert, standing=False)

    # adding it back restores it; taking off a person's own addition simply removes it
    review.add(advert, skill("care-records"), by=persona("hr"))
    review.reject(advert, skill("first-aid"), by=persona("hr"))
    assert "care-records" in codes(advert)
    assert "first-aid" not in codes(advert, standing=False)


def test_only_the_enterprise_managers_correct_its_demand(persona, advert):
    for username in ("mentor", "teacher", "officer"):
        with pytest.raises(ServiceError) as refused:
            review.reject(advert, skill("care-records"), by=persona(username))
        assert refused.value.code == "forbidden"
    assert "care-records" in codes(advert)


def test_hr_finds_adds_and_takes_off_skills_on_the_demand_page(client_as, advert):
    client = client_as("hr")
    page = client.get(f"/skills/demand/{advert.pk}/?find=first aid").content.decode()
    assert "give first aid" in page and "Take off" in page
    # the search leaves out what the demand already names
    found = client.get(f"/skills/demand/{advert.pk}/?find=records").content.decode()
    assert "No skill has all those words." in found
    first_aid = skill("first-aid")
    added = client.post(f"/skills/demand/{advert.pk}/", {"action": "add", "skill": first_aid.pk})
    assert added.status_code == 302
    client.post(
        f"/skills/demand/{advert.pk}/", {"action": "reject", "skill": skill("care-records").pk}
    )
    page = client.get(f"/skills/demand/{advert.pk}/").content.decode()
    hr = advert.created_by
    assert f"added by {hr}" in page and f"taken off by {hr}" in page and "Restore" in page
    listed = client.get("/skills/demand/").content.decode()
    assert f"<td>{len(codes(advert))}</td></tr>" in listed

    teacher = client_as("teacher")
    assert "Take off" not in teacher.get(f"/skills/demand/{advert.pk}/").content.decode()
    refused = teacher.post(f"/skills/demand/{advert.pk}/", {"action": "add", "skill": first_aid.pk})
    assert refused.status_code == 403


def test_the_api_corrects_skills_all_or_nothing(client_as, advert):
    client = client_as("hr")
    url = f"/api/demand/{advert.pk}/skills"
    first_aid, records = skill("first-aid").uri, skill("care-records").uri
    bad = client.post(
        url, {"add": [first_aid], "reject": ["urn:nowhere"]}, content_type="application/json"
    )
    assert bad.status_code == 400 and "reject: urn:nowhere is not a skill" in bad.json()["message"]
    assert "first-aid" not in codes(advert)
    done = client.post(
        url, {"add": [first_aid], "reject": [records]}, content_type="application/json"
    ).json()
    by_uri = {s["skill_uri"]: s for s in done["skills"]}
    assert by_uri[first_aid]["origin"] == "person" and by_uri[records]["rejected"]
    assert by_uri[records]["reviewed_by"] == "hr"


def test_the_taxonomies_page_shows_how_people_corrected_the_mapping(persona, advert, client_as):
    review.reject(advert, skill("care-records"), by=persona("hr"))
    review.add(advert, skill("first-aid"), by=persona("hr"))
    figures = demand.demand_review_figures(persona("hr"))
    assert figures.taken_off == 1 and figures.added == 1 and figures.found >= 2
    assert figures.most_taken_off == [(skill("care-records"), 1)]
    page = client_as("coordinator").get("/skills/taxonomies/").content.decode()
    assert "How people corrected the mapping" in page
    assert f'{skill("care-records").label} <span class="muted">×1</span>' in page


def test_correction_figures_cover_only_demand_the_viewer_may_see(persona, advert, other_college):
    review.reject(advert, skill("care-records"), by=persona("hr"))
    # a coordinator in another region sees none of this enterprise's demand, nor its corrections
    elsewhere = demand.demand_review_figures(other_college["coordinator"])
    assert elsewhere.taken_off == 0 and elsewhere.most_taken_off == []
    assert demand.demand_review_figures(persona("admin")).taken_off >= 1


def test_finding_a_skill_needs_every_word_and_leaves_out_those_already_named(advert):
    care = [s.code for s in links.find_skills("care")]
    assert "care-records" in care and "elderly-care" in care
    assert [s.code for s in links.find_skills("keep records")] == ["care-records"]
    assert "care-records" not in {
        s.code for s in links.find_skills("care", besides={skill("care-records").pk})
    }
    assert links.find_skills("   ") == []


def test_remapping_replaces_only_what_the_engine_found(persona, advert):
    review.reject(advert, skill("care-records"), by=persona("hr"))
    review.add(advert, skill("first-aid"), by=persona("hr"))
    links.replace_found(DemandSkill, "demand", [advert.pk], [])
    assert codes(advert, standing=False) == {"care-records", "first-aid"}
