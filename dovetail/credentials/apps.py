from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "dovetail.credentials"
    label = "credentials"
    verbose_name = _("Credentials")

    def ready(self):
        # Importing these registers the access policies and the agenda.
        from dovetail.credentials import agenda, awards, policies  # noqa: F401
        from dovetail.records.signals import assessment_passed

        assessment_passed.connect(awards.award_module, dispatch_uid="credentials.award_module")
