from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "dovetail.scheduling"
    label = "scheduling"
    verbose_name = _("Practice scheduling")

    def ready(self):
        # Importing these registers the access policies and the solving task.
        from dovetail.scheduling import policies, services  # noqa: F401
        from dovetail.scheduling.services import ensure_default_patterns

        post_migrate.connect(ensure_default_patterns, sender=self)
