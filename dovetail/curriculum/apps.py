from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "dovetail.curriculum"
    label = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self):
        # Importing these registers the access policies and the agenda.
        from dovetail.curriculum import agenda, policies  # noqa: F401
