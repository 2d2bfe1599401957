from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "dovetail.records"
    label = "records"
    verbose_name = _("Learning records")

    def ready(self):
        # Importing these registers the access policies and the LRS listener.
        from dovetail.records import policies  # noqa: F401
        from dovetail.records.services import xapi  # noqa: F401
