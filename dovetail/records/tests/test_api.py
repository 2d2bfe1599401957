"""The records API: diary entries and sign-offs, ratings, a learner's competencies."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from dovetail.records.models import Assessment
from dovetail.records.services import assessments
from dovetail.skills.models import Skill

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_diary_entry_and_its_sign_off_through_the_api(client_as, placement, persona):
    skill = Skill.objects.exclude(kind=Skill.Kind.GROUP).order_by("code").first()
    written_on = timezone.localdate() - timedelta(days=8)
    response = post(
        client_as("learner"),
        f"/api/placements/{placement.pk}/diary",
        {
            "written_on": written_on.isoformat(),
            "activities": "Crimped harnesses",
            "learned": "Pull-test every tenth",
            "hours": "6",
            "skills": [skill.code],
        },
    )
    assert response.status_code == 201 and response.json()["statement_id"]
    refused = post(
        client_as("teacher"),
        f"/api/placements/{placement.pk}/diary/sign-offs",
        {"week_of": written_on.isoformat()},
    )
    assert refused.status_code == 403
    signed = post(
        client_as("mentor"),
        f"/api/placements/{placement.pk}/diary/sign-offs",
        {"week_of": written_on.isoformat(), "skill_levels": {skill.code: 3}},
    )
    assert signed.status_code == 201
    profile = persona("learner").learner_profile
    found = client_as("learner").get(f"/api/learners/{profile.pk}/competencies").json()
    assert found["best"][skill.code] >= 3


def test_ratings_through_the_api(client_as, placement, persona):
    teacher = persona("teacher")
    rubric = assessments.create_rubric(
        by=teacher,
        organisation=teacher.memberships.get().organisation,
        title="API rubric",
        criteria=[{"title": "Safety", "weight": 1, "skill": None, "descriptors": list("ABC")}],
        levels=["Low", "Mid", "High"],
    )
    assessment = assessments.start_assessment(rubric, placement, by=teacher)
    [criterion] = rubric.criteria.all()
    url = f"/api/assessments/{assessment.pk}/ratings"
    assert post(client_as("teacher"), url, {"levels": {criterion.pk: 2}}).json()["status"] == "open"
    done = post(client_as("mentor"), url, {"levels": {criterion.pk: 2}}).json()
    assert done["status"] == Assessment.Status.AGREED and float(done["grade"]) == 100.0
    assert client_as("officer").get(f"/api/assessments/{assessment.pk}").status_code == 404
