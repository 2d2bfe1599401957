from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "dovetail.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from dovetail.evaluation import policies  # noqa: F401  registers access policies
