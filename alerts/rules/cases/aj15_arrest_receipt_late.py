from django.db.models import OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DecidingOrgan, DocumentKind, ElementType, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest, lead_officer
from ._criminal import first_document, sent_time


@register
class ArrestReceiptLate(DeadlineRule):
    ref = "AJ15"
    code = "arrest_receipt_late"
    name = _("Arrest execution receipt not sent in time")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 142")), LegalBasis(CPL, _("Art. 90")))
    confidence = "P"
    description = _(
        "An arrest approved by the procuratorate was executed: the execution receipt must reach the "
        "procuratorate within 3 days after the execution. Start day not counted; a period ending on a rest "
        "day or holiday rolls over to the next working day (the receipt is not a custody period). The act "
        "is an arrest execution receipt sent (served, else issued) for this arrest, or — when a receipt "
        "names only the person — one for the person issued after the execution. Arrests decided by a court "
        "are not watched. An approval that could not be executed needs a receipt with the reason too; it "
        "has no arrest in the data and is not watched here."
    )
    start = "started_at"
    start_label = gettext_noop("arrest executed")
    limit = (3, PeriodUnit.DAYS)
    act_label = gettext_noop("arrest execution receipt")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "person__name"
    related_changes = ((LegalDocument, "measure"), (LegalDocument, "person__measures"))
    thresholds = {"*": Band(blue="2d", yellow="1d")}

    def applies(self, ctx):
        return Q(kind=MeasureKind.ARREST) & ~Q(decided_by=DecidingOrgan.COURT)

    def act_expression(self, ctx):
        kind = DocumentKind.ARREST_EXECUTION_RECEIPT
        by_measure = first_document(kind, sent_time(), measure=OuterRef("pk"))
        by_person = first_document(
            kind,
            sent_time(),
            measure__isnull=True,
            person=OuterRef("person_id"),
            moment__gte=OuterRef("started_at"),
        )
        return earliest(by_measure, by_person)
