from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType
from cases.models import LegalDocument

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import CRIMINAL_RULES, lead_officer


@register
class DefenceOpinionNotAttached(DetectionRule):
    ref = "JZ08"
    code = "defence_opinion_not_attached"
    name = _("Defence lawyer's written opinion not attached to the file")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 58")),)
    confidence = "P"
    description = _(
        "A written opinion a defence lawyer submitted during the investigation must be attached to the "
        "case file. Red as soon as an opinion is recorded and not marked as attached (a grace time can "
        "be set as the red threshold); it clears when it is attached."
    )
    anchor = Coalesce(F("received_at"), F("issued_at"), F("created_at"))
    anchor_label = gettext_noop("written opinion received")
    defect_label = gettext_noop("opinion attached to the file")
    officer = lead_officer("case_id")
    case = "case_id"
    label = Coalesce(NullIf(F("number"), Value("")), F("external_id"))

    def applies(self, ctx):
        return Q(kind=DocumentKind.DEFENCE_OPINION)

    def defect(self, ctx):
        return Q(in_file=False)
