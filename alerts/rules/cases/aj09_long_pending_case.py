from django.db.models import Q, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, ElementType
from cases.models import Case

from ...deadlines import MonthEnd
from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import PRACTICE, earliest, lead_officer


@register
class LongPendingCase(DeadlineRule):
    ref = "AJ09"
    code = "long_pending_case"
    name = _("Case pending too long")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(PRACTICE, _("'long investigated, never concluded' checks; no statutory limit")),)
    confidence = "U"
    description = _(
        "A filed criminal case whose investigation has not been concluded, transferred for prosecution, "
        "withdrawn, transferred to another organ, suspended or closed within the local limit: the "
        "parameter 'months' (12) from the filing, in calendar months (a day the final month lacks: the "
        "parameter 'month end'). Blue about six and yellow about nine months after the filing by default "
        "(184 and 92 days before the limit). A period ending on a rest day or holiday rolls over to the "
        "next working day. There is no statutory limit for the case as such; a suspect in custody or "
        "under bail or residential surveillance has statutory limits of their own (RY12, RY15, RY17, "
        "RY18), which this risk point does not replace."
    )
    start = "filed_at"
    start_label = gettext_noop("filed")
    act_label = gettext_noop("conclusion of the investigation, withdrawal or transfer")
    officer = lead_officer()
    case = "pk"
    label = "number"
    params = {
        "months": Param(12, _("Months")),
        "month_end": Param(
            MonthEnd.CLAMP,
            _("Month end"),
            kind="choice",
            choices=(
                (MonthEnd.CLAMP, _("last day of the month")),
                (MonthEnd.NEXT_DAY, _("first day of the next month")),
            ),
        ),
    }
    thresholds = {"*": Band(blue="184d", yellow="92d")}

    def applies(self, ctx):
        return Q(kind=CaseKind.CRIMINAL)

    def limit_expression(self, ctx):
        return Value(ctx.param("months")), PeriodUnit.MONTHS

    def act_expression(self, ctx):
        return earliest(
            "investigation_concluded_at",
            "transferred_for_prosecution_at",
            "withdrawn_at",
            "transferred_out_at",
            "suspended_at",
            "closed_at",
        )
