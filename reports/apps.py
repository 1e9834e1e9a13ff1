from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Weekly bulletins, monthly assessment, quarterly analysis, case reviews, dashboard."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import reviews

        # The per-case review checklist exists after every migrate (bulletin block).
        post_migrate.connect(
            reviews.checklist_ensure_defaults, sender=self, dispatch_uid="reports.review_checklist"
        )

    def seed_demo(self, *, scale: str, stdout):
        from . import bulletin_demo

        return bulletin_demo.seed(scale=scale, stdout=stdout)
