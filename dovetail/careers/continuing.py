"""Continuing education: courses from colleges and enterprises, offered to the graduates whose
occupation now asks for skills their record lacks, and enrolment (an enterprise's in-service
workers become learners at the in-service stage)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dovetail.careers import services
from dovetail.careers.models import ContinuingOffer, Enrolment, TrainingCourse
from dovetail.core import audit
from dovetail.core import services as core
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile, Organisation, Role
from dovetail.core.permissions import CHANGE, actor_for, organisations_for, require, visible
from dovetail.engines.skills import careers as matching
from dovetail.partnerships.services import partner_enterprises
from dovetail.records.services import evidence as record_evidence
from dovetail.skills import evidence as skill_evidence

DEMAND_WINDOW = timedelta(days=365)


def providers_for(user):
    return organisations_for(user, CHANGE, TrainingCourse)


def create_course(provider: Organisation, *, by, skills, **fields) -> TrainingCourse:
    course = TrainingCourse(provider=provider, created_by=by, **fields)
    require(by, CHANGE, course)
    if provider.kind == Organisation.Kind.COLLEGE and course.college_id != provider.pk:
        raise ServiceError(_("A college registers its own course's learners."), field="college")
    if course.college.kind != Organisation.Kind.COLLEGE:
        raise ServiceError(_("Learners are registered with a college."), field="college")
    if provider.kind == Organisation.Kind.ENTERPRISE and provider.pk not in partner_enterprises(
        course.college_id
    ):
        # enrolling staff makes them learners of that college: only a partner may do that
        raise ServiceError(
            _("An enterprise registers its training with a partner college."), field="college"
        )
    if not skills:
        raise ServiceError(_("Name the skills the course teaches."), field="skills")
    with transaction.atomic():
        course.save()
        course.skills.set(skills)
        audit.record(by, "course.create", course)
    return course


def _candidates(course: TrainingCourse):
    """Learners the course may be offered to: the registering college's consenting graduates,
    and for an enterprise's training its own in-service workers."""
    profiles = LearnerProfile.objects.select_related("user")
    graduates = profiles.filter(
        college=course.college,
        career_stage__in=services.GRADUATE_STAGES,
        career_consent__given=True,
    )
    if course.audience == TrainingCourse.Audience.ALUMNI:
        return list(graduates)
    staff = profiles.filter(
        career_stage=LearnerProfile.CareerStage.IN_SERVICE,
        career_steps__employer=course.provider,
        career_steps__ended_on__isnull=True,
    )
    if course.audience == TrainingCourse.Audience.IN_SERVICE:
        return list(staff.distinct())
    return list((graduates | staff).distinct())


def match(
    course: TrainingCourse, *, today=None
) -> list[tuple[LearnerProfile, matching.CourseMatch]]:
    """Who the course suits, best first: the missing demand of each candidate's current
    occupation that it covers."""
    today = today or timezone.localdate()
    candidates = _candidates(course)
    jobs = services.current_steps([profile.pk for profile in candidates])
    occupations = {step.occupation_id for step in jobs.values() if step.occupation_id}
    demand = skill_evidence.occupation_demand(occupations, since=today - DEMAND_WINDOW)
    essential = skill_evidence.essential_skills(occupations)
    offered = matching.Course(course.pk, frozenset(course.skills.values_list("pk", flat=True)))
    matches = []
    for profile in candidates:
        step = jobs.get(profile.pk)
        if step is None or step.occupation_id is None:
            continue
        demanded = matching.occupation_demand(
            demand.get(step.occupation_id, []), essential=essential.get(step.occupation_id, ())
        )
        missing = matching.missing_skills(demanded, record_evidence.skills_shown(profile.user_id))
        ranked = matching.rank_courses(missing, [offered])
        if ranked:
            matches.append((profile, ranked[0]))
    matches.sort(key=lambda pair: (-pair[1].score, pair[0].pk))
    return matches


def send_offers(course: TrainingCourse, *, by, today=None) -> int:
    """Offer the course to everyone it suits who has not had it offered; returns how many."""
    require(by, CHANGE, course)
    already = set(course.offers.values_list("learner_id", flat=True))
    enrolled = set(course.enrolments.values_list("learner_id", flat=True))
    offers = [
        ContinuingOffer(
            course=course,
            learner=profile,
            missing_skills=list(found.covers),
            score=found.score,
        )
        for profile, found in match(course, today=today)
        if profile.pk not in already | enrolled
    ]
    with transaction.atomic():
        ContinuingOffer.objects.bulk_create(offers, ignore_conflicts=True)
        audit.record(by, "course.offer", course, {"offers": len(offers)})
    return len(offers)


def _enrol(course, profile, by):
    if course.enrolments.count() >= course.seats:
        raise ServiceError(_("The course is full."), field="course")
    enrolment, created = Enrolment.objects.get_or_create(
        course=course, learner=profile, defaults={"enrolled_by": by}
    )
    if not created:
        raise ServiceError(_("%(learner)s is enrolled already.") % {"learner": profile})
    return enrolment


def respond(offer: ContinuingOffer, *, by, accept: bool) -> ContinuingOffer:
    """The graduate accepts (and is enrolled) or declines."""
    require(by, CHANGE, offer)
    if offer.status != ContinuingOffer.Status.OFFERED:
        raise ServiceError(_("You have answered this offer already."), field="status")
    with transaction.atomic():
        if accept:
            _enrol(offer.course, offer.learner, by)
        offer.status = (
            ContinuingOffer.Status.ACCEPTED if accept else ContinuingOffer.Status.DECLINED
        )
        offer.responded_at = timezone.now()
        offer.save(update_fields=["status", "responded_at"])
        audit.record(by, f"offer.{offer.status}", offer)
    return offer


def enrol_staff(course: TrainingCourse, *, by, users) -> list[Enrolment]:
    """An enterprise enrols its own workers on its training: each becomes a learner at the
    in-service stage with the registering college, if they are not one already."""
    require(by, CHANGE, course)
    if course.provider.kind != Organisation.Kind.ENTERPRISE:
        raise ServiceError(_("Only an enterprise's training enrols its staff."), field="users")
    with transaction.atomic():
        enrolments = []
        for user in users:
            if not actor_for(user).organisations_with(set(Role)) & {course.provider_id}:
                raise ServiceError(
                    _("%(person)s does not work at %(enterprise)s.")
                    % {"person": user, "enterprise": course.provider},
                    field="users",
                )
            profile = core.ensure_in_service_learner(user, course.college)
            if not services.current_steps([profile.pk]):
                services.add_step(
                    profile,
                    by=user,
                    employer=course.provider,
                    employer_name=course.provider.name,
                    job_title=_("Staff"),
                    started_on=timezone.localdate(),
                )
            enrolments.append(_enrol(course, profile, by))
        audit.record(by, "course.enrol_staff", course, {"count": len(enrolments)})
    return enrolments


def enrol_self(course: TrainingCourse, *, by) -> Enrolment:
    """A graduate of the registering college, or a worker of the providing enterprise, enrols."""
    works_there = course.provider.kind == Organisation.Kind.ENTERPRISE and bool(
        actor_for(by).organisations_with(set(Role)) & {course.provider_id}
    )
    profile = LearnerProfile.objects.filter(user=by).first()
    graduate = (
        profile is not None
        and profile.college_id == course.college_id
        and profile.career_stage in services.GRADUATE_STAGES
    )
    audience = course.audience
    if not (
        (works_there and audience != TrainingCourse.Audience.ALUMNI)
        or (graduate and audience != TrainingCourse.Audience.IN_SERVICE)
    ):
        raise ServiceError(_("This course is not open to you."), field="course", code="forbidden")
    with transaction.atomic():
        profile = profile or core.ensure_in_service_learner(by, course.college)
        enrolment = _enrol(course, profile, by)
        course.offers.filter(learner=profile, status=ContinuingOffer.Status.OFFERED).update(
            status=ContinuingOffer.Status.ACCEPTED, responded_at=timezone.now()
        )
        audit.record(by, "course.enrol", course)
    return enrolment


def courses_for(user):
    return visible(user, TrainingCourse).select_related("provider", "college")


def offers_of(user):
    return ContinuingOffer.objects.filter(learner__user=user).select_related("course__provider")


def enrolments_of(user, course):
    return visible(user, Enrolment).filter(course=course).select_related("learner__user")
