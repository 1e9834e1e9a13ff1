from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, LimitClock, MeasureKind
from cases.models import Case, CoerciveMeasure, LegalDocument, LimitChange

from ...deadlines import MonthEnd
from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest, lead_officer


@register
class CustodyTwoMonthsExpiring(DeadlineRule):
    ref = "RY15"
    code = "custody_2m_expiring"
    name = _("Investigative custody after arrest running out")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (
        LegalBasis(CPL, _("Art. 156, 158, 159, 160")),
        LegalBasis(CRIMINAL_RULES, _("Art. 148–152")),
    )
    confidence = "P"
    description = _(
        "An arrested suspect whose case has not been transferred for prosecution and whose measure "
        "has not been changed. 2 months from the arrest; +1 month, +2 months and +2 months more with "
        "approved extensions of the custody clock. A new important offence found, or the identity "
        "established of a suspect who refused to give it, restarts the period (a restart of this "
        "clock); while identity is unknown the clock is stopped (a suspension). Months are calendar "
        "months, the last day being the same-numbered day of the final month (for a day the month "
        "lacks: the parameter 'month end', by default the month's last day). In custody: never "
        "extended for holidays."
    )
    start = "started_at"
    start_label = gettext_noop("arrest executed")
    limit = (2, PeriodUnit.MONTHS)
    custody = True
    clock = ClockSpec(LimitClock.CUSTODY, "measure")
    act_label = gettext_noop("transfer for prosecution or change of measure")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "person__name"
    related_changes = ((LimitChange, "measure"), (LegalDocument, "measure"), (Case, "measures"))
    thresholds = {"*": Band(blue="15d", yellow="7d")}
    params = {
        "month_end": Param(
            MonthEnd.CLAMP,
            _("Month end"),
            kind="choice",
            choices=(
                (MonthEnd.CLAMP, _("last day of the month")),
                (MonthEnd.NEXT_DAY, _("first day of the next month")),
            ),
        )
    }

    def applies(self, ctx):
        return Q(kind=MeasureKind.ARREST)

    def act_expression(self, ctx):
        transfer = (
            LegalDocument.objects.filter(
                kind=DocumentKind.PROSECUTION_TRANSFER, case=OuterRef("case_id"), issued_at__isnull=False
            )
            .order_by("issued_at")
            .values("issued_at")[:1]
        )
        return earliest(F("case__transferred_for_prosecution_at"), Subquery(transfer), "ended_at")
