from django.db import models
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import BilingualName, Organisation
from dovetail.skills.models import SkillLink


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
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="modules", verbose_name=_("programme")
    )
    code = models.SlugField(_("code"), max_length=60)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    hours = models.PositiveSmallIntegerField(_("hours"))
    semester = models.PositiveSmallIntegerField(_("semester"))
    workplace_based = models.BooleanField(_("taught at the workplace"), default=False)
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
