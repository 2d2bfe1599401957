from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo-region generator. It sits above every app and builds each app's rows through
    that app's ``bulk`` functions and services; no app imports it."""

    name = "dovetail.demo"
    label = "demo"
    verbose_name = _("Demo region")

    def ready(self):
        from dovetail.demo import region  # noqa: F401  registers the generate_region task
