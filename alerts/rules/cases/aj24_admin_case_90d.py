import datetime

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import AdminCaseType, CaseKind, ElementType, LimitClock
from cases.models import Case, LimitChange

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_PENALTY_LAW, ADMIN_RULES, earliest, lead_officer


@register
class AdminCaseNinetyDays(DeadlineRule):
    ref = "AJ24"
    code = "admin_case_90d"
    name = _("Other administrative penalty case not decided within 90 days")
    element = ElementType.CASE
    model = Case
    basis = (
        LegalBasis(ADMIN_PENALTY_LAW, _("Art. 60")),
        LegalBasis(ADMIN_RULES, _("Art. 165 ¶1 (other administrative cases)")),
    )
    confidence = "P"
    description = _(
        "An administrative penalty case other than a public-order (治安) case, for which no other law "
        "sets a period: the decision is due within 90 days of filing (立案). The filing date is the "
        "case's 'filed at', else its acceptance (for police administrative cases the acceptance is the "
        "filing when no separate date is recorded). Start day not counted; a last day on a rest day or "
        "holiday rolls over. Versions of the case-handling clock apply (a suspension, e.g. for "
        "appraisal, stops it; an approved extension sets a limit another law allows). The decision, a "
        "transfer to another organ or a withdrawal ends it. The 90 days were introduced by the revised "
        "Administrative Penalty Law in force from 2021-07-15: cases filed earlier are not watched."
    )
    start_label = gettext_noop("case filed (立案)")
    limit = (90, PeriodUnit.DAYS)
    clock = ClockSpec(LimitClock.HANDLING, "case")
    act_label = gettext_noop("decision (penalty, no penalty or transfer)")
    officer = lead_officer()
    case = "pk"
    label = "number"
    effective_from = datetime.date(2021, 7, 15)
    related_changes = ((LimitChange, "case"),)
    thresholds = {"*": Band(blue="15d", yellow="6d")}

    def applies(self, ctx):
        return Q(kind=CaseKind.ADMINISTRATIVE, admin_type=AdminCaseType.OTHER_PENALTY)

    def start_expression(self, ctx):
        return Coalesce("filed_at", "accepted_at")

    def act_expression(self, ctx):
        return earliest("decided_at", "transferred_out_at", "withdrawn_at")
