from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """The core: units, users and roles, scoping, audit, job runs and the shared layout."""

    name = "supervision"
    verbose_name = _("Supervision core")

    def ready(self) -> None:
        from . import audit_actions, schedules
        from .audit import register_actions

        register_actions(audit_actions.actions)
        # Declared schedules are created once (staff may edit them afterwards).
        post_migrate.connect(schedules.ensure_schedules, sender=self)

    def seed_demo(self, *, scale: str, stdout):
        from . import demo

        return demo.seed(scale=scale, stdout=stdout)
