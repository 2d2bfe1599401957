"""Careers: consent decides what the college sees; surveys go out on schedule; courses are
offered to graduates whose occupation asks for what their record lacks; enterprises enrol their
in-service workers."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Count

from dovetail.careers import continuing, services, surveys
from dovetail.careers.models import ContinuingOffer, SurveyInvitation
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile, Organisation, User
from dovetail.skills.models import DemandSkill

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate(persona):
    """A graduate of the persona college, two years out."""
    profile = (
        LearnerProfile.objects.filter(
            college__code="college-001", career_stage=LearnerProfile.CareerStage.GRADUATE
        )
        .select_related("user", "programme")
        .first()
    )
    profile.cohort_year = date.today().year - 5
    profile.save(update_fields=["cohort_year"])
    return profile


@pytest.fixture
def demanded():
    """An occupation with recent demand, and the skill most asked of it."""
    row = (
        DemandSkill.objects.filter(rejected=False, demand__occupation__isnull=False)
        .values("demand__occupation_id", "skill_id")
        .annotate(count=Count("pk"))
        .order_by("-count")
        .first()
    )
    return row["demand__occupation_id"], row["skill_id"]


def employ(graduate, occupation_id):
    return services.add_step(
        graduate,
        by=graduate.user,
        employer_name="Haibin Robotics",
        job_title="Technician",
        occupation_id=occupation_id,
        started_on=date.today() - timedelta(days=200),
    )


def test_the_college_sees_a_graduates_jobs_only_with_consent(persona, graduate, demanded):
    employ(graduate, demanded[0])
    coordinator = persona("coordinator")
    college = graduate.college
    assert not services.steps_of(coordinator, graduate).exists()
    assert graduate not in list(services.alumni_of(coordinator, college))
    services.set_consent(graduate, by=graduate.user, given=True)
    assert services.steps_of(coordinator, graduate).count() == 1
    row = next(r for r in services.alumni_of(coordinator, college) if r.pk == graduate.pk)
    assert row.employer_name == "Haibin Robotics"
    with pytest.raises(ServiceError, match="Only the graduate"):
        services.set_consent(graduate, by=coordinator, given=True)


def test_surveys_go_out_once_when_due(persona, graduate):
    services.set_consent(graduate, by=graduate.user, given=True)
    survey = surveys.create_survey(
        graduate.college,
        by=persona("coordinator"),
        title="One year on",
        months_after_graduation=12,
        questions=["Where do you work?", "", "Would you study with us again?"],
    )
    assert survey.questions == ["Where do you work?", "Would you study with us again?"]
    graduated = surveys.graduation_of(graduate)
    sent = SurveyInvitation.objects.filter(survey=survey, learner=graduate)
    surveys.send_due(graduate.college, today=graduated)
    assert not sent.exists()  # not due until a year after graduation
    surveys.send_due(graduate.college, today=graduated + timedelta(days=400))
    surveys.send_due(graduate.college, today=graduated + timedelta(days=500))
    assert sent.count() == 1  # due, and sent once
    invitation = sent.get()
    with pytest.raises(PermissionDenied):
        surveys.answer(invitation, by=persona("coordinator"), answers=["x", "y"])
    surveys.answer(invitation, by=graduate.user, answers=["Haibin Robotics", "Yes"])
    row = surveys.survey_rows(persona("coordinator"), graduate.college).get(pk=survey.pk)
    assert row.answered == 1


def test_a_course_is_offered_to_graduates_whose_occupation_asks_what_they_lack(
    persona, graduate, demanded
):
    occupation_id, skill_id = demanded
    employ(graduate, occupation_id)
    course = continuing.create_course(
        graduate.college,
        by=persona("coordinator"),
        college=graduate.college,
        name="Evening course",
        description="What the trade asks now.",
        skills=[skill_id],
        audience="alumni",
        starts_on=date.today(),
        hours=40,
        seats=20,
    )
    offered = ContinuingOffer.objects.filter(course=course, learner=graduate)
    continuing.send_offers(course, by=persona("coordinator"))
    assert not offered.exists()  # no consent, no offer
    services.set_consent(graduate, by=graduate.user, given=True)
    continuing.send_offers(course, by=persona("coordinator"))
    offer = offered.get()
    assert offer.missing_skills == [skill_id] and 0 < offer.score <= 1
    assert continuing.send_offers(course, by=persona("coordinator")) == 0  # once each
    continuing.respond(offer, by=graduate.user, accept=True)
    assert course.enrolments.filter(learner=graduate).exists()


def test_an_enterprise_enrols_its_staff_as_in_service_learners(persona, demanded):
    hr = persona("hr")
    enterprise = Organisation.objects.get(memberships__user=hr)
    college = Organisation.objects.get(code="college-001")
    course = continuing.create_course(
        enterprise,
        by=hr,
        college=college,
        name="Line safety refresher",
        description="For our technicians.",
        skills=[demanded[1]],
        audience="in_service",
        starts_on=date.today(),
        hours=8,
        seats=5,
    )
    pm = persona("pm")
    [enrolment] = continuing.enrol_staff(course, by=hr, users=[pm])
    assert enrolment.learner.career_stage == LearnerProfile.CareerStage.IN_SERVICE
    assert enrolment.learner.college == college
    with pytest.raises(ServiceError, match="does not work at"):
        continuing.enrol_staff(course, by=hr, users=[persona("teacher")])


def test_another_organisation_may_not_offer_or_enrol_on_a_course(persona, other_college):
    hr = persona("hr")
    enterprise = Organisation.objects.get(memberships__user=hr)
    course = continuing.create_course(
        enterprise,
        by=hr,
        college=Organisation.objects.get(code="college-001"),
        name="Closed training",
        description="Ours.",
        skills=[DemandSkill.objects.first().skill_id],
        audience="in_service",
        starts_on=date.today(),
        hours=8,
        seats=5,
    )
    with pytest.raises(PermissionDenied):
        continuing.send_offers(course, by=other_college["coordinator"])
    with pytest.raises(PermissionDenied):
        continuing.enrol_staff(course, by=other_college["coordinator"], users=[])
    with pytest.raises(ServiceError, match="not open to you"):
        continuing.enrol_self(course, by=User.objects.get(username="teacher"))


def test_the_alumnus_finds_the_survey_and_the_offer_on_the_home_agenda(client_as):
    page = client_as("alumnus").get("/")
    assert b"A survey from your college" in page.content
    assert b"A course offered to you" in page.content


def test_an_enterprise_registers_training_only_with_a_partner_college(persona, other_college):
    hr = persona("hr")
    enterprise = Organisation.objects.get(memberships__user=hr)
    with pytest.raises(ServiceError, match="partner college"):
        continuing.create_course(
            enterprise,
            by=hr,
            college=other_college["college"],
            name="Elsewhere",
            description="Not our partner.",
            skills=[DemandSkill.objects.first().skill_id],
            audience="in_service",
            starts_on=date.today(),
            hours=8,
            seats=5,
        )


def test_only_the_graduate_answers_their_offer_and_others_record_no_jobs(
    persona, graduate, demanded, other_college
):
    services.set_consent(graduate, by=graduate.user, given=True)
    employ(graduate, demanded[0])
    course = continuing.create_course(
        graduate.college,
        by=persona("coordinator"),
        college=graduate.college,
        name="Evening course",
        description="d",
        skills=[demanded[1]],
        audience="alumni",
        starts_on=date.today(),
        hours=10,
        seats=5,
    )
    continuing.send_offers(course, by=persona("coordinator"))
    offer = ContinuingOffer.objects.get(course=course, learner=graduate)
    for outsider in (other_college["learner"], persona("learner"), persona("coordinator")):
        with pytest.raises(PermissionDenied):
            continuing.respond(offer, by=outsider, accept=True)
    assert not course.enrolments.exists()
    with pytest.raises(ServiceError, match="with their consent"):
        services.add_step(
            graduate,
            by=other_college["coordinator"],
            employer_name="x",
            job_title="y",
            started_on=date.today(),
        )
