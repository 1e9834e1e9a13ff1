from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    """Dispute records (矛盾纠纷): triage, risk colour, follow-up, review and written notices."""

    name = "disputes"
    verbose_name = _("Disputes")
