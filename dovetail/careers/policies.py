"""Who sees a graduate's career.

The graduate sees everything of their own. Their college's staff see their career steps, and
send them surveys and offers, only while they consent. A course is a public offer any signed-in
person may read; its provider's staff change it and see who enrolled.
"""

from django.db.models import Q

from dovetail.careers.models import (
    CareerConsent,
    CareerStep,
    ContinuingOffer,
    Enrolment,
    FollowUpSurvey,
    SurveyInvitation,
    TrainingCourse,
)
from dovetail.core.models import Organisation
from dovetail.core.permissions import (
    CHANGE,
    COLLEGE_STAFF,
    ENTERPRISE_MANAGERS,
    Policy,
    register,
)

PROVIDER_STAFF = COLLEGE_STAFF | ENTERPRISE_MANAGERS


def _own(actor):
    return Q(learner__user_id=actor.user_id)


@register(CareerConsent)
class CareerConsentPolicy(Policy):
    def scope(self, actor):
        return _own(actor) | Q(learner__college__in=actor.organisations_with(COLLEGE_STAFF))


@register(CareerStep)
class CareerStepPolicy(Policy):
    def scope(self, actor):
        return _own(actor) | Q(
            learner__college__in=actor.organisations_with(COLLEGE_STAFF),
            learner__career_consent__given=True,
        )


@register(FollowUpSurvey)
class SurveyPolicy(Policy):
    def scope(self, actor):
        return Q(college__in=actor.organisations_with(COLLEGE_STAFF))

    def can(self, actor, action, survey):
        return action == CHANGE and actor.has_role(survey.college_id, COLLEGE_STAFF)

    def organisations(self, actor, action):
        return actor.organisations_with(COLLEGE_STAFF)


@register(SurveyInvitation)
class InvitationPolicy(Policy):
    def scope(self, actor):
        return _own(actor) | Q(survey__college__in=actor.organisations_with(COLLEGE_STAFF))

    def can(self, actor, action, invitation):
        return action == CHANGE and invitation.learner.user_id == actor.user_id


@register(TrainingCourse)
class CoursePolicy(Policy):
    def scope(self, actor):
        return ~Q(pk=None)

    def can(self, actor, action, course):
        return action == CHANGE and actor.has_role(course.provider_id, PROVIDER_STAFF)

    def organisations(self, actor, action):
        staff_of = actor.organisations_with(PROVIDER_STAFF)
        return set(
            Organisation.objects.filter(pk__in=staff_of)
            .filter(
                Q(kind=Organisation.Kind.COLLEGE, pk__in=actor.organisations_with(COLLEGE_STAFF))
                | Q(
                    kind=Organisation.Kind.ENTERPRISE,
                    pk__in=actor.organisations_with(ENTERPRISE_MANAGERS),
                )
            )
            .values_list("pk", flat=True)
        )


@register(ContinuingOffer)
class OfferPolicy(Policy):
    def scope(self, actor):
        return _own(actor) | Q(course__provider__in=actor.organisations_with(PROVIDER_STAFF))

    def can(self, actor, action, offer):
        return action == CHANGE and offer.learner.user_id == actor.user_id


@register(Enrolment)
class EnrolmentPolicy(Policy):
    def scope(self, actor):
        return (
            _own(actor)
            | Q(course__provider__in=actor.organisations_with(PROVIDER_STAFF))
            | Q(course__college__in=actor.organisations_with(COLLEGE_STAFF))
        )
