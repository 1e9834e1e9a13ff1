from django.db.models import BigIntegerField, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, SeizureKind
from cases.models import Case, LegalDocument, Property

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import PROPERTY_RULES, document_time, earliest, lead_officer


@register
class ClosedCasePropertyPending(DeadlineRule):
    ref = "CW11"
    code = "closed_case_property_pending"
    name = _("Property still held after the case ended")
    element = ElementType.PROPERTY
    model = Property
    basis = (LegalBasis(PROPERTY_RULES, _("Art. 18–20")),)
    confidence = "U"
    description = _(
        "Property still held, sealed or frozen after its case ended must be dealt with promptly: "
        "returned when there is no penalty or the case was withdrawn, otherwise as the decision, the "
        "procuratorate's or the court's documents say. The case ended at the earliest of: withdrawal "
        "or termination, the decision not to file, an administrative decision (penalty, no penalty, "
        "mediation, termination, transfer) and a procuratorate decision not to prosecute. Court "
        "judgments are not in the data, so property of cases transferred for prosecution is not "
        "watched. The law sets no period: 90 days after the end (a parameter), blue from day 30 and "
        "yellow from day 60 — our design. A period ending on a rest day or holiday rolls over to the "
        "next working day. Done when the item leaves police hands. Personal belongings kept in "
        "custody are watched by their own risk point."
    )
    start_label = gettext_noop("case ended")
    limit = (90, PeriodUnit.DAYS)
    act_label = gettext_noop("return, confiscation or other disposal")
    officer = Coalesce(lead_officer("case_id"), F("seized_by_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((Case, "property_items"), (LegalDocument, "case__property_items"))
    thresholds = {"*": Band(blue="60d", yellow="30d")}
    params = {"days": Param(90, _("Days after the case ended"))}

    def applies(self, ctx):
        return Q(case__isnull=False) & ~Q(seizure_kind=SeizureKind.BELONGINGS)

    def start_expression(self, ctx):
        no_prosecution = document_time(kind=DocumentKind.NON_PROSECUTION_DECISION, case=OuterRef("case_id"))
        return earliest("case__withdrawn_at", "case__declined_at", "case__decided_at", no_prosecution)

    def limit_expression(self, ctx):
        return Value(ctx.param("days")), PeriodUnit.DAYS

    def act_expression(self, ctx):
        return earliest("disposed_at", "returned_at", "confiscated_at", "destroyed_at")
