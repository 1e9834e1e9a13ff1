from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Risk points, the deadline module, the daily patrol, warnings and their workflow."""

    name = "alerts"
    verbose_name = _("Warnings")
