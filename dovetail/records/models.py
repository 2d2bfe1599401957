from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Proficiency(models.IntegerChoices):
    NOVICE = 1, _("Novice")
    ADVANCED_BEGINNER = 2, _("Advanced beginner")
    COMPETENT = 3, _("Competent")
    PROFICIENT = 4, _("Proficient")
    EXPERT = 5, _("Expert")


class Competency(models.Model):
    """A skill a learner has shown, at a proficiency, from one source of evidence."""

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment")
        DIARY = "diary", _("Signed diary")
        SIMULATOR = "simulator", _("Simulator")
        PRIOR_LEARNING = "prior_learning", _("Recognised prior learning")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competencies"
    )
    skill = models.ForeignKey("skills.Skill", on_delete=models.CASCADE, related_name="+")
    proficiency = models.PositiveSmallIntegerField(_("proficiency"), choices=Proficiency.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    achieved_on = models.DateField(_("achieved on"))
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["learner_id", "skill_id", "-achieved_on"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        indexes = [models.Index(fields=["learner", "skill"])]

    def __str__(self):
        return f"{self.learner} · {self.skill} · {self.proficiency}"


class DiaryEntry(models.Model):
    """A learner's dated account of a day on placement."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.CASCADE, related_name="diary_entries"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_entries"
    )
    written_on = models.DateField(_("date"))
    week_of = models.DateField(_("week of"), help_text=_("The Monday of the entry's week."))
    activities = models.TextField(_("what I did"))
    learned = models.TextField(_("what I learned"))
    difficulties = models.TextField(_("what went wrong"), blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    skills = models.ManyToManyField("skills.Skill", blank=True, related_name="+")
    statement_id = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-created_at"]
        verbose_name = _("diary entry")
        verbose_name_plural = _("diary entries")
        indexes = [models.Index(fields=["placement", "week_of"])]

    def __str__(self):
        return f"{self.learner} · {self.written_on}"


class DiaryFile(models.Model):
    """A photo or file attached to a diary entry, with the zone it was taken in."""

    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="files")
    zone = models.ForeignKey("partnerships.Zone", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="diaries/%Y/%m")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("diary file")
        verbose_name_plural = _("diary files")

    def __str__(self):
        return self.name


class DiaryComment(models.Model):
    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("diary comment")
        verbose_name_plural = _("diary comments")

    def __str__(self):
        return f"{self.author}: {self.text[:40]}"


class WeekSignOff(models.Model):
    """A mentor's signature under a learner's diary week."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.CASCADE, related_name="diary_sign_offs"
    )
    week_of = models.DateField(_("week of"))
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    signed_at = models.DateTimeField(auto_now_add=True)
    statement_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-week_of"]
        verbose_name = _("diary sign-off")
        verbose_name_plural = _("diary sign-offs")
        constraints = [
            models.UniqueConstraint(fields=["placement", "week_of"], name="unique_week_sign_off")
        ]

    def __str__(self):
        return f"{self.placement} · {self.week_of}"


class Rubric(models.Model):
    """Criteria and performance levels for assessing a module or a placement."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("college")
    )
    title = models.CharField(_("title"), max_length=200)
    module = models.ForeignKey(
        "curriculum.Module",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module"),
    )
    offer = models.ForeignKey(
        "placements.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("placement offer"),
    )
    levels = models.JSONField(_("performance levels"), help_text=_("Names, lowest first."))
    disagreement_threshold = models.PositiveSmallIntegerField(
        _("disagreement threshold"),
        default=1,
        help_text=_("Ratings further apart than this many levels are flagged for discussion."),
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return self.title


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("criterion"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    skill = models.ForeignKey(
        "skills.Skill", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    descriptors = models.JSONField(_("descriptors"), help_text=_("One per performance level."))

    class Meta:
        ordering = ["rubric_id", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.title


class Assessment(models.Model):
    """One learner assessed against a rubric by a teacher and a mentor, then reconciled."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being rated")
        FLAGGED = "flagged", _("Flagged for discussion")
        AGREED = "agreed", _("Agreed")

    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="assessments")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    grade = models.DecimalField(_("grade (%)"), max_digits=5, decimal_places=1, null=True)
    passed = models.BooleanField(_("passed"), null=True)
    note = models.TextField(_("reconciliation note"), blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    statement_id = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self.rubric} · {self.learner}"


class Rating(models.Model):
    class Role(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        MENTOR = "mentor", _("Mentor")
        AGREED = "agreed", _("Agreed")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    level = models.PositiveSmallIntegerField(_("level"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion", "role"], name="unique_rating_per_role"
            )
        ]

    def __str__(self):
        return f"{self.assessment} · {self.criterion} · {self.role} {self.level}"


class EmployerSurvey(models.Model):
    """The enterprise's evaluation of a learner at the end of a placement."""

    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.CASCADE, related_name="employer_survey"
    )
    answers = models.JSONField(_("ratings"))
    strengths = models.TextField(_("strengths"), blank=True)
    improvements = models.TextField(_("to improve"), blank=True)
    would_hire = models.BooleanField(_("would hire"), null=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("employer survey")
        verbose_name_plural = _("employer surveys")

    def __str__(self):
        return f"{self.placement}"
