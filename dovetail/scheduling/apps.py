from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "dovetail.scheduling"
    label = "scheduling"
    verbose_name = _("Practice scheduling")

    def ready(self):
        # Importing these registers the access policies and the solving task.
        from dovetail.scheduling import policies, services  # noqa: F401
