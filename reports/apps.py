from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Weekly bulletins, monthly assessment, quarterly analysis, case reviews, dashboard."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from supervision.overview import Panel, register_panel

        from . import dashboard_views

        # First on the overview page: the dashboard of the user's scope (执法智慧大屏).
        register_panel(
            Panel(
                key="dashboard",
                template="reports/_dashboard_panel.html",
                context=dashboard_views.overview_panel_context,
                order=1,
            )
        )

    def seed_demo(self, *, scale: str, stdout):
        from . import demo

        return demo.seed(scale=scale, stdout=stdout)
