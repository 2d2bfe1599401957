import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """A name in English and Simplified Chinese; pages show the one matching the language."""

    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.name_zh and (get_language() or "").startswith("zh"):
            return self.name_zh
        return self.name


class Region(BilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Organisation(BilingualName):
    class Kind(models.TextChoices):
        COLLEGE = "college", _("Vocational college")
        ENTERPRISE = "enterprise", _("Enterprise")
        AUTHORITY = "authority", _("Regional authority")
        ASSOCIATION = "association", _("Industry association")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("region")
    )
    industry = models.CharField(_("industry"), max_length=80, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["region", "kind"])]


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # the language Dovetail writes to this person in (e-mail); pages follow the browser's choice
    language = models.CharField(
        _("language for messages"), max_length=10, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name or self.username


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    TEACHER = "teacher", _("Teacher / programme leader")
    ENTERPRISE_HR = "enterprise_hr", _("Enterprise HR")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    MENTOR = "mentor", _("Enterprise mentor")
    LEARNER = "learner", _("Learner")
    OFFICER = "officer", _("Education officer")


# Which kind of organisation each role belongs to; an officer may sit in an authority or an
# industry association acting as mediator.
ROLE_ORGANISATION_KINDS = {
    Role.COORDINATOR: {Organisation.Kind.COLLEGE},
    Role.TEACHER: {Organisation.Kind.COLLEGE},
    Role.LEARNER: {Organisation.Kind.COLLEGE},
    Role.ENTERPRISE_HR: {Organisation.Kind.ENTERPRISE},
    Role.PROJECT_MANAGER: {Organisation.Kind.ENTERPRISE},
    Role.MENTOR: {Organisation.Kind.ENTERPRISE},
    Role.OFFICER: {Organisation.Kind.AUTHORITY, Organisation.Kind.ASSOCIATION},
}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "role", "user_id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class LearnerProfile(models.Model):
    class CareerStage(models.TextChoices):
        STUDENT = "student", _("Student")
        APPRENTICE = "apprentice", _("Apprentice")
        GRADUATE = "graduate", _("Graduate")
        IN_SERVICE = "in_service", _("In-service worker")
        ADULT = "adult", _("Adult learner")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile"
    )
    college = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="learners", verbose_name=_("college")
    )
    programme = models.ForeignKey(
        "curriculum.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learners",
        verbose_name=_("programme"),
    )
    student_number = models.CharField(_("student number"), max_length=40, blank=True)
    career_stage = models.CharField(_("career stage"), max_length=20, choices=CareerStage.choices)
    cohort_year = models.PositiveSmallIntegerField(_("cohort year"))
    # Group attributes for inclusion indicators: only the learner and their college's
    # coordinators see them; everyone else sees aggregates.
    rural = models.BooleanField(_("rural background"), default=False)
    disadvantaged = models.BooleanField(_("economically disadvantaged"), default=False)
    disability = models.BooleanField(_("disability"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["college_id", "user_id"]
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        indexes = [models.Index(fields=["college", "career_stage", "cohort_year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["college", "student_number"],
                condition=~models.Q(student_number=""),
                name="unique_student_number_per_college",
            )
        ]

    def __str__(self):
        return str(self.user)


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} · {self.name}"


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    changes = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.action} {self.object_type}#{self.object_id}"


class NotificationPreference(models.Model):
    """Whether a person gets one kind of notification by e-mail (every kind is on until they
    turn it off)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40)
    by_email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user} · {self.kind}"


class SentNotification(models.Model):
    """A notification that went to a person; ``key`` keeps a reminder from going twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=120, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["user", "kind", "key"])]
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")

    def __str__(self):
        return f"{self.user} · {self.subject}"


class StashedUpload(models.Model):
    """An upload kept in the database for the task that reads it, so any worker on any machine
    can read it; deleted when that task ends."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stashed upload")
        verbose_name_plural = _("stashed uploads")

    def __str__(self):
        return self.name


class TaskRun(models.Model):
    """One run of long work (generation, import, matching…), with the progress pages poll."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=80)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("task run")
        verbose_name_plural = _("task runs")

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def fraction(self):
        return self.done / self.total if self.total else 0.0

    @property
    def is_finished(self):
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}
