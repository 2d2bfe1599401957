from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "dovetail.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        # Importing these registers the access policies and the lapsing-clearance reminders.
        from dovetail.partnerships import policies, services  # noqa: F401
