from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Weekly bulletins, monthly assessment, quarterly analysis, case reviews, dashboard."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from supervision.audit import register_actions
        from supervision.overview import Panel, register_panel

        from . import audit_actions, bulletin_views, dashboard_views, job_counts, reviews

        register_actions(audit_actions.actions)
        job_counts.register()

        # The per-case review checklist exists after every migrate.
        post_migrate.connect(
            reviews.checklist_ensure_defaults, sender=self, dispatch_uid="reports.review_checklist"
        )
        # First on the overview page: the dashboard of the user's scope (执法智慧大屏).
        register_panel(
            Panel(
                key="dashboard",
                template="reports/_dashboard_panel.html",
                context=dashboard_views.overview_panel_context,
                order=1,
            )
        )
        # Right after it: the bulletins a station chief must acknowledge, and for publishers
        # the published bulletins some chief has not acknowledged yet.
        register_panel(
            Panel(
                key="bulletins",
                template="reports/_bulletin_panel.html",
                context=bulletin_views.overview_panel_context,
                order=2,
            )
        )

    def seed_demo(self, *, scale: str, stdout):
        from . import bulletin_demo, demo

        # Assessment history first: the bulletins freeze their figures from what is there.
        counts = dict(demo.seed(scale=scale, stdout=stdout) or {})
        counts.update(bulletin_demo.seed(scale=scale, stdout=stdout) or {})
        return counts
