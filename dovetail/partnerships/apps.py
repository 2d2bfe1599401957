from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "dovetail.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from dovetail.partnerships import policies  # noqa: F401  registers access policies
