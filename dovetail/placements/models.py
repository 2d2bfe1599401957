from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import LearnerProfile, Organisation, Region


class Offer(models.Model):
    """A placement an enterprise offers: seats in one zone for a period."""

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        REMOTE = "remote", _("Remote")
        VIRTUAL = "virtual", _("Virtual")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    enterprise = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="offers", verbose_name=_("enterprise")
    )
    zone = models.ForeignKey(
        "partnerships.Zone", on_delete=models.PROTECT, related_name="offers", verbose_name=_("zone")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ON_SITE)
    eligible_programmes = models.ManyToManyField(
        "curriculum.Programme", blank=True, related_name="offers", verbose_name=_("programmes")
    )
    eligible_stages = models.JSONField(
        _("career stages"), default=list, blank=True, help_text=_("Empty means every stage.")
    )
    accepts_in_training = models.BooleanField(
        _("accepts learners still training in the required skills"), default=False
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_offers",
        verbose_name=_("mentor"),
    )
    reserved_rural = models.PositiveSmallIntegerField(_("seats reserved: rural"), default=0)
    reserved_disadvantaged = models.PositiveSmallIntegerField(
        _("seats reserved: disadvantaged"), default=0
    )
    reserved_disability = models.PositiveSmallIntegerField(
        _("seats reserved: disability"), default=0
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("placement offer")
        verbose_name_plural = _("placement offers")
        indexes = [models.Index(fields=["enterprise", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="offer_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def reserves(self) -> list[int]:
        """Reserved seats per group, in the order of ``RESERVE_GROUPS``."""
        return [self.reserved_rural, self.reserved_disadvantaged, self.reserved_disability]


# Reserve groups, in bit order: learner profile field names.
RESERVE_GROUPS = ("rural", "disadvantaged", "disability")


class OfferSkill(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="required_skills")
    skill = models.ForeignKey("skills.Skill", on_delete=models.CASCADE, related_name="+")
    min_proficiency = models.PositiveSmallIntegerField(_("minimum proficiency"), default=2)

    class Meta:
        ordering = ["offer_id", "skill_id"]
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        constraints = [
            models.UniqueConstraint(fields=["offer", "skill"], name="unique_offer_skill")
        ]

    def __str__(self):
        return f"{self.skill} ≥ {self.min_proficiency}"


class Round(models.Model):
    """A college's matching round: learners rank offers, enterprises rank applicants."""

    class Status(models.TextChoices):
        OPEN = "open", _("Collecting preferences")
        MATCHED = "matched", _("Matched, not yet published")
        PUBLISHED = "published", _("Published")

    class Precedence(models.TextChoices):
        RESERVE_FIRST = "reserve_first", _("Reserved seats first, then open seats")
        OPEN_FIRST = "open_first", _("Open seats first, then reserved seats")

    # a college's round, or a regional one over every college of the region and every offer of
    # their partners (run by the region's officers)
    college = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="rounds",
        verbose_name=_("college"),
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="rounds",
        verbose_name=_("region"),
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200)
    preference_deadline = models.DateTimeField(_("preference deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    precedence = models.CharField(
        _("reserve mechanism"),
        max_length=14,
        choices=Precedence.choices,
        default=Precedence.RESERVE_FIRST,
    )
    seed = models.PositiveIntegerField(_("tie-break seed"))
    offers = models.ManyToManyField(Offer, related_name="rounds", verbose_name=_("offers"))
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(college__isnull=False, region__isnull=True)
                | models.Q(college__isnull=True, region__isnull=False),
                name="round_of_a_college_or_a_region",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_regional(self) -> bool:
        return self.region_id is not None

    @property
    def scope_name(self) -> str:
        """Whose round it is, for pages: the college, or the region."""
        return str(self.region if self.is_regional else self.college)

    def can_change_preferences(self, now) -> bool:
        return self.status == self.Status.OPEN and now <= self.preference_deadline

    def can_run(self) -> bool:
        return self.status in {self.Status.OPEN, self.Status.MATCHED}

    def can_publish(self) -> bool:
        return self.status == self.Status.MATCHED


class Preference(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="preferences")
    learner = models.ForeignKey(LearnerProfile, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["round_id", "learner_id", "rank"]
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        constraints = [
            models.UniqueConstraint(fields=["round", "learner", "offer"], name="unique_preference"),
            models.UniqueConstraint(
                fields=["round", "learner", "rank"], name="unique_preference_rank"
            ),
        ]

    def __str__(self):
        return f"{self.learner} #{self.rank}: {self.offer}"


class ApplicantRank(models.Model):
    """An enterprise's rank of one applicant to one offer (1 is best); ties allowed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="applicant_ranks")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(LearnerProfile, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["round_id", "offer_id", "rank"]
        verbose_name = _("applicant rank")
        verbose_name_plural = _("applicant ranks")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "offer", "learner"], name="unique_applicant_rank"
            )
        ]

    def __str__(self):
        return f"{self.offer} #{self.rank}: {self.learner}"


class Allocation(models.Model):
    """A round's outcome for one learner, with the explanation of every better choice missed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="allocations")
    learner = models.ForeignKey(LearnerProfile, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, null=True, related_name="+")
    choice = models.PositiveSmallIntegerField(_("choice"), null=True)
    explanation = models.JSONField(default=list)

    class Meta:
        ordering = ["round_id", "learner_id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(fields=["round", "learner"], name="unique_allocation")
        ]

    def __str__(self):
        return f"{self.learner} → {self.offer or '—'}"


class Placement(models.Model):
    """A learner's placement, published from a round; scheduling, diaries and assessment use it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    learner = models.ForeignKey(LearnerProfile, on_delete=models.CASCADE, related_name="placements")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="placements")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="placements")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "learner_id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(fields=["round", "learner"], name="unique_round_placement")
        ]

    def __str__(self):
        return f"{self.learner} · {self.offer}"
