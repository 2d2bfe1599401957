from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "dovetail.placements"
    label = "placements"
    verbose_name = _("Placements")

    def ready(self):
        # Importing these registers the access policies and the matching-round task.
        from dovetail.placements import policies, services  # noqa: F401
