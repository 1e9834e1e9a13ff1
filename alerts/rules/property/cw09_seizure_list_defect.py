from django.db.models import BigIntegerField, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType, SeizureKind
from cases.models import LegalDocument, Property

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import ADMIN_RULES, CRIMINAL_RULES, lead_officer


@register
class SeizureListDefect(DetectionRule):
    ref = "CW09"
    code = "seizure_list_defect"
    name = _("Seizure list missing or defective")
    element = ElementType.PROPERTY
    model = Property
    basis = (
        LegalBasis(CRIMINAL_RULES, _("Art. 230")),
        LegalBasis(ADMIN_RULES, _("seizure procedure")),
    )
    confidence = "P"
    description = _(
        "A seizure or sealing with no list (neither a list issued to the holder nor a seizure-list "
        "document on the item), or a list that does not describe the items, lacks the officer's "
        "signature, lacks the holder's signature with no note that they refused, or lacks a witness's "
        "signature. A witness may be replaced by a full audio-video recording of the seizure (a list "
        "document with a recording kept). In administrative cases a witness is required only when the "
        "holder did not sign (assumption). Red as soon as it is in the data; it clears when the list "
        "is corrected."
    )
    anchor = "seized_at"
    anchor_label = gettext_noop("property seized")
    defect_label = gettext_noop("a complete, signed seizure list")
    officer = Coalesce(F("seized_by_id"), lead_officer("case_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((LegalDocument, "property"),)

    def applies(self, ctx):
        return Q(seizure_kind__in=[SeizureKind.SEIZURE, SeizureKind.ADMIN_SEIZURE, SeizureKind.SEALING])

    def defect(self, ctx):
        lists = LegalDocument.objects.filter(property=OuterRef("pk"), kind=DocumentKind.SEIZURE_LIST)
        no_list = Q(receipt_issued=False) & ~Q(Exists(lists))
        holder_missing = Q(list_signed_by_holder=False) & ~Q(Exists(lists.filter(subject_refusal_noted=True)))
        witness_needed = Q(case__kind=CaseKind.CRIMINAL) | Q(list_signed_by_holder=False)
        witness_missing = (
            Q(list_signed_by_witness=False) & ~Q(Exists(lists.filter(has_av_recording=True))) & witness_needed
        )
        return (
            no_list
            | Q(list_has_details=False)
            | Q(list_signed_by_officer=False)
            | holder_missing
            | witness_missing
        )
