from django.db.models import BigIntegerField, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType
from cases.models import Case, LegalDocument, QuestioningSession

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import CPL, CRIMINAL_RULES, lead_officer


@register
class InterrogationAvMissing(DetectionRule):
    ref = "AJ17"
    code = "interrogation_av_missing"
    name = _("Interrogation in a major case not fully recorded on audio-video")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (LegalBasis(CPL, _("Art. 123")), LegalBasis(CRIMINAL_RULES, _("Art. 208")))
    confidence = "P"
    description = _(
        "An interrogation record (讯问笔录) of a criminal case that may lead to life imprisonment or "
        "death, or of another major case (the case's 'major case' flag), whose interrogation was not "
        "recorded on audio-video in full: the questioning session says it was not recorded, or that "
        "the recording is not complete and continuous; a record linked to no session counts as "
        "recorded only when the record says a recording is kept. Every interrogation must be "
        "recorded in full, so the warning is red as soon as the record is in the data; it clears "
        "when the data is corrected."
    )
    anchor = Coalesce(F("session__started_at"), F("issued_at"), F("created_at"))
    anchor_label = gettext_noop("interrogation held")
    defect_label = gettext_noop("complete, continuous audio-video recording")
    officer = Coalesce(F("session__officer_id"), lead_officer("case_id"), output_field=BigIntegerField())
    case = "case_id"
    label = Coalesce(NullIf(F("number"), Value("")), F("external_id"))
    related_changes = ((QuestioningSession, "documents"), (Case, "documents"))

    def applies(self, ctx):
        return Q(kind=DocumentKind.INTERROGATION_RECORD, case__kind=CaseKind.CRIMINAL, case__is_major=True)

    def defect(self, ctx):
        session_says_incomplete = Q(session__isnull=False) & (
            Q(session__av_recorded=False) | Q(session__av_complete=False)
        )
        no_session_no_recording = Q(session__isnull=True, has_av_recording=False)
        return session_says_incomplete | no_session_no_recording
