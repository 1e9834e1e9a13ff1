from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import (
    ADMIN_RULES,
    DETENTION_HOUSE_REGULATIONS,
    PUBLIC_ORDER_LAW_2012,
    PUBLIC_ORDER_LAW_2026,
    REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
    earliest,
)
from ._questioning import LAST_DAY_OF_OLD_LAW, measure_officer, notices


@register
class AdminDetentionNotExecuted(DeadlineRule):
    ref = "RY24"
    code = "admin_detention_not_executed"
    name = _("Administrative detention decided but not executed in time")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (
        LegalBasis(PUBLIC_ORDER_LAW_2012, _("Art. 97, 103, 107"), valid_to=LAST_DAY_OF_OLD_LAW),
        LegalBasis(
            PUBLIC_ORDER_LAW_2026,
            _("execution of administrative detention (article number not yet confirmed)"),
            valid_from=REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
        ),
        LegalBasis(DETENTION_HOUSE_REGULATIONS, _("Art. 9")),
        LegalBasis(ADMIN_RULES, _("Art. 223")),
    )
    confidence = "U"
    description = _(
        "A decided administrative detention must be sent to the detention house (拘留所) for "
        "execution 'in time' (及时), unless its execution is deferred. The law sets no number: the "
        "platform assumes 24 hours from the decision (a parameter), counted from the recorded minute "
        "(the decision time, else the start recorded on the measure). Executed means: the person sent "
        "to the facility, a detention-execution record (收拘), a start of the measure recorded after "
        "the decision, or the measure ended; a deferral (暂缓执行) decided, or the measure marked "
        "deferred, answers it too. Red when none is recorded by then (or only after it)."
    )
    start_label = gettext_noop("administrative detention decided")
    limit = (24, PeriodUnit.HOURS)
    custody = True
    act_label = gettext_noop("sending to the detention house (or deferral)")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LegalDocument, "measure"),)
    thresholds = {"*": Band(blue="12h", yellow="4h")}
    params = {"limit_hours": Param(24, _("Time to execute (hours)"))}

    def applies(self, ctx):
        return Q(kind=MeasureKind.ADMIN_DETENTION, deferred=False)

    def start_expression(self, ctx):
        return Coalesce("decided_at", "started_at")

    def limit_expression(self, ctx):
        return Value(ctx.param("limit_hours")), PeriodUnit.HOURS

    def act_expression(self, ctx):
        started_later = Case(
            When(started_at__gt=F("decided_at"), then=F("started_at")),
            default=None,
            output_field=DateTimeField(),
        )
        return earliest(
            "sent_to_facility_at",
            started_later,
            *notices(DocumentKind.DETENTION_EXECUTION, "issued_at"),
            *notices(DocumentKind.DETENTION_DEFERRAL, "issued_at"),
            "ended_at",
        )
