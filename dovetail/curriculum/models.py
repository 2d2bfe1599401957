from django.db import models
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import BilingualName, Organisation
from dovetail.skills.models import CORRECTED, SkillLink


class Programme(BilingualName):
    college = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("college")
    )
    code = models.SlugField(_("code"), max_length=60)
    qualification_level = models.PositiveSmallIntegerField(
        _("qualification level"), help_text=_("EQF-style level, 1 to 8")
    )
    duration_years = models.DecimalField(_("duration (years)"), max_digits=3, decimal_places=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["college_id", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["college", "code"], name="unique_programme_code")
        ]


class Module(BilingualName):
    class Delivery(models.TextChoices):
        CAMPUS = "campus", _("On campus")
        WORKPLACE = "workplace", _("At the workplace")
        ONLINE = "online", _("Online")
        VIRTUAL = "virtual", _("Virtual or simulated")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="modules", verbose_name=_("programme")
    )
    code = models.SlugField(_("code"), max_length=60)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    hours = models.PositiveSmallIntegerField(_("hours"))
    semester = models.PositiveSmallIntegerField(_("semester"))
    workplace_based = models.BooleanField(_("taught at the workplace"), default=False)
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=10, choices=Delivery.choices, default=Delivery.CAMPUS
    )
    performance_indicators = models.TextField(
        _("measurable performance indicators"), blank=True, help_text=_("One a line.")
    )
    assessment_methods = models.TextField(_("assessment methods"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme_id", "semester", "code"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_module_code")
        ]


class LearningOutcome(models.Model):
    """What a module teaches, as a statement the mapping engine reads."""

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("module")
    )
    text = models.TextField(_("outcome"))
    proficiency = models.PositiveSmallIntegerField(
        _("proficiency"), default=3, help_text=_("1 (basic) to 5 (expert)")
    )
    since = models.DateField(_("taught since"))
    mapped_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["module_id", "pk"]
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")

    def __str__(self):
        return self.text[:80]


class OutcomeSkill(SkillLink):
    """A skill a learning outcome teaches."""

    outcome = models.ForeignKey(LearningOutcome, on_delete=models.CASCADE, related_name="skills")

    class Meta:
        ordering = ["outcome_id", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "skill"], name="unique_outcome_skill")
        ]
        indexes = [
            models.Index(fields=["skill"], condition=CORRECTED, name="outcomeskill_corrected")
        ]

    def __str__(self):
        return f"{self.outcome} → {self.skill}"


class GraduatePlan(models.Model):
    """How many graduates a programme plans for a year, and for which occupation."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="graduate_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    graduates = models.PositiveIntegerField(_("graduates"))
    occupation = models.ForeignKey(
        "skills.Occupation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["programme_id", "year"]
        verbose_name = _("graduate plan")
        verbose_name_plural = _("graduate plans")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "occupation"], name="unique_graduate_plan"
            )
        ]

    def __str__(self):
        return f"{self.programme} {self.year}: {self.graduates}"


class ModuleVersion(models.Model):
    """A module as it stood from a date: every change makes a new version, none is lost."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    effective_from = models.DateField(_("taught from"))
    snapshot = models.JSONField()
    changelog = models.TextField(_("what changed"), blank=True)
    proposal = models.ForeignKey(
        "AdjustmentProposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["module_id", "number"]
        verbose_name = _("module version")
        verbose_name_plural = _("module versions")
        constraints = [
            models.UniqueConstraint(fields=["module", "number"], name="unique_module_version")
        ]

    def __str__(self):
        return f"{self.module} v{self.number}"


class AdjustmentProposal(models.Model):
    """A micro-adjustment a teacher drafts from a skills gap, with the demand evidence behind
    it, for the teaching committee (the college's coordinators) to approve or reject."""

    class Kind(models.TextChoices):
        NEW_OUTCOME = "new_outcome", _("A new learning outcome")
        CHANGE_HOURS = "change_hours", _("Changed hours")
        NEW_MODULE = "new_module", _("A new module")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("With the committee")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="proposals")
    module = models.ForeignKey(
        Module,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("module"),
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    rationale = models.TextField(_("industry rationale"))
    rationale_zh = models.TextField(_("industry rationale (Chinese)"), blank=True)
    skill = models.ForeignKey(
        "skills.Skill", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome_text = models.TextField(_("learning outcome"), blank=True)
    outcome_text_zh = models.TextField(_("learning outcome (Chinese)"), blank=True)
    proficiency = models.PositiveSmallIntegerField(_("proficiency"), default=3)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    credits = models.DecimalField(
        _("credits"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    module_code = models.SlugField(_("new module code"), max_length=60, blank=True)
    module_name = models.CharField(_("new module name"), max_length=200, blank=True)
    module_name_zh = models.CharField(_("new module name (Chinese)"), max_length=200, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise that asked"),
    )
    effective_from = models.DateField(_("taught from"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    decision_note = models.TextField(_("committee's note"), blank=True)
    decided_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("adjustment proposal")
        verbose_name_plural = _("adjustment proposals")
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self):
        return self.title


class ProposalComment(models.Model):
    proposal = models.ForeignKey(
        AdjustmentProposal, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal_id", "created_at", "pk"]
        verbose_name = _("proposal comment")
        verbose_name_plural = _("proposal comments")

    def __str__(self):
        return self.text[:60]


class MaterialSection(models.Model):
    """One section of a module's loose-leaf teaching material: revised on its own, never
    reprinted whole. A work-manual section may come from a partner enterprise."""

    class Kind(models.TextChoices):
        TEXTBOOK = "textbook", _("Loose-leaf textbook")
        WORK_MANUAL = "work_manual", _("Work manual")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TEXTBOOK)
    contributed_by = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["module_id", "position", "pk"]
        verbose_name = _("material section")
        verbose_name_plural = _("material sections")

    def __str__(self):
        return self.title


class SectionRevision(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        PENDING = "pending", _("Waiting for the teacher's review")
        REJECTED = "rejected", _("Not taken")

    section = models.ForeignKey(MaterialSection, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revision"))
    body = models.TextField(_("text"))
    reason = models.CharField(_("reason for the change"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    author = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["section_id", "number"]
        verbose_name = _("section revision")
        verbose_name_plural = _("section revisions")
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="unique_section_revision")
        ]

    def __str__(self):
        return f"{self.section} r{self.number}"


class EditionSeen(models.Model):
    """When a reader last read a module's material, so the next reading shows what changed."""

    reader = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["module_id", "reader_id"]
        verbose_name = _("edition read")
        verbose_name_plural = _("editions read")
        constraints = [
            models.UniqueConstraint(fields=["reader", "module"], name="one_edition_seen")
        ]

    def __str__(self):
        return f"{self.reader} · {self.module}"


class TeachingStandard(models.Model):
    """A programme's teaching standard (training objectives, graduation requirements) as it
    stood from a date; each revision is a new version, none is lost."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="standards")
    number = models.PositiveSmallIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    objectives = models.TextField(_("training objectives"))
    graduate_requirements = models.TextField(_("graduation requirements"))
    changelog = models.TextField(_("what changed"))
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme_id", "number"]
        verbose_name = _("teaching standard")
        verbose_name_plural = _("teaching standards")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_standard_version")
        ]

    def __str__(self):
        return f"{self.programme} v{self.number}"
