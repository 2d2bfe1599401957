"""The records pages for each persona."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dovetail.core.tests.files import HTML, PNG, png_upload
from dovetail.records.models import Assessment, DiaryEntry, Rubric, WeekSignOff
from dovetail.records.services import assessments
from dovetail.skills.models import Skill

pytestmark = pytest.mark.django_db


def test_the_learner_writes_an_entry_with_a_photo(client_as, placement):
    learner = client_as("learner")
    assert "Write today" in learner.get("/records/diary/").content.decode()
    skill = Skill.objects.exclude(kind=Skill.Kind.GROUP).first()
    response = learner.post(
        f"/records/diary/?placement={placement.pk}",
        {
            "written_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "hours": "7.5",
            "activities": "Calibrated the torque wrench",
            "learned": "Why calibration drifts",
            "skills": [skill.pk],
            "zone": placement.offer.zone_id,
            "files": [png_upload("wrench.png")],
        },
    )
    assert response.status_code == 302
    entry = DiaryEntry.objects.get(placement=placement)
    page = learner.get(response["Location"]).content.decode()
    assert "Calibrated the torque wrench" in page and "wrench.png" in page
    download = learner.get(f"/records/diary/files/{entry.files.get().pk}/")
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("inline")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in download["Content-Security-Policy"]


def _post_files(learner, placement, *files):
    return learner.post(
        f"/records/diary/?placement={placement.pk}",
        {
            "written_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "hours": "7",
            "activities": "Wired the panel",
            "learned": "Colour codes",
            "zone": placement.offer.zone_id,
            "files": list(files),
        },
    )


def test_a_page_disguised_as_a_photo_is_refused_and_nothing_is_saved(client_as, placement):
    learner = client_as("learner")
    response = _post_files(
        learner, placement, SimpleUploadedFile("cat.png", HTML, content_type="image/png")
    )
    assert response.status_code == 200
    assert "cat.png: the content is text/html" in response.content.decode()
    assert not DiaryEntry.objects.filter(placement=placement).exists()


def test_a_pdf_is_downloaded_never_shown_inline(client_as, placement):
    learner = client_as("learner")
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    response = _post_files(learner, placement, SimpleUploadedFile("report.pdf", pdf))
    assert response.status_code == 302
    stored = DiaryEntry.objects.get(placement=placement).files.get()
    download = client_as("mentor").get(f"/records/diary/files/{stored.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")


def test_the_mentor_signs_off_and_the_teacher_comments(client_as, placement, persona):
    entry = DiaryEntry.objects.create(
        placement=placement,
        learner=persona("learner"),
        written_on=timezone.localdate() - timedelta(days=8),
        week_of=timezone.localdate()
        - timedelta(days=8 + (timezone.localdate() - timedelta(days=8)).weekday()),
        activities="Stacked cells",
        learned="Polarity checks",
        hours=8,
    )
    mentor = client_as("mentor")
    page = mentor.get(f"/records/diary/{placement.pk}/").content.decode()
    assert "Sign off this week" in page
    mentor.post(f"/records/diary/{placement.pk}/", {"sign_week": entry.week_of.isoformat()})
    assert WeekSignOff.objects.filter(placement=placement, week_of=entry.week_of).exists()
    teacher = client_as("teacher")
    teacher.post(f"/records/diary/{placement.pk}/", {"comment_on": entry.pk, "text": "Good."})
    assert entry.comments.get().text == "Good."
    assert (
        "Sign off this week" not in teacher.get(f"/records/diary/{placement.pk}/").content.decode()
    )


def test_a_stranger_cannot_open_the_diary(client_as, placement, other_college):
    from django.test import Client

    stranger = Client()
    stranger.force_login(other_college["learner"])
    assert stranger.get(f"/records/diary/{placement.pk}/").status_code == 404


def test_the_teacher_sees_the_cohort_fall_behind(client_as, placement):
    page = client_as("teacher").get("/records/diaries/").content.decode()
    assert "Behind" in page
    assert client_as("learner").get("/records/cohort/").status_code == 403
    assert "Cohort competencies" in client_as("teacher").get("/records/cohort/").content.decode()
    exported = client_as("teacher").get("/records/cohort/?format=csv").content.decode()
    assert exported.startswith("Learner,Student number,") and "Zhang Xinyi" in exported


def test_a_teacher_writes_a_rubric_and_both_assessors_rate(client_as, placement, persona):
    teacher = client_as("teacher")
    organisation = persona("teacher").memberships.get().organisation
    response = teacher.post(
        "/records/rubrics/",
        {
            "rubric-title": "Line practice",
            "rubric-organisation": organisation.pk,
            "rubric-levels": "Not yet, Developing, Competent, Proficient, Excellent",
            "rubric-disagreement_threshold": 1,
            "rubric-pass_mark": 60,
            "criteria-TOTAL_FORMS": 3,
            "criteria-INITIAL_FORMS": 0,
            "criteria-0-title": "Safety",
            "criteria-0-weight": "1",
            "criteria-0-descriptors": "a\nb\nc\nd\ne",
            "criteria-1-weight": "1",
            "criteria-2-weight": "1",
        },
    )
    rubric = Rubric.objects.get(title="Line practice")
    assert response["Location"] == f"/records/rubrics/{rubric.pk}/"
    response = teacher.post(f"/records/rubrics/{rubric.pk}/", {"placement": placement.pk})
    assessment = Assessment.objects.get(rubric=rubric)
    [criterion] = rubric.criteria.all()
    teacher.post(response["Location"], {f"level_{criterion.pk}": 2})
    client_as("mentor").post(response["Location"], {f"level_{criterion.pk}": 2})
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.AGREED
    page = client_as("learner").get(response["Location"]).content.decode()
    assert "50.0%" in page


def test_the_competency_profile_draws_a_radar(client_as, persona):
    profile = persona("learner").learner_profile
    response = client_as("learner").get("/records/competencies/")
    assert response["Location"] == f"/records/competencies/{profile.pk}/"
    page = client_as("learner", "zh-hans").get(response["Location"]).content.decode()
    assert "learner-shape" in page and "证据" in page


def test_other_learners_profiles_are_hidden(client_as, other_college):
    profile = other_college["profile"]
    assert client_as("learner").get(f"/records/competencies/{profile.pk}/").status_code == 404


def test_the_employer_survey_page(client_as, placement):
    mentor = client_as("mentor")
    data = {f"q_{code}": 4 for code in assessments.SURVEY_QUESTIONS}
    data.update(strengths="Careful", would_hire="true")
    assert mentor.post(f"/records/placements/{placement.pk}/survey/", data).status_code == 302
    page = client_as("teacher").get(f"/records/placements/{placement.pk}/survey/").content.decode()
    assert "Careful" in page


def test_an_administrator_creates_an_lrs_client_and_sees_its_secret_once(client_as, persona):
    coordinator = client_as("coordinator")
    organisation = persona("coordinator").memberships.get().organisation
    page = coordinator.post(
        "/lrs/clients/",
        {
            "name": "VR welding room",
            "organisation": organisation.pk,
            "scopes": ["statements/write"],
        },
    ).content.decode()
    assert "data-client-secret" in page and "VR welding room" in page
    assert "data-client-secret" not in coordinator.get("/lrs/clients/").content.decode()
    assert (
        client_as("learner")
        .post("/lrs/clients/", {"name": "x", "organisation": organisation.pk, "scopes": ["all"]})
        .status_code
        == 200
    )
