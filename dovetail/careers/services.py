"""Graduates' careers: consent, career steps and the alumni their college follows."""

from collections import Counter

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from dovetail.careers.models import CareerConsent, CareerStep
from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile
from dovetail.core.permissions import COLLEGE_STAFF, actor_for, visible
from dovetail.skills.occupations import NamesOccupations, names_occupations

GRADUATE_STAGES = [LearnerProfile.CareerStage.GRADUATE, LearnerProfile.CareerStage.IN_SERVICE]

names_occupations(NamesOccupations("career_step", CareerStep))


def consents(profile: LearnerProfile) -> bool:
    return CareerConsent.objects.filter(learner=profile, given=True).exists()


def set_consent(profile: LearnerProfile, *, by, given: bool) -> CareerConsent:
    """Only the graduate gives or withdraws consent."""
    if profile.user_id != by.pk:
        raise ServiceError(
            _("Only the graduate decides who follows their career."), code="forbidden"
        )
    with transaction.atomic():
        consent, _created = CareerConsent.objects.update_or_create(
            learner=profile, defaults={"given": given}
        )
        audit.record(by, "career.consent", consent, {"given": given})
    return consent


def _may_record(by, profile) -> bool:
    if profile.user_id == by.pk:
        return True
    return actor_for(by).has_role(profile.college_id, COLLEGE_STAFF) and consents(profile)


def add_step(profile: LearnerProfile, *, by, **fields) -> CareerStep:
    """A job in the graduate's career, recorded by them or (with consent) by their college."""
    if not _may_record(by, profile):
        raise ServiceError(
            _("Only the graduate, or their college with their consent, records their career."),
            code="forbidden",
        )
    if fields.get("ended_on") and fields["ended_on"] < fields["started_on"]:
        raise ServiceError(_("The job ends before it starts."), field="ended_on")
    with transaction.atomic():
        step = CareerStep.objects.create(learner=profile, recorded_by=by, **fields)
        audit.record(by, "career.step", step)
    return step


def steps_of(user, profile: LearnerProfile):
    return visible(user, CareerStep).filter(learner=profile).select_related("occupation", "region")


def current_steps(learner_ids) -> dict[int, CareerStep]:
    """{learner profile id: their current (latest, not ended) job}."""
    rows = CareerStep.objects.filter(learner_id__in=learner_ids, ended_on__isnull=True)
    current: dict[int, CareerStep] = {}
    for step in rows.select_related("occupation", "region").order_by("started_on", "pk"):
        current[step.learner_id] = step
    return current


def alumni_of(user, college):
    """The college's graduates who consent to being followed, each with their current job."""
    latest = CareerStep.objects.filter(learner=OuterRef("pk"), ended_on__isnull=True).order_by(
        "-started_on", "-pk"
    )
    return (
        visible(user, LearnerProfile)
        .filter(college=college, career_stage__in=GRADUATE_STAGES, career_consent__given=True)
        .annotate(
            employer_name=Subquery(latest.values("employer_name")[:1]),
            job_title=Subquery(latest.values("job_title")[:1]),
            occupation_label=Subquery(latest.values("occupation__label")[:1]),
            region_name=Subquery(latest.values("region__name")[:1]),
        )
        .select_related("user", "programme")
        .order_by("cohort_year", "user__full_name")
    )


def alumni_summary(rows) -> dict:
    """Where the followed graduates work: counts by occupation and region, and how many have a
    job on record."""
    rows = list(rows)
    employed = [row for row in rows if row.employer_name]
    return {
        "followed": len(rows),
        "employed": len(employed),
        "by_occupation": Counter(
            row.occupation_label or _("not given") for row in employed
        ).most_common(8),
        "by_region": Counter(row.region_name or _("not given") for row in employed).most_common(8),
    }
