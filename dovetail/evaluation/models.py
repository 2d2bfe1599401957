from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import Region


class DepthIndexSettings(models.Model):
    """A region's weights and targets for the integration depth index; components it does
    not mention keep the published defaults."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="depth_index_settings"
    )
    weights = models.JSONField(_("weights"), default=dict)
    targets = models.JSONField(_("targets"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("depth index settings")
        verbose_name_plural = _("depth index settings")

    def __str__(self):
        return str(self.region)
