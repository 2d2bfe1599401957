from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import BilingualName, Organisation


class ConfidentialityLevel(models.IntegerChoices):
    OPEN = 0, _("Open")
    INTERNAL = 1, _("Internal")
    CONFIDENTIAL = 2, _("Confidential")
    RESTRICTED = 3, _("Restricted")


class Partnership(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    college = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="college_partnerships",
        verbose_name=_("college"),
    )
    enterprise = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="enterprise_partnerships",
        verbose_name=_("enterprise"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    started_on = models.DateField(_("started on"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["college_id", "enterprise_id"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(fields=["college", "enterprise"], name="unique_partnership")
        ]

    def __str__(self):
        return f"{self.college} ↔ {self.enterprise}"


class Agreement(models.Model):
    class Kind(models.TextChoices):
        ORDER_CLASS = "order_class", _("Order class")
        MODERN_APPRENTICESHIP = "modern_apprenticeship", _("Modern apprenticeship")
        DUAL_PROGRAMME = "dual_programme", _("Dual programme")
        JOINT_PROJECT = "joint_project", _("Joint project")
        ON_CAMPUS_BASE = "on_campus_base", _("On-campus enterprise base")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership_id", "-starts_on"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def is_in_force(self, on):
        return self.signed_on is not None and self.starts_on <= on <= self.ends_on


class ParticipationRule(models.Model):
    """Interface rule: what learners may do in zones of one confidentiality level."""

    class Participation(models.TextChoices):
        NONE = "none", _("No access")
        OBSERVE = "observe", _("Observe only")
        ASSIST = "assist", _("Assist under supervision")
        OPERATE = "operate", _("Operate independently")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="participation_rules"
    )
    confidentiality_level = models.PositiveSmallIntegerField(
        _("confidentiality level"), choices=ConfidentialityLevel.choices
    )
    participation = models.CharField(_("participation"), max_length=10, choices=Participation)
    requires_clearance = models.BooleanField(
        _("requires a signed confidentiality agreement"), default=True
    )
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("maximum hours per week"), null=True, blank=True
    )

    class Meta:
        ordering = ["agreement_id", "confidentiality_level"]
        verbose_name = _("participation rule")
        verbose_name_plural = _("participation rules")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "confidentiality_level"], name="unique_participation_level"
            )
        ]

    def __str__(self):
        return f"{self.get_confidentiality_level_display()}: {self.get_participation_display()}"


class TemporalPriorityRule(models.Model):
    """Interface rule: whose timing prevails in one kind of scheduling conflict."""

    class ConflictKind(models.TextChoices):
        EXAM_PERIOD = "exam_period", _("Exam period")
        TEACHING_WEEK = "teaching_week", _("Teaching week")
        PEAK_SEASON = "peak_season", _("Enterprise peak season")
        PROJECT_DEADLINE = "project_deadline", _("Project deadline")
        NEW_ORDER = "new_order", _("New order")
        HOLIDAY = "holiday", _("Holiday")

    class Party(models.TextChoices):
        COLLEGE = "college", _("College")
        ENTERPRISE = "enterprise", _("Enterprise")
        NEGOTIATE = "negotiate", _("Negotiate case by case")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="temporal_rules"
    )
    conflict_kind = models.CharField(_("conflict"), max_length=20, choices=ConflictKind.choices)
    prevailing_party = models.CharField(_("prevails"), max_length=12, choices=Party.choices)
    rank = models.PositiveSmallIntegerField(_("priority"), help_text=_("1 is settled first"))

    class Meta:
        ordering = ["agreement_id", "rank"]
        verbose_name = _("temporal priority rule")
        verbose_name_plural = _("temporal priority rules")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "conflict_kind"], name="unique_temporal_conflict"
            )
        ]

    def __str__(self):
        party = self.get_prevailing_party_display()
        return f"{self.rank}. {self.get_conflict_kind_display()} → {party}"


class Zone(BilingualName):
    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("Cooperation zone")
        OBSERVATION = "observation", _("Teaching observation zone")
        RESTRICTED = "restricted", _("Restricted zone")

    enterprise = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="zones", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    confidentiality_level = models.PositiveSmallIntegerField(
        _("confidentiality level"), choices=ConfidentialityLevel.choices
    )
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("learner capacity"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enterprise_id", "confidentiality_level", "name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")


class Clearance(models.Model):
    """A person's signed confidentiality agreement with one partnership, up to a level.

    Usually a learner's; teachers who enter restricted zones sign one too.
    """

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="clearances",
        verbose_name=_("holder"),
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="clearances"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=ConfidentialityLevel.choices)
    signed_on = models.DateField(_("confidentiality agreement signed on"))
    expires_on = models.DateField(_("expires on"))
    revoked = models.BooleanField(_("revoked"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership_id", "holder_id", "-expires_on"]
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")
        indexes = [models.Index(fields=["holder", "partnership", "expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("signed_on")),
                name="clearance_expires_after_signing",
            )
        ]

    def __str__(self):
        return f"{self.holder} · {self.get_level_display()} · {self.expires_on}"

    def is_valid(self, on):
        return not self.revoked and self.signed_on <= on <= self.expires_on
