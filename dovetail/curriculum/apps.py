from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "dovetail.curriculum"
    label = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self):
        from dovetail.curriculum import policies  # noqa: F401  registers access policies
