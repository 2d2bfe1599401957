from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "dovetail.curriculum"
    label = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self):
        # Importing these registers the access policies, the agenda and the mapped outcomes.
        from dovetail.curriculum import agenda, policies, services  # noqa: F401
