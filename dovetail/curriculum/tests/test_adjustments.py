"""Micro-adjustments close the loop: a gap becomes a proposal with its evidence, the committee
approves it, the module gets a new version with a changelog, and the gap report then shows the
skill covered from the new version's start."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Count

from dovetail.core.errors import ServiceError
from dovetail.curriculum import adjustments, versions
from dovetail.curriculum.evidence import skills_taught_since
from dovetail.curriculum.models import Module, OutcomeSkill, Programme
from dovetail.skills import gaps
from dovetail.skills.models import DemandSkill, Skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(persona):
    return persona("learner").learner_profile.programme


@pytest.fixture
def uncovered(programme):
    """The skill the region asks for most that no module of the programme teaches."""
    taught = OutcomeSkill.objects.filter(outcome__module__programme=programme).values("skill_id")
    row = (
        DemandSkill.objects.filter(
            rejected=False, demand__enterprise__region=programme.college.region
        )
        .exclude(skill_id__in=taught)
        .values("skill_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "skill_id")
        .first()
    )
    return Skill.objects.get(pk=row["skill_id"])


def proposal_for(persona, programme, skill, **overrides):
    fields = adjustments.draft_from_gap(programme, skill)
    fields["module"] = Module.objects.filter(programme=programme).order_by("pk").first()
    return adjustments.create_proposal(programme, by=persona("teacher"), **{**fields, **overrides})


def test_a_draft_from_a_gap_carries_the_evidence_and_a_bilingual_outcome(programme, uncovered):
    draft = adjustments.draft_from_gap(programme, uncovered)
    assert draft["evidence"]["demands"] > 0 and draft["evidence"]["enterprises"]
    assert draft["outcome_text"].startswith("Learners can ")
    assert draft["outcome_text_zh"].startswith("学习者能够")
    assert f"{draft['evidence']['demands']} job adverts" in draft["rationale"]


def test_an_approved_proposal_makes_a_version_and_the_gap_closes_from_its_start(
    persona, programme, uncovered, today
):
    teacher, coordinator = persona("teacher"), persona("coordinator")
    starts = today - timedelta(days=30)
    proposal = proposal_for(persona, programme, uncovered, effective_from=starts)
    module = proposal.module
    before = versions.versions_of(module)[-1]
    adjustments.comment(proposal, by=coordinator, text="Which lab?")
    adjustments.submit(proposal, by=teacher)
    with pytest.raises(PermissionDenied):  # teachers draft; the committee decides
        adjustments.decide(proposal, by=teacher, approve=True)
    adjustments.decide(proposal, by=coordinator, approve=True, note="Adopted for this year.")
    after = versions.versions_of(module)[-1]
    assert after.number == before.number + 1 and after.proposal == proposal
    assert after.effective_from == starts and proposal.title in after.changelog
    changed = versions.diff(before, after)
    assert {"field": "outcome", "before": "", "after": proposal.outcome_text} in changed
    report = gaps.compute_gap_report(
        teacher, "programme", programme.pk, today - timedelta(days=365), today
    )
    row = next(r for r in report.result["skills"] if r["skill"] == uncovered.pk)
    assert row["covered"] and row["first_covered"] == starts.isoformat()
    # the depth index reads the same dates: the skill counts as adopted from the version's start
    taught = skills_taught_since([programme.college_id], as_of=today)[programme.college_id]
    assert taught[uncovered.pk] == starts
    assert [
        entry["proposal"] for entry in adjustments.annual_report(coordinator, programme, today.year)
    ] == [proposal]


def test_a_rejection_needs_a_reason_and_changes_nothing(persona, programme, uncovered):
    proposal = proposal_for(persona, programme, uncovered)
    adjustments.submit(proposal, by=persona("teacher"))
    count = proposal.module.versions.count()
    with pytest.raises(ServiceError, match="why"):
        adjustments.decide(proposal, by=persona("coordinator"), approve=False)
    adjustments.decide(proposal, by=persona("coordinator"), approve=False, note="Next year.")
    assert proposal.module.versions.count() == count


def test_a_new_module_and_changed_hours(persona, programme, uncovered, today):
    coordinator = persona("coordinator")
    new = proposal_for(
        persona,
        programme,
        uncovered,
        kind="new_module",
        module=None,
        module_code="smart-sensors",
        module_name="Smart sensors",
        hours=48,
        credits=3,
        effective_from=today,
    )
    adjustments.submit(new, by=persona("teacher"))
    adjustments.decide(new, by=coordinator, approve=True)
    module = Module.objects.get(programme=programme, code="smart-sensors")
    assert module.versions.get().number == 1 and module.outcomes.count() == 1
    hours = proposal_for(
        persona,
        programme,
        uncovered,
        kind="change_hours",
        hours=72,
        module=module,
        effective_from=today + timedelta(days=10),
    )
    adjustments.submit(hours, by=persona("teacher"))
    adjustments.decide(hours, by=coordinator, approve=True)
    module.refresh_from_db()
    assert module.hours == 72 and module.versions.count() == 2


def test_another_colleges_staff_cannot_propose_or_decide(
    persona, programme, uncovered, other_college
):
    with pytest.raises(PermissionDenied):
        proposal_for(
            lambda name: other_college["coordinator"] if name == "teacher" else persona(name),
            programme,
            uncovered,
        )


def test_a_proposal_names_what_it_lacks(persona, programme, uncovered):
    with pytest.raises(ServiceError, match="Write the learning outcome"):
        proposal_for(persona, programme, uncovered, outcome_text=" ")
    with pytest.raises(ServiceError, match="new module needs its module_code"):
        proposal_for(persona, programme, uncovered, kind="new_module", module=None)
    other = Programme.objects.exclude(pk=programme.pk).first()
    with pytest.raises(ServiceError, match="another programme"):
        proposal_for(
            persona, programme, uncovered, module=Module.objects.filter(programme=other).first()
        )


def test_cohorts_study_the_version_in_force_in_their_semester(persona, programme, uncovered):
    proposal = proposal_for(persona, programme, uncovered, effective_from=date(2099, 9, 1))
    adjustments.submit(proposal, by=persona("teacher"))
    adjustments.decide(proposal, by=persona("coordinator"), approve=True)
    studied = versions.cohorts_by_version(proposal.module)
    assert studied[max(studied)] == []  # nobody has reached 2099 yet
    assert sum(len(years) for years in studied.values()) >= 1


def test_the_committee_finds_submitted_proposals_on_its_agenda(
    client_as, persona, programme, uncovered
):
    proposal = proposal_for(persona, programme, uncovered)
    adjustments.submit(proposal, by=persona("teacher"))
    assert b"Adjustment proposal for the committee" in client_as("coordinator").get("/").content
    assert b"Adjustment proposal for the committee" not in client_as("teacher").get("/").content


def test_staff_revise_a_module_directly_and_the_standard_shows_by_cohort(
    client_as, persona, programme
):
    module = programme.modules.order_by("semester", "code").first()
    response = client_as("teacher").post(
        f"/curriculum/modules/{module.pk}/revise/",
        {
            "hours": module.hours + 8,
            "credits": module.credits,
            "delivery_mode": "online",
            "performance_indicators": "Passes the online lab",
            "assessment_methods": "Online practical",
            "effective_from": "2099-09-01",
            "changelog": "Moved online",
        },
    )
    assert response.status_code == 302
    latest = versions.versions_of(module)[-1]
    assert latest.snapshot["delivery_mode"] == "online" and latest.changelog == "Moved online"
    page = client_as("teacher").get(f"/curriculum/programmes/{programme.pk}/standard/")
    assert b"The module versions each cohort studies" in page.content
    assert client_as("learner").get(f"/curriculum/modules/{module.pk}/revise/").status_code == 404


def test_the_teaching_standard_keeps_every_version_with_its_diff_and_cohorts(
    persona, programme, other_college
):
    coordinator = persona("coordinator")
    [adopted] = versions.standards_of(programme)  # the demo's first version
    versions.revise_standard(
        programme,
        by=coordinator,
        objectives=adopted.objectives,
        graduate_requirements=adopted.graduate_requirements + "\nA capstone project",
        changelog="Capstone required",
        effective_from=date(2099, 9, 1),
    )
    newest, oldest = versions.standard_history(programme)
    assert newest["standard"].number == 2 and newest["cohorts"] == []
    assert newest["diff"][0]["field"] == "graduate_requirements"
    assert "+A capstone project" in newest["diff"][0]["lines"]
    assert oldest["standard"] == adopted and oldest["cohorts"]
    with pytest.raises(ServiceError, match="cannot start before"):
        versions.revise_standard(
            programme,
            by=coordinator,
            objectives="x",
            graduate_requirements="y",
            changelog="z",
            effective_from=date(2050, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        versions.revise_standard(
            programme,
            by=other_college["coordinator"],
            objectives="x",
            graduate_requirements="y",
            changelog="z",
            effective_from=date(2100, 1, 1),
        )
