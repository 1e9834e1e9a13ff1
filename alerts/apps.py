from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


def _after_migrate(sender, **kwargs) -> None:
    """The holiday calendar (from the library), one configuration row per risk point and the
    default checklist and negative list exist after every migrate (and after a test flush)."""
    from . import findings, negative_list, services

    using = kwargs.get("using")
    if using not in (None, "default"):
        return
    services.calendar_seed()
    services.risk_point_sync()
    # The default spot-check checklist and negative list, once (edited lists are kept).
    findings.checklist_seed()
    negative_list.negative_list_seed()


class AlertsConfig(AppConfig):
    """Risk points, the deadline module, the daily patrol, warnings and their workflow."""

    name = "alerts"
    verbose_name = _("Warnings")

    def ready(self) -> None:
        from supervision.audit import register_actions
        from supervision.schedules import Schedule, register

        from . import audit_actions, job_counts, panels

        register_actions(audit_actions.actions)
        job_counts.register()
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="alerts.after_migrate")
        register(
            Schedule(
                name=gettext_noop("Patrol resume sweep"),
                task="alerts.patrol_resume",
                minute="*/10",
                expires_seconds=540,
                description="Take over patrol runs left running by a worker that died.",
            )
        )
        register(
            Schedule(
                name=gettext_noop("Escalation and notification sweep"),
                task="alerts.sweep",
                minute="*/10",
                expires_seconds=540,
                description="Notify new items, remind, escalate overdue problems (alerts.sweep).",
            )
        )
        panels.register()

    def seed_demo(self, *, scale: str, stdout):
        from . import demo

        return demo.seed(scale=scale, stdout=stdout)
