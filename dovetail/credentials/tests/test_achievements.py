"""Competency, placement and certificate credentials: defined by the college, issued to those
who qualify, each with the evidence behind it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from dovetail.core.errors import ServiceError
from dovetail.credentials import credit_bank, issuing, verification
from dovetail.placements.models import Placement

pytestmark = pytest.mark.django_db


def define(persona, **fields):
    college = persona("learner").learner_profile.college
    return issuing.define_achievement(college, by=persona("coordinator"), **fields)


def test_a_competency_credential_goes_to_those_at_the_proficiency(
    passed_module, persona, learner_profile
):
    skill = passed_module.rubric.criteria.get().skill
    achievement = define(
        persona, kind="competency", name="Safe set-up", skill=skill, min_proficiency=4
    )
    assert learner_profile in issuing.candidates(achievement)
    [credential] = issuing.issue(achievement, [learner_profile.pk], by=persona("teacher"))
    subject = credential.document["credentialSubject"]
    assert subject["achievement"]["achievementType"] == "Competency"
    assert subject["achievement"]["alignment"][0]["targetUrl"] == skill.uri
    assert verification.check_issued(credential).valid
    higher = define(
        persona, kind="competency", name="Expert set-up", skill=skill, min_proficiency=5
    )
    assert learner_profile not in issuing.candidates(higher)


def test_a_completed_placement_credential_carries_the_signed_weeks(persona, learner_profile, today):
    placement = Placement.objects.filter(learner=learner_profile).latest("starts_on")
    achievement = define(persona, kind="placement", name="Workplace placement")
    assert learner_profile not in issuing.candidates(achievement)  # still under way
    Placement.objects.filter(pk=placement.pk).update(ends_on=today - timedelta(days=1))
    [credential] = issuing.issue(achievement, [learner_profile.pk], by=persona("teacher"))
    kinds = [item.kind for item in credential.evidence.all()]
    assert kinds.count("diary_week") >= 2  # the placement and its signed week
    assert credential.earned_at_id == placement.offer.enterprise_id
    assert credential.document["credentialSubject"]["achievement"]["achievementType"] == (
        "Fieldwork"
    )


def test_a_certificate_goes_to_those_with_the_credit(
    passed_module, persona, module, learner_profile
):
    college = learner_profile.college
    qualification = credit_bank.add_qualification(
        college,
        by=persona("coordinator"),
        modules=[module],
        name="Module certificate",
        kind="vocational",
        level=4,
        credits_required=module.credits,
    )
    achievement = define(
        persona,
        kind="certificate",
        name="Skill certificate",
        qualification=qualification,
        valid_years=3,
    )
    [credential] = issuing.issue(achievement, [learner_profile.pk], by=persona("teacher"))
    assert "validUntil" in credential.document
    assert f"{module.credits} of {module.credits} credits" in credential.evidence.get().narrative


def test_what_an_achievement_needs_is_named(persona, other_college):
    with pytest.raises(ServiceError, match="module awards its own"):
        define(persona, kind="module", name="x")
    with pytest.raises(ServiceError, match="Name the skill"):
        define(persona, kind="competency", name="x")
    with pytest.raises(ServiceError, match="one of the college's qualifications"):
        define(persona, kind="certificate", name="x")
    with pytest.raises(PermissionDenied):
        issuing.define_achievement(
            persona("learner").learner_profile.college,
            by=other_college["coordinator"],
            kind="placement",
            name="x",
        )
