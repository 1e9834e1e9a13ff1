from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Weekly bulletins, monthly assessment, quarterly analysis, case reviews, dashboard."""

    name = "reports"
    verbose_name = _("Reports")
