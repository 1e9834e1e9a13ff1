from django.db.models import BigIntegerField, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, SeizureKind
from cases.models import LegalDocument, Property

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CRIMINAL_RULES, PROPERTY_RULES, document_time, earliest, lead_officer


@register
class UnrelatedPropertyNotReturned(DeadlineRule):
    ref = "CW05"
    code = "unrelated_property_not_returned"
    name = _("Property found unrelated to the case not released within 3 days")
    element = ElementType.PROPERTY
    model = Property
    basis = (
        LegalBasis(CRIMINAL_RULES, _("Art. 233, 247")),
        LegalBasis(PROPERTY_RULES, _("as reported on its 2015 revision")),
    )
    confidence = "P"
    description = _(
        "Seized, sealed or frozen property found to be unrelated to the case must be released and "
        "returned within 3 days of that finding; for frozen funds the bank is notified within the 3 "
        "days. Counted in days from the finding (start day not counted); a period ending on a rest day "
        "or holiday rolls over to the next working day. Done when the item is returned or otherwise "
        "leaves police hands, or when a return receipt or a release document is recorded on it. "
        "Administrative cases are treated the same way (assumption: the same duty)."
    )
    start = "found_unrelated_at"
    start_label = gettext_noop("found unrelated to the case")
    limit = (3, PeriodUnit.DAYS)
    act_label = gettext_noop("release and return")
    officer = Coalesce(lead_officer("case_id"), F("seized_by_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((LegalDocument, "property"),)
    thresholds = {"*": Band(blue="2d", yellow="1d")}

    def applies(self, ctx):
        return ~Q(seizure_kind=SeizureKind.BELONGINGS)

    def act_expression(self, ctx):
        released = document_time(
            kind__in=[DocumentKind.RETURN_RECEIPT, DocumentKind.MEASURE_RELEASE], property=OuterRef("pk")
        )
        return earliest("returned_at", "disposed_at", released)
