import datetime

from django.db.models import Case as CaseWhen
from django.db.models import F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import AdminCaseType, DocumentKind, ElementType
from cases.models import Case, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import (
    ADMIN_PENALTY_LAW,
    ADMIN_RULES,
    PUBLIC_ORDER_LAW_2012,
    PUBLIC_ORDER_LAW_2026,
    REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
    lead_officer,
)


@register
class PenaltyDecisionNotServed(DeadlineRule):
    ref = "AJ26"
    code = "penalty_decision_not_served"
    name = _("Penalty decision not served in time")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (
        LegalBasis(ADMIN_RULES, _("Art. 36 ¶1(2)")),
        LegalBasis(PUBLIC_ORDER_LAW_2012, _("Art. 97"), valid_to=datetime.date(2025, 12, 31)),
        LegalBasis(
            PUBLIC_ORDER_LAW_2026,
            _("service of the decision (article number not yet confirmed)"),
            valid_from=REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
        ),
        LegalBasis(ADMIN_PENALTY_LAW, _("Art. 61")),
    )
    confidence = "P"
    description = _(
        "An administrative penalty decision is handed to the person on the spot when it is announced; "
        "when they are not present it must be served within 2 days for a public-order (治安) penalty "
        "and within 7 days for other administrative penalties, counted from the decision (start day "
        "not counted; a last day on a rest day or holiday rolls over to the next working day). The act "
        "is the decision document's service time; a note that it could not be served does not count, "
        "since service by post, by leaving it or by public notice remains possible. For decisions from "
        "2026-01-01 the revised public-order law applies; its 2-day rule is assumed unchanged "
        "(unconfirmed)."
    )
    start = "issued_at"
    start_label = gettext_noop("penalty decided")
    act = "served_at"
    act_label = gettext_noop("service of the decision on the person punished")
    officer = lead_officer("case_id")
    case = "case_id"
    label = Coalesce(NullIf(F("number"), Value("")), F("external_id"))
    related_changes = ((Case, "documents"),)
    thresholds = {"*": Band(blue="2d", yellow="1d")}

    def applies(self, ctx):
        return Q(kind=DocumentKind.PENALTY_DECISION)

    def limit_expression(self, ctx):
        days = CaseWhen(
            When(case__admin_type=AdminCaseType.PUBLIC_ORDER, then=Value(2)),
            default=Value(7),
            output_field=IntegerField(),
        )
        return days, PeriodUnit.DAYS
