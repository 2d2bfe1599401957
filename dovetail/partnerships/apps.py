from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "dovetail.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        # Importing these registers the access policies, the lapsing-clearance reminders and
        # the agenda.
        from dovetail.partnerships import conflicts, ledger, policies, services  # noqa: F401
