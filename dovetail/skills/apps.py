from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "dovetail.skills"
    label = "skills"
    verbose_name = _("Skills")

    def ready(self):
        # Importing these registers the access policies and the long tasks.
        from dovetail.skills import demand, esco, frameworks, gaps, policies, remap  # noqa: F401
        from dovetail.skills.services import ensure_default_taxonomy_after_migrate

        post_migrate.connect(ensure_default_taxonomy_after_migrate, sender=self)
