from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import BilingualName, Organisation


class CareerConsent(models.Model):
    """Whether a graduate lets their college follow their career. Without it the college sees
    nothing of their steps, sends them no survey and no offer."""

    learner = models.OneToOneField(
        "core.LearnerProfile", on_delete=models.CASCADE, related_name="career_consent"
    )
    given = models.BooleanField(_("my college may follow my career"), default=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["learner_id"]
        verbose_name = _("career-tracking consent")
        verbose_name_plural = _("career-tracking consents")

    def __str__(self):
        return f"{self.learner}: {self.given}"


class CareerStep(models.Model):
    """One job in a graduate's career: where, as what, from when."""

    learner = models.ForeignKey(
        "core.LearnerProfile", on_delete=models.CASCADE, related_name="career_steps"
    )
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer on Dovetail"),
    )
    employer_name = models.CharField(_("employer"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    occupation = models.ForeignKey(
        "skills.Occupation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation"),
    )
    region = models.ForeignKey(
        "core.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["learner_id", "-started_on", "pk"]
        verbose_name = _("career step")
        verbose_name_plural = _("career steps")

    def __str__(self):
        return f"{self.job_title}, {self.employer_name}"


class FollowUpSurvey(models.Model):
    """A graduate follow-up survey, sent a number of months after graduation."""

    college = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    months_after_graduation = models.PositiveSmallIntegerField(_("months after graduation"))
    questions = models.JSONField(_("questions"))
    active = models.BooleanField(_("sending"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["college_id", "months_after_graduation", "pk"]
        verbose_name = _("follow-up survey")
        verbose_name_plural = _("follow-up surveys")

    def __str__(self):
        return self.title


class SurveyInvitation(models.Model):
    survey = models.ForeignKey(FollowUpSurvey, on_delete=models.CASCADE, related_name="invitations")
    learner = models.ForeignKey(
        "core.LearnerProfile", on_delete=models.CASCADE, related_name="survey_invitations"
    )
    sent_on = models.DateField(_("sent on"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answers = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-sent_on", "pk"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "learner"], name="one_invitation_per_survey")
        ]

    def __str__(self):
        return f"{self.survey} · {self.learner}"


class TrainingCourse(BilingualName):
    """Continuing education: a college's course for its alumni, or an enterprise's training for
    its in-service workers (registered as learners with a partner college)."""

    class Audience(models.TextChoices):
        ALUMNI = "alumni", _("Graduates")
        IN_SERVICE = "in_service", _("The provider's in-service workers")
        OPEN = "open", _("Graduates and in-service workers")

    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("provider")
    )
    college = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("registering college"),
    )
    description = models.TextField(_("description"))
    skills = models.ManyToManyField("skills.Skill", related_name="+", verbose_name=_("skills"))
    audience = models.CharField(_("for"), max_length=12, choices=Audience.choices)
    starts_on = models.DateField(_("starts on"))
    hours = models.PositiveSmallIntegerField(_("hours"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")


class ContinuingOffer(models.Model):
    """A course offered to one graduate because it teaches skills their occupation asks for and
    their record lacks."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="offers")
    learner = models.ForeignKey(
        "core.LearnerProfile", on_delete=models.CASCADE, related_name="continuing_offers"
    )
    missing_skills = models.JSONField(default=list)
    score = models.FloatField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("continuing-education offer")
        verbose_name_plural = _("continuing-education offers")
        constraints = [
            models.UniqueConstraint(fields=["course", "learner"], name="one_offer_per_course")
        ]

    def __str__(self):
        return f"{self.course} → {self.learner}"


class Enrolment(models.Model):
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="enrolments")
    learner = models.ForeignKey(
        "core.LearnerProfile", on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course_id", "created_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["course", "learner"], name="one_enrolment_per_course")
        ]

    def __str__(self):
        return f"{self.learner} · {self.course}"
