from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    """Dispute records (矛盾纠纷): triage, risk colour, follow-up, review and written notices."""

    name = "disputes"
    verbose_name = _("Disputes")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, post_save
        from django.utils.translation import gettext_noop

        from cases.models import Ingestion
        from cases.panels import ElementPanel, register_element_panel
        from supervision.overview import Panel, register_panel
        from supervision.schedules import Schedule, register

        from . import panels, services, tasks

        register(
            Schedule(
                name=gettext_noop("Daily dispute intake and triage"),
                task="disputes.intake",
                minute="30",
                hour="1",
                expires_seconds=6 * 3600,
                description=(
                    "矛盾纠纷每日研判: intake, party matching, repeat-call links, proposed colours."
                ),
            )
        )
        register(
            Schedule(
                name=gettext_noop("Overdue dispute follow-up sweep"),
                task="disputes.sweep",
                minute="0",
                hour="6",
                expires_seconds=12 * 3600,
                description="回访超期: raise a warning per overdue dispute follow-up, clear the rest.",
            )
        )
        register_panel(
            Panel(key="disputes", template="disputes/_overview_panel.html", context=panels.overview, order=40)
        )
        register_element_panel(
            "incident",
            ElementPanel(
                key="dispute", template="disputes/_incident_panel.html", context=panels.incident, order=20
            ),
        )
        post_migrate.connect(services.config_ensure_defaults, sender=self)
        post_save.connect(
            tasks.enqueue_intake_after_ingestion,
            sender=Ingestion,
            dispatch_uid="disputes_intake_after_ingestion",
        )

        from supervision.audit import register_actions

        from . import audit_actions, job_counts

        register_actions(audit_actions.actions)
        job_counts.register()

    def seed_demo(self, *, scale: str, stdout):
        from . import demo

        return demo.seed(scale=scale, stdout=stdout)
