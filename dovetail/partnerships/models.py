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
    version = models.PositiveIntegerField(_("version"), default=1)

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
    version = models.PositiveIntegerField(_("version"), default=1)

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


class Side(models.TextChoices):
    COLLEGE = "college", _("College")
    ENTERPRISE = "enterprise", _("Enterprise")


class RuleVersion(models.Model):
    """One version of one interface rule of an agreement, kept for ever: what the rule said,
    from when, who changed it and which conflict case it settled."""

    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("Participation")
        TEMPORAL = "temporal", _("Timing priority")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="rule_versions")
    kind = models.CharField(_("kind of rule"), max_length=14, choices=Kind.choices)
    key = models.CharField(_("rule"), max_length=20)
    version = models.PositiveIntegerField(_("version"))
    values = models.JSONField(_("values"))
    previous = models.JSONField(_("previous values"), null=True, blank=True)
    source_case = models.ForeignKey(
        "ConflictCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rule_versions",
        verbose_name=_("settled conflict"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement_id", "kind", "key", "-version"]
        verbose_name = _("interface rule version")
        verbose_name_plural = _("interface rule versions")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "key", "version"], name="unique_rule_version"
            )
        ]

    def __str__(self):
        return f"{self.agreement} · {self.kind} {self.key} v{self.version}"


class InstitutionalLogic(models.TextChoices):
    """The dimension on which the college's and the enterprise's logics collide."""

    LEGITIMACY = "legitimacy", _("Legitimacy")
    AUTHORITY = "authority", _("Authority")
    IDENTITY = "identity", _("Identity")
    ATTENTION = "attention", _("Attention")
    TEMPORAL_HORIZON = "temporal_horizon", _("Temporal horizon")
    NORMATIVE_REQUIREMENT = "normative_requirement", _("Normative requirement")
    RESOURCE_DEPENDENCY = "resource_dependency", _("Resource dependency")


class ConflictCase(models.Model):
    """A conflict between partners, from its trigger through negotiation to its outcome."""

    class Trigger(models.TextChoices):
        PROJECT_FOCUS_CHANGE = "project_focus_change", _("Mid-term change of project focus")
        CONFIDENTIALITY_REFUSAL = "confidentiality_refusal", _("Confidentiality refusal")
        CUSTOMISED_COURSE = "customised_course", _("Demand for a customised course")
        SCHEDULE_CLASH = "schedule_clash", _("Schedule clash")
        RESOURCE_SHORTFALL = "resource_shortfall", _("Promised resources not delivered")
        ASSESSMENT_DISPUTE = "assessment_dispute", _("Assessment dispute")
        SAFETY_CONCERN = "safety_concern", _("Safety or welfare concern")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        NEGOTIATING = "negotiating", _("In negotiation")
        ESCALATED = "escalated", _("With the regional mediator")
        SETTLED = "settled", _("Settled")

    class Outcome(models.TextChoices):
        NEW_RULE = "new_rule", _("New interface rule")
        CHANGED_RULE = "changed_rule", _("Changed interface rule")
        MARGINAL_ADJUSTMENT = "marginal_adjustment", _("Marginal adjustment")
        ACCEPTED_CONTRADICTION = "accepted_contradiction", _("Accepted structural contradiction")
        UNRESOLVED = "unresolved", _("Unresolved")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="conflicts")
    title = models.CharField(_("title"), max_length=200)
    trigger = models.CharField(_("trigger"), max_length=30, choices=Trigger.choices)
    description = models.TextField(_("what happened"))
    dimensions = models.JSONField(_("institutional-logic dimensions"), default=list)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_by_side = models.CharField(_("raised by"), max_length=10, choices=Side.choices)
    raised_on = models.DateField(_("raised on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    settlement = models.TextField(_("settlement"), blank=True)
    boundary = models.TextField(_("boundary drawn"), blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("conflict case")
        verbose_name_plural = _("conflict cases")
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self):
        return self.title

    @property
    def is_settled(self) -> bool:
        return self.status == self.Status.SETTLED

    def dimension_labels(self) -> list[str]:
        return [InstitutionalLogic(code).label for code in self.dimensions]


class NegotiationStep(models.Model):
    class Strategy(models.TextChoices):
        RESOURCE_EXCHANGE = "resource_exchange", _("Resource exchange")
        RULE_ADAPTATION = "rule_adaptation", _("Rule adaptation")
        SITUATIONAL_EXEMPTION = "situational_exemption", _("Situational exemption")
        DISCOURSE_RECONSTRUCTION = "discourse_reconstruction", _("Discourse reconstruction")

    class Party(models.TextChoices):
        COLLEGE = "college", _("College")
        ENTERPRISE = "enterprise", _("Enterprise")
        MEDIATOR = "mediator", _("Regional mediator")

    case = models.ForeignKey(ConflictCase, on_delete=models.CASCADE, related_name="steps")
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    strategy = models.CharField(_("strategy"), max_length=30, choices=Strategy.choices)
    note = models.TextField(_("what was proposed or agreed"))
    taken_on = models.DateField(_("on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "taken_on", "pk"]
        verbose_name = _("negotiation step")
        verbose_name_plural = _("negotiation steps")

    def __str__(self):
        return f"{self.get_party_display()}: {self.get_strategy_display()}"


class Commitment(models.Model):
    """What one partner promised the other, in return for what, by when."""

    class Kind(models.TextChoices):
        EQUIPMENT = "equipment", _("Equipment")
        SCHOLARSHIP = "scholarship", _("Scholarships")
        ORDER_CLASS_SEATS = "order_class_seats", _("Order-class seats")
        MENTOR_HOURS = "mentor_hours", _("Mentor hours")
        RESEARCH_SUPPORT = "research_support", _("Help with research applications")
        MONEY = "money", _("Money")
        PEAK_SEASON_PLACEMENTS = "peak_season_placements", _("Placements in peak season")
        TEACHING_HOURS = "teaching_hours", _("Teaching hours")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FULFILLED = "fulfilled", _("Fulfilled")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="commitments"
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("agreement"),
    )
    promised_by = models.CharField(_("promised by"), max_length=10, choices=Side.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = models.CharField(_("what"), max_length=300)
    in_return_for = models.CharField(_("in return for"), max_length=300, blank=True)
    quantity = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership_id", "due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="commitment_quantity_not_negative"
            )
        ]

    def __str__(self):
        return self.description

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today


class Fulfilment(models.Model):
    """Evidence that (part of) a commitment was delivered."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="fulfilments")
    quantity = models.DecimalField(_("amount delivered"), max_digits=12, decimal_places=2)
    delivered_on = models.DateField(_("delivered on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    statement_id = models.UUIDField(_("xAPI statement"), null=True, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="evidence/%Y/%m", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commitment_id", "delivered_on", "pk"]
        verbose_name = _("fulfilment")
        verbose_name_plural = _("fulfilments")

    def __str__(self):
        return f"{self.commitment} · {self.quantity}"


class ExchangeAppointment(models.Model):
    """A person of one partner appointed to work at the other for a term."""

    class Kind(models.TextChoices):
        INDUSTRY_PROFESSOR = "industry_professor", _("Industry professor")
        TECHNOLOGY_VICE_PRESIDENT = "technology_vp", _("Technology vice president")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="exchanges")
    kind = models.CharField(_("appointment"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="exchange_appointments",
        verbose_name=_("person"),
    )
    terms = models.TextField(_("terms"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours_committed = models.PositiveIntegerField(_("hours committed"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership_id", "-starts_on"]
        verbose_name = _("exchange appointment")
        verbose_name_plural = _("exchange appointments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="exchange_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person}"


class ExchangeOutput(models.Model):
    class Kind(models.TextChoices):
        COURSE_TAUGHT = "course_taught", _("Course taught")
        PROBLEM_SOLVED = "problem_solved", _("Technical problem solved")
        LEARNERS_SUPERVISED = "learners_supervised", _("Learners supervised")
        RESEARCH_APPLICATION = "research_application", _("Research application")
        TRAINING_DELIVERED = "training_delivered", _("Staff training delivered")

    appointment = models.ForeignKey(
        ExchangeAppointment, on_delete=models.CASCADE, related_name="outputs"
    )
    kind = models.CharField(_("output"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1)
    delivered_on = models.DateField(_("delivered on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["appointment_id", "delivered_on", "pk"]
        verbose_name = _("exchange output")
        verbose_name_plural = _("exchange outputs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="exchange_output_hours_not_negative"
            )
        ]

    def __str__(self):
        return self.title


class ConfidentialTerm(models.Model):
    """A parameter the agreement names as confidential: redacted from every teaching case."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="confidential_terms"
    )
    term = models.CharField(_("term"), max_length=120)

    class Meta:
        ordering = ["agreement_id", "term"]
        verbose_name = _("confidential term")
        verbose_name_plural = _("confidential terms")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "term"], name="unique_confidential_term")
        ]

    def __str__(self):
        return self.term


class TeachingCase(models.Model):
    """An enterprise case turned into teaching material by redaction and the enterprise's
    sign-off. Only the enterprise and the author see the original."""

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="teaching_cases"
    )
    title = models.CharField(_("title"), max_length=200)
    original = models.TextField(_("original text"))
    confidentiality_level = models.PositiveSmallIntegerField(
        _("confidentiality level"),
        choices=ConfidentialityLevel.choices,
        default=ConfidentialityLevel.OPEN,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IN_REVIEW
    )
    redacted = models.TextField(_("teaching text"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("teaching case")
        verbose_name_plural = _("teaching cases")

    def __str__(self):
        return self.title


class RedactionSpan(models.Model):
    """One stretch of the original that the engine or the reviewer marked for redaction."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("To review")
        REDACT = "redact", _("Redact")
        KEEP = "keep", _("Keep")

    case = models.ForeignKey(TeachingCase, on_delete=models.CASCADE, related_name="spans")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=14)
    original = models.CharField(_("text"), max_length=500)
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    added_by_reviewer = models.BooleanField(default=False)

    class Meta:
        ordering = ["case_id", "start"]
        verbose_name = _("redaction span")
        verbose_name_plural = _("redaction spans")

    def __str__(self):
        return f"{self.kind}: {self.original}"
