from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "dovetail.records"
    label = "records"
    verbose_name = _("Learning records")

    def ready(self):
        # Importing these registers the access policies, the LRS listener and the reminders.
        from dovetail.records import policies  # noqa: F401
        from dovetail.records.services import agenda, diaries, xapi  # noqa: F401
