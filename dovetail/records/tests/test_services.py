"""Diaries, co-assessment and competency progress as their users meet them."""

import base64
import json
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from dovetail.core.errors import ServiceError
from dovetail.core.tests.files import png_upload
from dovetail.lrs import services as lrs
from dovetail.lrs.models import Statement
from dovetail.partnerships.models import ConfidentialityLevel, Zone
from dovetail.records.models import Assessment, Competency, DiaryEntry
from dovetail.records.services import assessments, diaries, progress
from dovetail.skills.models import Skill

pytestmark = pytest.mark.django_db


def skills(count=2):
    return list(Skill.objects.exclude(kind=Skill.Kind.GROUP).order_by("code")[:count])


def write(placement, persona, days_ago=1, **extra):
    fields = {
        "written_on": timezone.localdate() - timedelta(days=days_ago),
        "activities": "Assembled battery modules",
        "learned": "Torque sequence for busbars",
        "hours": 8,
    }
    fields.update(extra)
    return diaries.write_entry(placement, by=persona("learner"), **fields)


def test_an_entry_is_saved_with_its_skills_and_becomes_an_xapi_statement(placement, persona):
    entry = write(placement, persona, skills=skills())
    assert entry.skills.count() == 2
    stored = Statement.objects.get(statement_id=entry.statement_id)
    assert '"name":"learner"' in stored.payload
    assert "reflected" in stored.payload


def test_only_the_learner_writes_and_only_inside_the_placement(placement, persona):
    with pytest.raises(ServiceError, match="Only the learner"):
        diaries.write_entry(
            placement,
            by=persona("mentor"),
            written_on=timezone.localdate(),
            activities="x",
            learned="y",
            hours=1,
        )
    with pytest.raises(ServiceError, match="outside the placement") as error:
        write(placement, persona, days_ago=60)
    assert error.value.field == "written_on"
    assert not DiaryEntry.objects.filter(placement=placement).exists()


def test_material_from_a_restricted_zone_cannot_be_attached(placement, persona):
    enterprise = placement.offer.enterprise
    restricted = Zone.objects.filter(
        enterprise=enterprise, confidentiality_level=ConfidentialityLevel.RESTRICTED
    ).first() or Zone.objects.create(
        enterprise=enterprise,
        name="Cell chemistry lab",
        kind=Zone.Kind.RESTRICTED,
        confidentiality_level=ConfidentialityLevel.RESTRICTED,
    )
    photo = png_upload("lab.png")
    with pytest.raises(ServiceError, match="cannot leave the enterprise"):
        write(placement, persona, uploads=[diaries.Upload(photo, restricted)])
    assert not DiaryEntry.objects.filter(placement=placement).exists()
    open_photo = png_upload("line.png")
    entry = write(placement, persona, uploads=[diaries.Upload(open_photo, placement.offer.zone)])
    assert entry.files.get().name == "line.png"


def test_the_mentor_signs_a_week_and_its_skills_become_evidence(placement, persona):
    first, second = skills()
    entry = write(placement, persona, days_ago=8, skills=[first, second])
    diaries.sign_off_week(
        placement, entry.written_on, by=persona("mentor"), skill_levels={first.pk: 3}
    )
    evidence = dict(
        Competency.objects.filter(
            learner=persona("learner"),
            source=Competency.Source.DIARY,
            evidence__contains=entry.week_of.isoformat(),
        ).values_list("skill_id", "proficiency")
    )
    assert evidence == {first.pk: 3, second.pk: diaries.SIGNED_DIARY_PROFICIENCY}
    with pytest.raises(ServiceError, match="already signed"):
        diaries.sign_off_week(placement, entry.written_on, by=persona("mentor"))
    with pytest.raises(ServiceError, match="Only the placement's mentor"):
        diaries.sign_off_week(placement, entry.written_on, by=persona("teacher"))


def test_the_teacher_sees_who_has_fallen_behind(placement, persona):
    [standing] = [
        s
        for s in diaries.diary_standings(persona("teacher"), today=timezone.localdate())
        if s.placement == placement
    ]
    assert standing.behind and standing.entries == 0
    write(placement, persona, days_ago=1)
    [standing] = [
        s
        for s in diaries.diary_standings(persona("teacher"), today=timezone.localdate())
        if s.placement == placement
    ]
    assert not standing.behind and standing.entries == 1


def test_other_learners_cannot_read_a_diary(placement, persona, other_college):
    write(placement, persona)
    with pytest.raises(ServiceError):
        diaries.diary_of(placement, by=other_college["learner"])
    assert diaries.diary_of(placement, by=persona("teacher"))[0]["entries"]


@pytest.fixture
def rubric(persona):
    first, second = skills()
    teacher = persona("teacher")
    return assessments.create_rubric(
        by=teacher,
        organisation=teacher.memberships.get().organisation,
        title="Battery assembly practice",
        criteria=[
            {"title": "Safety", "weight": 2, "skill": first, "descriptors": list("ABCDE")},
            {"title": "Quality", "weight": 1, "skill": second, "descriptors": list("ABCDE")},
        ],
    )


def test_a_rubric_needs_one_descriptor_per_level(persona):
    teacher = persona("teacher")
    with pytest.raises(ServiceError, match="one descriptor per level"):
        assessments.create_rubric(
            by=teacher,
            organisation=teacher.memberships.get().organisation,
            title="Short",
            criteria=[{"title": "Safety", "weight": 1, "skill": None, "descriptors": ["A"]}],
        )


def test_close_ratings_agree_at_once_and_give_grade_and_evidence(rubric, placement, persona):
    assessment = assessments.start_assessment(rubric, placement, by=persona("teacher"))
    safety, quality = rubric.criteria.all()
    assessments.rate(assessment, by=persona("teacher"), levels={safety.pk: 3, quality.pk: 2})
    view = assessments.comparison(assessment, by=persona("mentor"))
    assert all(row["teacher"] is None for row in view["rows"])  # independent until both are in
    assessments.rate(assessment, by=persona("mentor"), levels={safety.pk: 4, quality.pk: 2})
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.AGREED
    # agreed safety 4 (3.5 rounded up) of 4, quality 2 of 4: (2*1 + 1*0.5) / 3
    assert float(assessment.grade) == pytest.approx(83.3)
    assert assessment.passed
    proficiencies = dict(
        Competency.objects.filter(evidence__contains="co-assessed").values_list(
            "skill_id", "proficiency"
        )
    )
    assert proficiencies == {safety.skill_id: 5, quality.skill_id: 3}
    assert Statement.objects.filter(statement_id=assessment.statement_id).exists()


def test_wide_disagreement_is_flagged_then_reconciled(rubric, placement, persona):
    assessment = assessments.start_assessment(rubric, placement, by=persona("teacher"))
    safety, quality = rubric.criteria.all()
    assessments.rate(assessment, by=persona("teacher"), levels={safety.pk: 1, quality.pk: 2})
    assessments.rate(assessment, by=persona("mentor"), levels={safety.pk: 4, quality.pk: 2})
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.FLAGGED
    view = assessments.comparison(assessment, by=persona("teacher"))
    assert [row["flagged"] for row in view["rows"]] == [True, False]
    with pytest.raises(ServiceError, match="Note what"):
        assessments.reconcile(
            assessment, by=persona("mentor"), levels={safety.pk: 2, quality.pk: 2}
        )
    assessments.reconcile(
        assessment,
        by=persona("mentor"),
        levels={safety.pk: 2, quality.pk: 2},
        note="Guarding was skipped once; agreed on developing.",
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.AGREED and float(assessment.grade) == 50.0


def test_only_the_two_assessors_rate(rubric, placement, persona):
    assessment = assessments.start_assessment(rubric, placement, by=persona("teacher"))
    with pytest.raises(ServiceError, match="Only this assessment's"):
        assessments.rate(assessment, by=persona("learner"), levels={})


def test_the_employer_survey_needs_every_answer(placement, persona):
    answers = dict.fromkeys(assessments.SURVEY_QUESTIONS, 4)
    with pytest.raises(ServiceError, match="every question"):
        assessments.submit_survey(placement, by=persona("mentor"), answers={"safety": 5})
    survey = assessments.submit_survey(
        placement, by=persona("mentor"), answers=answers, would_hire=True
    )
    assert assessments.survey_of(placement, by=persona("learner")) == survey


def test_simulator_statements_become_competency_evidence(persona, placement):
    skill = skills(1)[0]
    college = persona("learner").learner_profile.college
    client, secret = lrs.create_client(college, "Welding simulator")
    token = base64.b64encode(f"{client.key}:{secret}".encode()).decode()
    statement = {
        "actor": {"account": {"homePage": "http://127.0.0.1:8000", "name": "learner"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
        "object": {
            "id": "http://sim.example.cn/welding/butt-joint",
            "definition": {"extensions": {"https://w3id.org/dovetail/xapi/skill": skill.uri}},
        },
        "result": {"score": {"scaled": 0.72}, "success": True},
    }
    response = HttpClient().post(
        "/xapi/statements",
        json.dumps(statement),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert response.status_code == 200
    evidence = Competency.objects.get(evidence__startswith="xAPI statement")
    assert (evidence.learner, evidence.skill, evidence.proficiency) == (
        persona("learner"),
        skill,
        4,
    )
    groups, items = progress.competency_profile(persona("learner").learner_profile)
    assert any(item.source == Competency.Source.SIMULATOR for item in items)


def test_prior_learning_is_recognised_by_teachers_only(persona):
    profile = persona("learner").learner_profile
    skill = skills(1)[0]
    with pytest.raises(ServiceError, match="Only the learner's teachers"):
        progress.record_prior_learning(
            profile,
            by=persona("mentor"),
            skill=skill,
            proficiency=3,
            evidence="Electrician certificate",
            achieved_on=timezone.localdate(),
        )
    progress.record_prior_learning(
        profile,
        by=persona("teacher"),
        skill=skill,
        proficiency=3,
        evidence="Electrician certificate",
        achieved_on=timezone.localdate(),
    )
    groups, rows = progress.cohort_progress(progress.cohort_learners(persona("teacher")))
    assert any(row[0] == profile and row[2] > 0 for row in rows)


def test_the_agenda_asks_each_person_for_their_part(rubric, placement, persona):
    from dovetail.records.services.agenda import agenda_for

    today = timezone.localdate()
    assert "Write your training diary" in [
        i.title for i in agenda_for(persona("learner"), today=today)
    ]
    write(placement, persona, days_ago=8)
    titles = [i.title for i in agenda_for(persona("mentor"), today=today)]
    assert "Sign off diary weeks" in titles
    assessments.start_assessment(rubric, placement, by=persona("teacher"))
    titles = [i.title for i in agenda_for(persona("mentor"), today=today)]
    assert "Rate an assessment" in titles and "Evaluate a placement" not in titles
    placement.ends_on = today + timedelta(days=3)
    placement.save()
    assert "Evaluate a placement" in [i.title for i in agenda_for(persona("mentor"), today=today)]
