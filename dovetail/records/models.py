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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["learner_id", "skill_id", "-achieved_on"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        indexes = [models.Index(fields=["learner", "skill"])]

    def __str__(self):
        return f"{self.learner} · {self.skill} · {self.proficiency}"
