from django.db.models import BigIntegerField, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType
from cases.models import LegalDocument

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import CRIMINAL_RULES, PUBLIC_ORDER_LAW_2012, lead_officer


@register
class RecordSignatureMissing(DetectionRule):
    ref = "JZ01"
    code = "record_signature_missing"
    name = _("Record missing signatures")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 206")), LegalBasis(PUBLIC_ORDER_LAW_2012, _("Art. 84")))
    confidence = "P"
    description = _(
        "An interrogation or inquiry record not signed (and fingerprinted) by the person questioned "
        "with no note that they refused, or not signed by the officers. Red only: a missing signature "
        "has no 'approaching'. It clears when the record is corrected in the data."
    )
    anchor = Coalesce(F("issued_at"), F("session__started_at"), F("created_at"))
    anchor_label = gettext_noop("record made")
    defect_label = gettext_noop("signatures of the person and the officers")
    officer = Coalesce(F("session__officer_id"), lead_officer("case_id"), output_field=BigIntegerField())
    case = "case_id"
    label = Coalesce(NullIf(F("number"), Value("")), F("external_id"))

    def applies(self, ctx):
        return Q(kind__in=[DocumentKind.INTERROGATION_RECORD, DocumentKind.INQUIRY_RECORD])

    def defect(self, ctx):
        subject_ok = Q(signed_by_subject=True) | Q(subject_refusal_noted=True)
        return ~subject_ok | Q(signed_by_officers=False)
