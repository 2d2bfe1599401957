"""Graduate follow-up surveys, sent on a schedule: each survey goes to every consenting graduate
once the months after their graduation have passed; the college sees who answered.

A graduate's graduation is taken as 1 July of their cohort year plus their programme's length
(rounded up), the end of the Chinese academic year.
"""

import math
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dovetail.careers.models import FollowUpSurvey, SurveyInvitation
from dovetail.careers.services import GRADUATE_STAGES
from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile
from dovetail.core.permissions import CHANGE, require, visible

MAX_QUESTIONS = 20


def graduation_of(profile: LearnerProfile) -> date:
    years = math.ceil(profile.programme.duration_years) if profile.programme else 3
    return date(profile.cohort_year + years, 7, 1)


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def create_survey(college, *, by, title: str, months_after_graduation: int, questions: list[str]):
    survey = FollowUpSurvey(
        college=college,
        title=title.strip(),
        months_after_graduation=months_after_graduation,
        questions=[q.strip() for q in questions if q.strip()],
        created_by=by,
    )
    require(by, CHANGE, survey)
    if not survey.questions:
        raise ServiceError(_("Ask at least one question, one a line."), field="questions")
    if len(survey.questions) > MAX_QUESTIONS:
        raise ServiceError(
            _("At most %(count)s questions.") % {"count": MAX_QUESTIONS}, field="questions"
        )
    with transaction.atomic():
        survey.save()
        audit.record(by, "survey.create", survey)
    return survey


def send_due(college, *, today: date | None = None) -> int:
    """Invite every consenting graduate whose survey is due and not yet sent; returns how many
    were invited. Safe to run daily: nobody is invited twice."""
    today = today or timezone.localdate()
    graduates = list(
        LearnerProfile.objects.filter(
            college=college, career_stage__in=GRADUATE_STAGES, career_consent__given=True
        ).select_related("programme")
    )
    sent = 0
    for survey in FollowUpSurvey.objects.filter(college=college, active=True):
        invited = set(survey.invitations.values_list("learner_id", flat=True))
        due = [
            SurveyInvitation(survey=survey, learner=profile, sent_on=today)
            for profile in graduates
            if profile.pk not in invited
            and _months_later(graduation_of(profile), survey.months_after_graduation) <= today
        ]
        SurveyInvitation.objects.bulk_create(due, ignore_conflicts=True)
        sent += len(due)
    return sent


def answer(invitation: SurveyInvitation, *, by, answers: list[str]) -> SurveyInvitation:
    require(by, CHANGE, invitation)
    if invitation.answered_at is not None:
        raise ServiceError(_("This survey is answered already."), field="answers")
    questions = invitation.survey.questions
    if len(answers) != len(questions) or not any(a.strip() for a in answers):
        raise ServiceError(_("Answer the questions."), field="answers")
    invitation.answers = [a.strip()[:2000] for a in answers]
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answers", "answered_at"])
    return invitation


def survey_rows(user, college):
    """The college's surveys with invitations sent and answered."""
    return (
        visible(user, FollowUpSurvey)
        .filter(college=college)
        .annotate(
            sent=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False)),
        )
    )


def invitations_of(user):
    """The surveys waiting for a learner's answer, and those answered."""
    return SurveyInvitation.objects.filter(learner__user=user).select_related("survey")


def answers_of(user, survey):
    return visible(user, SurveyInvitation).filter(survey=survey).select_related("learner__user")
