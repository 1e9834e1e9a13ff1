from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType
from cases.models import LegalDocument

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import CRIMINAL_RULES, lead_officer


@register
class WitnessOrAvMissing(DetectionRule):
    ref = "JZ04"
    code = "witness_or_av_missing"
    name = _("Inspection, search or seizure without a witness or a full recording")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 194, 216, 225 ff.")),)
    confidence = "P"
    description = _(
        "An inspection record, search record or seizure list in a criminal case with no witness's "
        "signature and no audio-video recording kept: where no suitable witness can be found, the "
        "whole act must be recorded on audio and video and the reason written in the record. The "
        "written reason is not in the data, so a full recording is taken to cover it. Red as soon as "
        "it is in the data; it clears when the record is corrected."
    )
    anchor = Coalesce(F("issued_at"), F("created_at"))
    anchor_label = gettext_noop("record made")
    defect_label = gettext_noop("a witness's signature or a full audio-video recording")
    officer = lead_officer("case_id")
    case = "case_id"
    label = Coalesce(NullIf(F("number"), Value("")), F("external_id"))

    def applies(self, ctx):
        kinds = [DocumentKind.INSPECTION_RECORD, DocumentKind.SEARCH_RECORD, DocumentKind.SEIZURE_LIST]
        return Q(kind__in=kinds, case__kind=CaseKind.CRIMINAL)

    def defect(self, ctx):
        return Q(signed_by_witness=False, has_av_recording=False)
