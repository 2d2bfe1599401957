from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "dovetail.careers"
    label = "careers"
    verbose_name = _("Careers")

    def ready(self):
        from dovetail.careers import policies  # noqa: F401  registers access policies
