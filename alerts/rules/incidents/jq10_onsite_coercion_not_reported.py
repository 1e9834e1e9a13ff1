from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType
from cases.models import CoerciveMeasure

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, lead_officer


@register
class OnsiteCoercionNotReported(DeadlineRule):
    ref = "JQ10"
    code = "onsite_coercion_not_reported"
    name = _("On-the-spot coercion not reported for approval")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(ADMIN_RULES, _("Art. 56")),)
    confidence = "P"
    description = _(
        "A coercive measure taken on the spot in an emergency must be reported and approved within 24 "
        "hours. Restricting personal liberty must be reported immediately on return; the data does not "
        "record the return, so the 24 hours apply to every on-the-spot measure."
    )
    start = "started_at"
    start_label = gettext_noop("measure taken on the spot")
    limit = (24, PeriodUnit.HOURS)
    act = "reported_at"
    act_label = gettext_noop("report for approval")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "person__name"
    thresholds = {"*": Band(blue="8h", yellow="2h")}

    def applies(self, ctx):
        return Q(is_onsite_emergency=True)
