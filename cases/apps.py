from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Execution elements (执法要素): incidents, cases, persons and measures, property,
    venue visits, case files and legal documents; their ingestion and browsing."""

    name = "cases"
    verbose_name = _("Execution elements")

    def ready(self) -> None:
        from supervision.audit import register_actions

        from . import audit_actions

        register_actions(audit_actions.actions)

    def seed_demo(self, *, scale: str, stdout):
        from . import demo

        return demo.seed(scale=scale, stdout=stdout)
