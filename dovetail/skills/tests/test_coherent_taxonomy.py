"""Switching the mapping taxonomy keeps every report right: texts are mapped again with people's
corrections carried across the crosswalks, and competencies recorded on the old taxonomy count
in the new one's terms."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dovetail.careers.models import CareerStep
from dovetail.core.models import LearnerProfile, Membership, Role
from dovetail.core.tasks import submit
from dovetail.core.tests.shared import shared_dir
from dovetail.curriculum import services as curriculum
from dovetail.curriculum.models import GraduatePlan, LearningOutcome, OutcomeSkill, Programme
from dovetail.records.services import progress
from dovetail.skills import demand, gaps, review
from dovetail.skills.crosswalks import counterparts
from dovetail.skills.models import (
    Crosswalk,
    Demand,
    DemandSkill,
    Occupation,
    Skill,
    SkillLink,
    Taxonomy,
)
from dovetail.skills.remap import remap_texts, waiting_for_remap
from dovetail.skills.services import shipped_taxonomy

pytestmark = pytest.mark.django_db

SHARED = shared_dir()
DOWNLOAD = SHARED / "data" / "esco" if SHARED else None
PROVIDE_FIRST_AID = "http://data.europa.eu/esco/skill/1d21f6ad-340f-45da-a0a3-4e83867f47a6"


def _default(code: str) -> Skill:
    return Skill.objects.get(taxonomy__slug="dovetail", code=code)


def _programme_report(teacher, programme):
    today = timezone.localdate()
    report = gaps.compute_gap_report(
        teacher, "programme", programme.pk, today - timedelta(days=365), today
    )
    return {row["uri"]: row for row in gaps.labelled(report)["skills"]}


def counterparts_of(uri: str, taxonomy: Taxonomy) -> list[Skill]:
    skill = Skill.objects.get(taxonomy__slug="dovetail", uri=uri)
    reached = counterparts([skill.pk], taxonomy).get(skill.pk, ())
    return list(Skill.objects.filter(pk__in=[target for target, _weight in reached]))


def _national_framework() -> Taxonomy:
    """A small framework of two skills, each an exact match of a default skill."""
    taxonomy = Taxonomy.objects.create(slug="national", name="National skills")
    for code, uri, label in [
        ("first-aid", "urn:national:first-aid", "administer first aid"),
        ("elderly-care", "urn:national:elderly-care", "care for older people"),
    ]:
        skill = Skill.objects.create(taxonomy=taxonomy, uri=uri, code=code, label=label)
        Crosswalk.objects.create(source=_default(code), target=skill, relation="exact")
    return taxonomy


def test_a_new_mapping_taxonomy_waits_for_re_mapping_and_carries_corrections(
    settings, persona, client_as
):
    # given an outcome a teacher added first aid to, and an advert whose elderly care HR took off
    teacher, hr = persona("teacher"), persona("hr")
    outcome = LearningOutcome.objects.filter(
        module__programme__college__code="college-001"
    ).exclude(skills__skill=_default("first-aid"))[0]
    curriculum.add_outcome_skill(outcome, _default("first-aid"), by=teacher)
    enterprise = Membership.objects.get(user=hr, role=Role.ENTERPRISE_HR).organisation
    advert = demand.post_demand(
        enterprise,
        demand.DemandRow(
            title="Carer",
            text="Provide daily care to older people and give first aid.",
            posted_on=timezone.localdate(),
        ),
        by=hr,
    )
    review.reject(advert, _default("elderly-care"), by=hr)
    # when another framework becomes the mapping taxonomy
    national = _national_framework()
    settings.DOVETAIL_MAPPING_TAXONOMY = "national"
    # then the taxonomies page says the texts wait, and only an administrator may map them again
    page = client_as("coordinator").get("/skills/taxonomies/").content.decode()
    assert "still mapped onto another taxonomy" in page and 'value="remap"' not in page
    assert (
        client_as("coordinator").post("/skills/taxonomies/", {"action": "remap"}).status_code == 403
    )
    admin = client_as("admin")
    assert 'value="remap"' in admin.get("/skills/taxonomies/").content.decode()
    response = admin.post("/skills/taxonomies/", {"action": "remap"})
    assert response.status_code == 302
    task = admin.get(response["Location"]).content.decode()
    assert "Corrections carried across crosswalks" in task
    # and once mapped again, nothing waits and the corrections stand on the new taxonomy
    assert not any(waiting_for_remap().values())
    assert (
        "still mapped onto another taxonomy"
        not in admin.get("/skills/taxonomies/").content.decode()
    )
    added = OutcomeSkill.objects.get(
        outcome=outcome, skill__taxonomy=national, skill__code="first-aid"
    )
    assert added.origin == SkillLink.Origin.PERSON and not added.rejected
    taken_off = DemandSkill.objects.get(
        demand=advert, skill__code="elderly-care", skill__taxonomy=national
    )
    assert taken_off.rejected and taken_off.reviewed_by == hr
    assert not OutcomeSkill.objects.filter(outcome=outcome, skill=_default("first-aid")).exists()


def _naming(uri) -> dict[str, int]:
    """How many demands, graduate plans and career steps name the occupation ``uri``."""
    return {
        name: model.objects.filter(occupation__uri=uri).count()
        for name, model in (
            ("demand", Demand),
            ("graduate_plan", GraduatePlan),
            ("career_step", CareerStep),
        )
    }


def test_occupations_follow_the_mapping_taxonomy_onto_their_counterparts(settings, persona):
    # given the demo region's demand, graduate plans and career steps on the default occupations
    shipped = {item["code"]: item for item in shipped_taxonomy()["occupations"]}
    carers, analysts = shipped["elderly-carer"], shipped["data-analyst"]
    GraduatePlan.objects.filter(pk=GraduatePlan.objects.order_by("pk")[0].pk).update(
        occupation=Occupation.objects.get(uri=carers["uri"])
    )
    before = {code: _naming(shipped[code]["uri"]) for code in shipped}
    assert all(before["elderly-carer"].values()), before["elderly-carer"]
    # when a framework holding the counterpart the shipped file names for elderly carers (and not
    # for data analysts) becomes the mapping taxonomy, and an administrator maps texts again
    national = _national_framework()
    counterpart = carers["matches"][0]
    Occupation.objects.create(
        taxonomy=national, uri=counterpart["uri"], code="carer", label=counterpart["label"]
    )
    settings.DOVETAIL_MAPPING_TAXONOMY = "national"
    result = remap_texts(by=persona("admin"))
    # then every row that named elderly carers names the counterpart, in the same transaction
    assert _naming(counterpart["uri"]) == before["elderly-carer"]
    assert not any(_naming(carers["uri"]).values())
    assert result["occupations_moved"] == sum(before["elderly-carer"].values())
    # and an occupation without a counterpart there stays where it was
    assert _naming(analysts["uri"]) == before["data-analyst"]


def test_a_chinese_search_crosses_over_to_a_mapping_taxonomy_without_chinese(
    settings, client_as, persona
):
    _national_framework()
    settings.DOVETAIL_MAPPING_TAXONOMY = "national"
    hr = persona("hr")
    enterprise = Membership.objects.get(user=hr, role=Role.ENTERPRISE_HR).organisation
    row = demand.DemandRow(
        title="Carer", text="Care for residents.", posted_on=timezone.localdate()
    )
    advert = demand.post_demand(enterprise, row, by=hr)
    page = client_as("hr", "zh-hans").get(f"/skills/demand/{advert.pk}/?find=急救")
    assert "administer first aid" in page.content.decode()
    assert "(实施急救)" in page.content.decode()
    found = client_as("teacher", "zh-hans").get("/skills/find/", {"q": "急救"}).json()["skills"]
    # the English label of the mapping taxonomy, with the Chinese name it was found by
    assert [(skill["label"], skill["found_as"]) for skill in found] == [
        ("administer first aid", "实施急救")
    ]


@pytest.mark.skipif(DOWNLOAD is None, reason="the ESCO download is not beside the project")
def test_loading_esco_keeps_the_demo_regions_gap_report_and_radar_right(persona):
    # given the demo region's gap report of each programme on the default taxonomy
    teacher = persona("teacher")
    programmes = list(Programme.objects.filter(college__code="college-001"))
    before = {p.pk: _programme_report(teacher, p) for p in programmes}
    # when an administrator loads ESCO, as the README tells an installation to
    run = submit("import_esco", path=str(DOWNLOAD), by_id=persona("admin").pk)
    assert run.status == "succeeded", run.error
    assert run.result["remapped"]["demand"] and run.result["remapped"]["outcome"]
    # then every text is on ESCO, and each report still counts the region's adverts
    assert not any(waiting_for_remap().values())
    after = {p.pk: _programme_report(teacher, p) for p in programmes}
    esco = Taxonomy.objects.get(slug="esco")
    carried = []
    for programme in programmes:
        old, new = before[programme.pk], after[programme.pk]
        assert new and all(uri.startswith("http://data.europa.eu/esco/") for uri in new)
        demands_before, demands_after = (
            {d for row in report.values() for d in row["demand_ids"]} for report in (old, new)
        )
        assert len(demands_after) >= 0.75 * len(demands_before), programme.code
        carried += [
            (old[uri], new[target.uri])
            for uri in old
            if old[uri]["covered"]
            for target in counterparts_of(uri, esco)
            if target.uri in new
        ]
    # learners' levels recorded on the default taxonomy count for each ESCO counterpart, and
    # what a programme taught is, with few exceptions, found taught again in ESCO's terms (the
    # outcomes are mapped afresh, so an outcome may name a neighbouring ESCO skill instead)
    assert carried
    for old_row, new_row in carried:
        assert (new_row["assessed_proficiency"] or 0) >= (old_row["assessed_proficiency"] or 0)
    taught_again = sum(new_row["covered"] for _old_row, new_row in carried)
    assert taught_again >= 0.75 * len(carried), (taught_again, len(carried))
    # and the radar and the cohort view group everyone's competencies on ESCO alone
    profiles = LearnerProfile.objects.filter(college__code="college-001")[:50]
    groups, rows = progress.cohort_progress(profiles)
    assert groups and {group.taxonomy_id for group in groups} == {esco.pk}
    assert any(means for _profile, means, _count in rows)
    # and every occupation the region named is ESCO's now (each default one has a counterpart)
    assert run.result["remapped"]["occupations_moved"]
    for model in (Demand, GraduatePlan, CareerStep):
        assert not model.objects.exclude(occupation=None).exclude(occupation__taxonomy=esco)
