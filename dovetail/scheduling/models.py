import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import BilingualName, Organisation


class AcademicCalendar(models.Model):
    """A college's practice year as weeks from ``first_monday``; exam and holiday weeks are hard."""

    college = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="academic_calendars"
    )
    name = models.CharField(_("name"), max_length=200)
    first_monday = models.DateField(_("first Monday"))
    weeks = models.PositiveSmallIntegerField(_("weeks"), default=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["college_id", "-first_monday"]
        verbose_name = _("academic calendar")
        verbose_name_plural = _("academic calendars")

    def __str__(self):
        return self.name


class CalendarWeek(models.Model):
    class Kind(models.TextChoices):
        EXAM = "exam", _("Exam week")
        HOLIDAY = "holiday", _("Holiday")

    calendar = models.ForeignKey(
        AcademicCalendar, on_delete=models.CASCADE, related_name="closed_weeks"
    )
    index = models.PositiveSmallIntegerField(_("week"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["calendar_id", "index"]
        verbose_name = _("exam or holiday week")
        verbose_name_plural = _("exam and holiday weeks")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "index"], name="unique_calendar_week")
        ]

    def __str__(self):
        return f"{self.calendar} · {self.index + 1} · {self.get_kind_display()}"


class EnterprisePeriod(models.Model):
    """A stretch of an enterprise's year: peak season, slack period, project, or a zone closed."""

    class Kind(models.TextChoices):
        PEAK = "peak", _("Peak season")
        SLACK = "slack", _("Slack period")
        PROJECT = "project", _("Project")
        CLOSURE = "closure", _("Zone closed")

    enterprise = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="periods")
    zone = models.ForeignKey(
        "partnerships.Zone", on_delete=models.CASCADE, null=True, blank=True, related_name="periods"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity_days = models.PositiveSmallIntegerField(
        _("learner-days per week"),
        null=True,
        blank=True,
        help_text=_("Empty: the zone's usual capacity."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enterprise_id", "starts_on"]
        verbose_name = _("enterprise period")
        verbose_name_plural = _("enterprise periods")

    def __str__(self):
        return f"{self.title} ({self.starts_on} – {self.ends_on})"


class PracticePattern(BilingualName):
    """How practice is laid out: "2+1" blocks, "5+1 months", "4+1 days", distributed weeks."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per practice week"))
    block_weeks = models.PositiveSmallIntegerField(_("weeks per block"), default=0)
    min_gap = models.PositiveSmallIntegerField(_("school weeks between blocks"), default=0)
    single_block = models.BooleanField(_("one concentrated block"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("practice pattern")
        verbose_name_plural = _("practice patterns")


class PracticePlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not yet solved")
        SOLVED = "solved", _("Solved")

    college = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="practice_plans"
    )
    calendar = models.ForeignKey(AcademicCalendar, on_delete=models.PROTECT, related_name="plans")
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    objective = models.BigIntegerField(null=True, blank=True)
    greedy_objective = models.BigIntegerField(null=True, blank=True)
    diagnoses = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    solved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("practice plan")
        verbose_name_plural = _("practice plans")

    def __str__(self):
        return self.name


class PlanEntry(models.Model):
    """One placed learner in a plan, with the weeks (0-based indices) they practise."""

    plan = models.ForeignKey(PracticePlan, on_delete=models.CASCADE, related_name="entries")
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.CASCADE, related_name="+"
    )
    pattern = models.ForeignKey(PracticePattern, on_delete=models.PROTECT, related_name="+")
    required_hours = models.PositiveIntegerField(_("required hours"))
    travel_cost = models.PositiveSmallIntegerField(_("cost of one trip"), default=0)
    weeks = models.JSONField(default=list, blank=True)
    unmet_hours = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan_id", "placement_id"]
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        constraints = [
            models.UniqueConstraint(fields=["plan", "placement"], name="unique_plan_placement")
        ]

    def __str__(self):
        return f"{self.plan} · {self.placement}"


class PlanChange(models.Model):
    """An enterprise's change of plans mid-term, and how the interface rules settled it."""

    class Outcome(models.TextChoices):
        REPORTED = "reported", _("Reported, not yet settled")
        REPAIRED = "repaired", _("Plan repaired")
        COLLEGE_PREVAILS = "college_prevails", _("The college's timing prevails; plan unchanged")
        NEGOTIATE = "negotiate", _("To be negotiated")

    plan = models.ForeignKey(PracticePlan, on_delete=models.CASCADE, related_name="changes")
    zone = models.ForeignKey("partnerships.Zone", on_delete=models.CASCADE, related_name="+")
    conflict_kind = models.CharField(_("kind of change"), max_length=20)
    description = models.CharField(_("what changed"), max_length=300)
    first_week = models.PositiveSmallIntegerField(_("first week"))
    last_week = models.PositiveSmallIntegerField(_("last week"))
    capacity_days = models.PositiveSmallIntegerField(_("learner-days per week left"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.REPORTED
    )
    diff = models.JSONField(default=list, blank=True)
    notified = models.JSONField(default=list, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")

    def __str__(self):
        return self.description


class Commitment(models.Model):
    """A learner's other commitment (a resit, a family duty): no practice those days."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitments"
    )
    reason = models.CharField(_("reason"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["learner_id", "starts_on"]
        verbose_name = _("other commitment")
        verbose_name_plural = _("other commitments")

    def __str__(self):
        return f"{self.reason} ({self.starts_on} – {self.ends_on})"


def new_feed_key() -> str:
    return secrets.token_urlsafe(24)


class FeedKey(models.Model):
    """The secret in a person's calendar-subscription URL (a calendar app cannot sign in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_key"
    )
    key = models.CharField(max_length=64, unique=True, default=new_feed_key)

    class Meta:
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")

    def __str__(self):
        return str(self.user)
