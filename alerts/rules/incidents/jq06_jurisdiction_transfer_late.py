from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, Jurisdiction
from cases.models import Incident

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, CRIMINAL_RULES, latest_of_all


@register
class JurisdictionTransferLate(DeadlineRule):
    ref = "JQ06"
    code = "jurisdiction_transfer_late"
    name = _("Matter for another unit not transferred in time")
    element = ElementType.INCIDENT
    model = Incident
    basis = (LegalBasis(ADMIN_RULES, _("Art. 61(2)")), LegalBasis(CRIMINAL_RULES, _("Art. 175")))
    confidence = "P"
    description = _(
        "A matter within police remit but another unit's jurisdiction must be transferred within 24 "
        "hours and the reporter told. The act is done when both the transfer and the notice to the "
        "reporter are recorded."
    )
    start = "received_at"
    start_label = gettext_noop("call received")
    limit = (24, PeriodUnit.HOURS)
    act_label = gettext_noop("transfer and notice to the reporter")
    officer = "officer_id"
    case = None
    label = "number"
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(jurisdiction=Jurisdiction.OTHER_UNIT)

    def act_expression(self, ctx):
        return latest_of_all("transferred_at", "reporter_told_at")
