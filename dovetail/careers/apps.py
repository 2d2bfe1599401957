from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "dovetail.careers"
    label = "careers"
    verbose_name = _("Careers")

    def ready(self):
        # Importing these registers the access policies, the agenda and the career steps'
        # occupations.
        from dovetail.careers import agenda, policies, services  # noqa: F401
