import datetime

from django.db.models import Case as CaseWhen
from django.db.models import DateTimeField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import CRIMINAL_RULES, lead_officer

NOTICE_LIMIT = datetime.timedelta(hours=24)


def _custody_started(kind: str):
    """When the person's latest measure of ``kind`` began, no later than the notice (for notices
    not linked to their measure)."""
    return Subquery(
        CoerciveMeasure.objects.filter(
            person=OuterRef("person_id"),
            kind=kind,
            started_at__lte=Coalesce(OuterRef("served_at"), OuterRef("issued_at")),
        )
        .order_by("-started_at")
        .values("started_at")[:1],
        output_field=DateTimeField(),
    )


@register
class NoticeReasonMissing(DetectionRule):
    ref = "JZ05"
    code = "notice_reason_missing"
    name = _("Late detention or arrest notice without the reason")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 127 ¶3, 145 ¶3")),)
    confidence = "P"
    description = _(
        "A detention notice or arrest notice to the family served (else issued) more than 24 hours "
        "after the detention or arrest was executed, with no reason written on it (neither a reason for "
        "the delay nor a reason it could not be served). The start is the measure the notice is linked "
        "to, else the person's latest detention or arrest before the notice; counted from the recorded "
        "minute. Notices never sent are watched by the family-notice risk points. Red as soon as it "
        "is in the data; it clears when the reason is recorded."
    )
    anchor = Coalesce(F("served_at"), F("issued_at"))
    anchor_label = gettext_noop("family notice served")
    defect_label = gettext_noop("reason for the late notice")
    officer = lead_officer("case_id")
    case = "case_id"
    label = Coalesce(NullIf(F("number"), Value("")), F("external_id"))
    related_changes = ((CoerciveMeasure, "documents"),)

    def applies(self, ctx):
        return Q(kind__in=[DocumentKind.DETENTION_NOTICE, DocumentKind.ARREST_NOTICE])

    def base_queryset(self, ctx):
        by_person = CaseWhen(
            When(kind=DocumentKind.DETENTION_NOTICE, then=_custody_started(MeasureKind.CRIMINAL_DETENTION)),
            default=_custody_started(MeasureKind.ARREST),
            output_field=DateTimeField(),
        )
        return (
            super()
            .base_queryset(ctx)
            .annotate(custody_at=Coalesce(F("measure__started_at"), by_person, output_field=DateTimeField()))
        )

    def defect(self, ctx):
        return Q(late_reason="", service_impossible_reason="", rule_start__gt=F("custody_at") + NOTICE_LIMIT)
