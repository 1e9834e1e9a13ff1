from django.db.models import BigIntegerField, F, IntegerField, Q, Value, When
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, ElementType, LimitClock, PropertyKind, SeizureKind
from cases.models import LimitChange, Property

from ...deadlines import MonthEnd
from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import CRIMINAL_RULES, earliest, lead_officer


@register
class CriminalFreezeExpiring(DeadlineRule):
    ref = "CW08"
    code = "criminal_freeze_expiring"
    name = _("Freeze running out without renewal")
    element = ElementType.PROPERTY
    model = Property
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 240, 243–245")),)
    confidence = "P"
    description = _(
        "A freeze in a criminal case lapses by itself at the end of its period unless it is renewed "
        "before. Deposits, remittances and other funds: 6 months (1 year in major or complex cases with "
        "the approval of a prefecture-level bureau); bonds, shares, fund units and other securities: 2 "
        "years; equity, insurance and investment rights: 6 months. Each renewal is at most the same "
        "length again. The 1-year freeze and every renewal are recorded as an approved extension of the "
        "freeze clock giving the whole period now in force (e.g. 12 months after one 6-month renewal: "
        "the renewal runs on from the previous expiry); a renewal recorded instead as a restart of the "
        "clock counts its full period from the renewal. Months are calendar months (month end: a "
        "parameter); a period ending on a rest day or holiday rolls over to the next working day (CPL "
        "Art. 105: the owner is not in custody). Done when the freeze is lifted or the funds leave "
        "police control; red when the freeze has lapsed."
    )
    start = "seized_at"
    start_label = gettext_noop("freeze took effect")
    limit = (6, PeriodUnit.MONTHS)
    clock = ClockSpec(LimitClock.FREEZE, "property")
    act_label = gettext_noop("renewal or lifting of the freeze")
    officer = Coalesce(lead_officer("case_id"), F("seized_by_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((LimitChange, "property"),)
    thresholds = {"*": Band(blue="30d", yellow="7d")}
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
        return Q(seizure_kind=SeizureKind.FREEZE) & ~Q(case__kind=CaseKind.ADMINISTRATIVE)

    def limit_expression(self, ctx):
        months = CaseWhen(
            When(kind=PropertyKind.SECURITIES, then=Value(24)), default=Value(6), output_field=IntegerField()
        )
        return months, PeriodUnit.MONTHS

    def act_expression(self, ctx):
        return earliest("disposed_at", "returned_at")
