from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "dovetail.careers"
    label = "careers"
    verbose_name = _("Careers")

    def ready(self):
        # Importing these registers the access policies and the agenda.
        from dovetail.careers import agenda, policies  # noqa: F401
