from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "dovetail.records"
    label = "records"
    verbose_name = _("Learning records")

    def ready(self):
        from dovetail.records import policies  # noqa: F401  registers access policies
