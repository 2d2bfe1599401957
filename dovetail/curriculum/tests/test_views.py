"""Teachers add learning outcomes (mapped at once) and graduate plans on the programme page."""

import pytest

from dovetail.curriculum.models import GraduatePlan, LearningOutcome, Programme

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
