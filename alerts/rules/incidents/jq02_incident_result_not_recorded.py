from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, IncidentDisposal
from cases.models import Incident

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import RULES_110


@register
class IncidentResultNotRecorded(DeadlineRule):
    ref = "JQ02"
    code = "incident_result_not_recorded"
    name = _("Incident result not recorded")
    element = ElementType.INCIDENT
    model = Incident
    basis = (LegalBasis(RULES_110, _("Art. 7(4) (register, record, file)")),)
    confidence = "U"
    description = _(
        "An incident resolved on the scene without its handling result entered. No national limit "
        "exists; local practice commonly allows 24 hours from the disposal, which we assume."
    )
    start = "disposed_at"
    start_label = gettext_noop("resolved on the scene")
    limit = (24, PeriodUnit.HOURS)
    act = "result_recorded_at"
    act_label = gettext_noop("handling result")
    officer = "officer_id"
    case = None
    label = "number"
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(disposal=IncidentDisposal.RESOLVED_ON_SCENE)
