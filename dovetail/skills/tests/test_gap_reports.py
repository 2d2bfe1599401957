"""Teachers and officers see where the curriculum lags demand, with the evidence behind it."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dovetail.core.errors import ServiceError
from dovetail.core.models import Membership, Role
from dovetail.core.tasks import Progress
from dovetail.curriculum.models import GraduatePlan, LearningOutcome, Module, Programme
from dovetail.curriculum.services import add_outcome
from dovetail.skills import demand, gaps
from dovetail.skills.frameworks import import_skills_csv
from dovetail.skills.models import Demand, Occupation

pytestmark = pytest.mark.django_db


@pytest.fixture
def college(persona):
    return Membership.objects.get(user=persona("teacher"), role=Role.TEACHER).organisation


@pytest.fixture
def period():
    today = timezone.localdate()
    return today - timedelta(days=548), today


def report_for(persona, college, period, scope="college", scope_id=None):
    return gaps.compute_gap_report(persona("teacher"), scope, scope_id or college.pk, *period)


def row_of(report, code):
    laid = gaps.labelled(report)
    return next((g for g in laid["skills"] if g["uri"].endswith(":" + code)), None)


def test_a_new_demand_for_an_untaught_skill_shows_as_a_structure_gap(persona, college, period):
    enterprise = Membership.objects.get(user=persona("hr"), role=Role.ENTERPRISE_HR).organisation
    LearningOutcome.objects.filter(skills__skill__code="first-aid").delete()
    advert = demand.post_demand(
        enterprise,
        demand.DemandRow(
            title="Carer", text="You will give first aid.", posted_on=period[1], headcount=2
        ),
        by=persona("hr"),
    )
    report = report_for(persona, college, period)
    gap = row_of(report, "first-aid")
    assert gap is not None and not gap["covered"] and gap["lag_open"]
    assert advert.pk in gap["demand_ids"]
    summary = report.result["summary"]
    assert summary["skills_uncovered"] >= 1 and 0 <= summary["coverage"] <= 1

    # once a module teaches it, the gap closes and the lag is counted to that day
    module = Module.objects.filter(programme__college=college).first()
    add_outcome(
        module,
        text="Learners give first aid.",
        proficiency=3,
        since=period[1],
        by=persona("teacher"),
    )
    closed = row_of(report_for(persona, college, period), "first-aid")
    assert closed["covered"] and not closed["lag_open"] and closed["lag_days"] >= 0


def test_quality_level_and_quantity_come_from_outcomes_levels_and_graduate_plans(
    persona, college, period
):
    report = report_for(persona, college, period)
    covered = [g for g in report.result["skills"] if g["covered"]]
    assert covered, "the demo teaches some demanded skills"
    assert all(g["taught_proficiency"] is not None for g in covered)
    assert all(g["offered_level"] == 5 for g in covered)  # the demo's programmes are EQF 5
    planned = sum(
        p.graduates
        for p in GraduatePlan.objects.filter(
            programme__college=college, year__range=(period[0].year, period[1].year)
        )
    )
    assert report.result["summary"]["graduates"] == planned
    wanted = {o["occupation"]: o["demanded"] for o in report.result["occupations"] if o["demanded"]}
    demanded = Demand.objects.filter(
        enterprise__region=college.region, posted_on__range=period, occupation__isnull=False
    )
    for occupation_id, headcount in wanted.items():
        assert headcount == sum(
            d.headcount for d in demanded.filter(occupation_id=occupation_id) if d.skills.exists()
        )


def test_a_programme_report_covers_only_its_own_modules(persona, college, period):
    programme = Programme.objects.filter(college=college).first()
    report = report_for(persona, college, period, "programme", programme.pk)
    assert report.result["programmes"] == [programme.pk]
    for gap in report.result["skills"]:
        assert set(gap["programmes"]) <= {programme.pk}


def test_who_may_see_which_report(persona, college, period, other_college):
    with pytest.raises(ServiceError):
        gaps.compute_gap_report(persona("learner"), "college", college.pk, *period)
    with pytest.raises(ServiceError):
        gaps.compute_gap_report(other_college["coordinator"], "college", college.pk, *period)
    regional = gaps.compute_gap_report(persona("officer"), "region", college.region_id, *period)
    assert gaps.reports_for(persona("officer")).filter(pk=regional.pk).exists()
    assert not gaps.reports_for(persona("hr")).filter(pk=regional.pk).exists()
    with pytest.raises(ServiceError):
        gaps.compute_gap_report(persona("teacher"), "college", college.pk, period[1], period[0])


def test_the_pages_compute_show_follow_evidence_and_export(client_as, persona, college, period):
    client = client_as("teacher")
    response = client.post(
        "/skills/gaps/",
        {"scope": f"college:{college.pk}", "start": period[0], "end": period[1]},
    )
    assert response.status_code == 302 and "/tasks/" in response["Location"]
    report = gaps.reports_for(persona("teacher")).first()
    page = client.get(f"/skills/gaps/{report.pk}/")
    assert b"data-heat-map" in page.content and b"data-lag-timeline" in page.content
    median = report.result["summary"]["lag_days"]
    way = "ahead" if median < 0 else "behind"
    assert f"data-median-lag>{abs(round(median))} days {way}<" in page.content.decode()
    gap = next(g for g in report.result["skills"] if g["demand_ids"])
    evidence = client.get(f"/skills/gaps/{report.pk}/skills/{gap['skill']}/")
    assert evidence.status_code == 200 and b'<mark class="span">' in evidence.content
    exported = client.get(f"/skills/gaps/{report.pk}/?format=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:4] == ["skill", "uri", "group", "demands"]
    assert len(rows) == len(report.result["skills"]) + 1
    assert client.get(f"/skills/gaps/{report.pk}/?format=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert client_as("learner").get(f"/skills/gaps/{report.pk}/").status_code == 404


def test_the_api_computes_a_report(client_as, college, period):
    response = client_as("coordinator").post(
        "/api/gaps",
        {
            "scope": "college",
            "scope_id": college.pk,
            "start": str(period[0]),
            "end": str(period[1]),
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body["result"]) >= {"skills", "heat", "trends", "occupations", "summary"}
    assert client_as("learner").get(f"/api/gaps/{body['id']}").status_code == 404


def test_graduate_plans_and_outcomes_need_college_staff(persona, college):
    from dovetail.curriculum.services import set_graduate_plan

    programme = Programme.objects.filter(college=college).first()
    occupation = Occupation.objects.first()
    plan = set_graduate_plan(
        programme, year=2027, graduates=40, occupation_id=occupation.pk, by=persona("teacher")
    )
    assert plan.graduates == 40
    with pytest.raises(PermissionDenied):
        set_graduate_plan(programme, year=2027, graduates=1, occupation_id=None, by=persona("hr"))


def test_a_gap_shows_its_counterparts_in_other_frameworks(client_as, persona, college, period):
    first_aid = "urn:dovetail:default:skill:first-aid"
    import_skills_csv(
        "care.csv",
        f"code,label,label_zh,matches\nfa,emergency first aid,急救,{first_aid}\n"
        f"care,basic care,基础护理,narrow={first_aid}\n".encode(),
        slug="cn-care",
        title="Care worker standard",
        by=persona("admin"),
        progress=Progress(),
    )
    report = report_for(persona, college, period)
    gap = row_of(report, "first-aid")
    page = client_as("teacher").get(f"/skills/gaps/{report.pk}/skills/{gap['skill']}/")
    text = page.content.decode()
    assert "Care worker standard fa: emergency first aid" in text and "(Exact match)" in text
    # first aid is narrower than basic care, so basic care reads back as the broader match
    assert "Care worker standard care: basic care" in text and "(Broader match)" in text
