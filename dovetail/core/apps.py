from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dovetail.core"
    label = "core"
    verbose_name = _("People and organisations")

    def ready(self):
        # Importing these registers the core access policies and long tasks.
        from dovetail.core import notifications, policies, services  # noqa: F401
