from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LrsConfig(AppConfig):
    name = "dovetail.lrs"
    label = "lrs"
    verbose_name = _("Learning Record Store")

    def ready(self):
        from dovetail.lrs import policies  # noqa: F401  registers access policies
