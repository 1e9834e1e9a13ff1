from django.utils.translation import gettext_lazy as _

from cases.choices import IncidentCategory

from .. import register
from ..base import LegalBasis
from ..common import ADMIN_RULES
from .jq03_criminal_incident_not_registered import IncidentNotRegistered


@register
class AdminIncidentNotRegistered(IncidentNotRegistered):
    ref = "JQ04"
    code = "admin_incident_not_registered"
    name = _("Administrative incident not registered as a case")
    category = IncidentCategory.ADMINISTRATIVE
    basis = (LegalBasis(ADMIN_RULES, _("Art. 60–61")),)
    confidence = "P"
    description = _(
        "An incident involving an administrative violation in this unit's jurisdiction with no case "
        "accepted from it ('accept promptly, register online'). Thresholds as for criminal incidents: "
        "yellow at the end of the shift (12 hours assumed), red at 24 hours."
    )
