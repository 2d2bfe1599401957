import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import BilingualName, Organisation


class IssuerKey(models.Model):
    """An organisation's Ed25519 signing key. The private half is stored encrypted; a rotated
    key is retired, not deleted, so credentials it signed keep verifying."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="issuer_keys"
    )
    public_multibase = models.CharField(_("public key"), max_length=64, unique=True)
    encrypted_private_key = models.BinaryField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation_id", "created_at", "pk"]
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(retired_at__isnull=True),
                name="one_active_issuer_key",
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.public_multibase[:16]}…"


class Achievement(BilingualName):
    """What a credential says was achieved: a module, a competency, a completed placement or a
    certificate. One row per thing an organisation awards; every credential points at one."""

    class Kind(models.TextChoices):
        MODULE = "module", _("Module")
        COMPETENCY = "competency", _("Competency")
        PLACEMENT = "placement", _("Placement completed")
        CERTIFICATE = "certificate", _("Certificate")

    issuer = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="achievements",
        verbose_name=_("issuer"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    criteria = models.TextField(_("criteria"), blank=True)
    module = models.ForeignKey(
        "curriculum.Module", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    skill = models.ForeignKey(
        "skills.Skill", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    qualification = models.ForeignKey(
        "Qualification", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    min_proficiency = models.PositiveSmallIntegerField(_("minimum proficiency"), null=True)
    credits = models.DecimalField(
        _("credits"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    level = models.PositiveSmallIntegerField(_("qualification level"), null=True, blank=True)
    valid_years = models.PositiveSmallIntegerField(
        _("valid for (years)"), null=True, blank=True, help_text=_("Empty: does not expire.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issuer_id", "kind", "name", "pk"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")


class Credential(models.Model):
    """An Open Badges 3.0 credential Dovetail issued, kept as signed. Its status (revoked,
    suspended) lives in the issuer's Bitstring Status Lists at ``status_index``."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    achievement = models.ForeignKey(
        Achievement, on_delete=models.PROTECT, related_name="credentials"
    )
    learner = models.ForeignKey(
        "core.LearnerProfile", on_delete=models.CASCADE, related_name="credentials"
    )
    issuer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # the enterprise whose workplace the evidence comes from (a placement, a co-assessment), if any
    earned_at = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    document = models.JSONField()
    issued_at = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    status_list = models.PositiveIntegerField(default=0)
    status_index = models.PositiveIntegerField()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    shared = models.BooleanField(_("verification page public"), default=False)
    evidence_shared = models.BooleanField(_("evidence open to verifiers"), default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "pk"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "status_list", "status_index"], name="unique_status_entry"
            )
        ]
        indexes = [models.Index(fields=["learner", "achievement"])]

    def __str__(self):
        return f"{self.achievement} · {self.learner}"


class CredentialEvidence(models.Model):
    """One piece of evidence behind a credential, in the order the credential lists it."""

    class Kind(models.TextChoices):
        DIARY_WEEK = "diary_week", _("Signed diary week")
        ASSESSMENT = "assessment", _("Co-assessment")
        STATEMENT = "statement", _("Learning record (xAPI)")
        CLAIM = "claim", _("Recognised prior learning")

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="evidence")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=300)
    narrative = models.TextField(blank=True)
    reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["credential_id", "position"]
        verbose_name = _("credential evidence")
        verbose_name_plural = _("credential evidence")

    def __str__(self):
        return self.name


class BroughtCredential(models.Model):
    """A credential from another issuer that a learner brought in, kept with its check."""

    learner = models.ForeignKey(
        "core.LearnerProfile", on_delete=models.CASCADE, related_name="brought_credentials"
    )
    document = models.JSONField()
    did_document = models.JSONField(null=True, blank=True)
    name = models.CharField(_("name"), max_length=300)
    issuer_name = models.CharField(_("issuer"), max_length=300)
    issuer_id = models.CharField(max_length=500)
    state = models.CharField(_("state"), max_length=20)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    checked_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("brought-in credential")
        verbose_name_plural = _("brought-in credentials")

    def __str__(self):
        return self.name


class Qualification(BilingualName):
    """A qualification credits count toward: an academic award or a vocational skill-level
    certificate, made of modules."""

    class Kind(models.TextChoices):
        ACADEMIC = "academic", _("Academic qualification")
        VOCATIONAL = "vocational", _("Vocational skill-level certificate")

    college = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("level"))
    credits_required = models.DecimalField(_("credits required"), max_digits=5, decimal_places=1)
    programme = models.ForeignKey(
        "curriculum.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    modules = models.ManyToManyField(
        "curriculum.Module", related_name="+", verbose_name=_("modules that count")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["college_id", "kind", "level", "name"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")


class TransferRule(models.Model):
    """Credit from another programme or institution that counts as one of this college's
    modules: the rules are data, applied whenever progress is read."""

    college = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    source_institution = models.CharField(_("from institution"), max_length=200)
    source_code = models.CharField(_("course or module code"), max_length=60)
    source_title = models.CharField(_("course title"), max_length=300, blank=True)
    target_module = models.ForeignKey(
        "curriculum.Module", on_delete=models.CASCADE, related_name="+", verbose_name=_("counts as")
    )
    credits = models.DecimalField(_("credits granted"), max_digits=5, decimal_places=1)
    min_level = models.PositiveSmallIntegerField(_("minimum level"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["college_id", "source_institution", "source_code"]
        verbose_name = _("transfer rule")
        verbose_name_plural = _("transfer rules")
        constraints = [
            models.UniqueConstraint(
                fields=["college", "source_institution", "source_code"],
                name="one_transfer_rule_per_source",
            )
        ]

    def __str__(self):
        return f"{self.source_institution} {self.source_code} → {self.target_module}"


class CreditEntry(models.Model):
    """Credit a learner holds, with where it came from; the credit bank is the sum of these."""

    class Source(models.TextChoices):
        MODULE = "module", _("Module passed")
        PRIOR_LEARNING = "prior_learning", _("Recognised prior learning")
        EXTERNAL = "external", _("Another institution")

    learner = models.ForeignKey(
        "core.LearnerProfile", on_delete=models.CASCADE, related_name="credit_entries"
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    institution = models.CharField(_("institution"), max_length=200)
    code = models.CharField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    earned_on = models.DateField(_("earned on"))
    module = models.ForeignKey(
        "curriculum.Module", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    credential = models.ForeignKey(
        Credential, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["learner_id", "earned_on", "pk"]
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "institution", "code"], name="one_credit_entry_per_course"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.credits})"


class PriorLearningClaim(models.Model):
    """A learner's claim that learning done elsewhere meets a module's outcomes."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting assessment")
        MORE_EVIDENCE = "more_evidence", _("More evidence asked for")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not accepted")

    learner = models.ForeignKey(
        "core.LearnerProfile", on_delete=models.CASCADE, related_name="prior_learning_claims"
    )
    module = models.ForeignKey(
        "curriculum.Module", on_delete=models.CASCADE, related_name="+", verbose_name=_("module")
    )
    statement = models.TextField(_("what I learned, where and when"))
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.SUBMITTED
    )
    outcomes_met = models.JSONField(default=list, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("assessor's note"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    credential = models.ForeignKey(
        Credential, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("prior-learning claim")
        verbose_name_plural = _("prior-learning claims")

    def __str__(self):
        return f"{self.learner} · {self.module}"

    @property
    def open(self) -> bool:
        return self.status in {self.Status.SUBMITTED, self.Status.MORE_EVIDENCE}


class ClaimEvidence(models.Model):
    class Kind(models.TextChoices):
        CREDENTIAL = "credential", _("A credential")
        DOCUMENT = "document", _("A document")
        EMPLOYER = "employer", _("An employer's statement")
        STATEMENT = "statement", _("A learning record (xAPI)")

    claim = models.ForeignKey(PriorLearningClaim, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("description"), blank=True)
    brought_credential = models.ForeignKey(
        BroughtCredential, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    credential = models.ForeignKey(
        Credential, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    statement_id = models.UUIDField(null=True, blank=True)
    file = models.FileField(upload_to="claims/%Y/%m", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_format = models.CharField(max_length=10, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "added_at", "pk"]
        verbose_name = _("claim evidence")
        verbose_name_plural = _("claim evidence")

    def __str__(self):
        return self.get_kind_display()


class ClaimEvent(models.Model):
    """The claim's history: submitted, more asked for, evidence added, decided."""

    claim = models.ForeignKey(PriorLearningClaim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=14, choices=PriorLearningClaim.Status.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "created_at", "pk"]
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")

    def __str__(self):
        return f"{self.claim} · {self.get_status_display()}"
