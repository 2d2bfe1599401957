"""Teachers add learning outcomes (mapped at once), correct their skills, and plan graduates."""

from datetime import date

import pytest

from dovetail.curriculum import services
from dovetail.curriculum.models import GraduatePlan, LearningOutcome, Programme
from dovetail.skills.models import Skill

pytestmark = pytest.mark.django_db


def test_a_teacher_adds_an_outcome_and_a_plan_others_only_read(client_as):
    programme = Programme.objects.filter(college__code="college-001").first()
    module = programme.modules.first()
    teacher = client_as("teacher")
    response = teacher.post(
        f"/curriculum/programmes/{programme.pk}/",
        {
            "form": "outcome",
            "module": module.pk,
            "text": "Learners give first aid at the workplace.",
            "proficiency": 3,
            "since": "2026-09-01",
        },
    )
    assert response.status_code == 302
    outcome = LearningOutcome.objects.get(text="Learners give first aid at the workplace.")
    assert outcome.skills.filter(skill__code="first-aid").exists()
    teacher.post(
        f"/curriculum/programmes/{programme.pk}/",
        {"form": "plan", "year": 2027, "graduates": 45},
    )
    assert GraduatePlan.objects.get(programme=programme, year=2027, occupation=None).graduates == 45
    page = teacher.get(f"/curriculum/programmes/{programme.pk}/")
    assert "give first aid" in page.content.decode() and b"Add a learning outcome" in page.content

    mentor = client_as("mentor")
    assert (
        b"Add a learning outcome"
        not in mentor.get(f"/curriculum/programmes/{programme.pk}/").content
    )
    mentor.post(
        f"/curriculum/programmes/{programme.pk}/",
        {"form": "plan", "year": 2028, "graduates": 1},
    )
    assert not GraduatePlan.objects.filter(programme=programme, year=2028).exists()


def test_a_teacher_corrects_the_skills_an_outcome_teaches_and_the_correction_lasts(
    client_as, persona
):
    programme = Programme.objects.filter(college__code="college-001").first()
    outcome = services.add_outcome(
        programme.modules.first(),
        text="Learners give first aid and keep care records.",
        proficiency=3,
        since=date(2026, 9, 1),
        by=persona("teacher"),
    )
    first_aid = Skill.objects.get(taxonomy__slug="dovetail", code="first-aid")
    diets = Skill.objects.get(taxonomy__slug="dovetail", code="nutrition-planning")

    def teaches():
        return {row.skill_id for row in services.outcome_skills([programme.pk])}

    teacher = client_as("teacher")
    url = f"/curriculum/outcomes/{outcome.pk}/"
    assert "Take off" in teacher.get(url).content.decode()
    teacher.post(url, {"action": "reject", "skill": first_aid.pk})
    found = teacher.get(url + "?find=diets").content.decode()
    assert diets.label in found
    teacher.post(url, {"action": "add", "skill": diets.pk})
    page = teacher.get(url).content.decode()
    assert "taken off by" in page and "added by" in page
    assert outcome.skills.filter(skill=first_aid, rejected=True).exists()
    assert outcome.pk not in {
        row.outcome_id
        for row in services.outcome_skills([programme.pk])
        if row.skill_id == first_aid.pk
    }
    assert diets.pk in teaches()

    services.map_outcomes([outcome.pk])  # re-mapping keeps both corrections
    assert outcome.skills.filter(skill=first_aid, rejected=True).exists()
    assert outcome.skills.filter(skill=diets, origin="person").exists()

    mentor = client_as("mentor")
    assert "Take off" not in mentor.get(url).content.decode()
    assert mentor.post(url, {"action": "add", "skill": first_aid.pk}).status_code == 403
