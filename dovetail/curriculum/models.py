from django.db import models
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import BilingualName, Organisation


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
