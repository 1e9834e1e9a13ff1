from django.db.models import F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument, Person

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import POLICE_LAW, QUESTIONING_RULES, document_time, earliest
from ._questioning import measure_officer


@register
class ContinuedQuestioningFamily(DeadlineRule):
    ref = "RY08"
    code = "continued_questioning_family"
    name = _("Family not notified of continued questioning")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(POLICE_LAW, _("Art. 9")), LegalBasis(QUESTIONING_RULES, _("Art. 10 ¶2, 14")))
    confidence = "U"
    description = _(
        "Once continued questioning is approved, the family or employer must be notified at once. "
        "Red when no notice is recorded (a family notice time on the measure, a notice to the "
        "family issued or served) within 1 hour (a parameter; the hour is a design, unconfirmed) of "
        "the approval, or of the arrival when no approval time is recorded. Not counted: a recorded "
        "reason why nobody could be notified, a person recorded as of unknown identity (the notice "
        "waits until the identity is established; the data does not say when, so once the record is "
        "corrected the hour counts from the approval), and a person let go before the hour is up."
    )
    start_label = gettext_noop("continued questioning approved")
    custody = True
    act_label = gettext_noop("notice to the family or employer")
    red_only = True
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LegalDocument, "measure"), (Person, "measures"))
    thresholds = {"*": Band()}
    params = {"limit_hours": Param(1, _("Time to notify the family (hours)"))}

    def applies(self, ctx):
        return Q(
            kind=MeasureKind.CONTINUED_QUESTIONING, family_notice_waiver="", person__identity_unknown=False
        )

    def start_expression(self, ctx):
        return Coalesce(F("decided_at"), F("started_at"))

    def limit_expression(self, ctx):
        return Value(ctx.param("limit_hours")), PeriodUnit.HOURS

    def act_expression(self, ctx):
        notice = {"kind": DocumentKind.FAMILY_NOTICE, "measure": OuterRef("pk")}
        return earliest(
            "family_notified_at",
            document_time(**notice),
            document_time(field="served_at", **notice),
            "ended_at",
        )
