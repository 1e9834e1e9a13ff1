from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType, PersonRole, SessionKind
from cases.models import CoerciveMeasure, LegalDocument, Person, QuestioningSession

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, document_time, earliest, lead_officer


@register
class LegalAidNotNotified(DeadlineRule):
    ref = "AJ19"
    code = "legal_aid_not_notified"
    name = _("Legal-aid agency not notified")
    element = ElementType.PERSON
    model = Person
    basis = (LegalBasis(CPL, _("Art. 35")), LegalBasis(CRIMINAL_RULES, _("Art. 46, 320")))
    confidence = "P"
    description = _(
        "A criminal suspect without a defender who is blind, deaf or mute, partly mentally ill, a "
        "minor, or facing life imprisonment or death: the legal-aid agency must be notified to "
        "appoint a defence lawyer within 3 days of the police finding the situation (start day not "
        "counted; a period ending on a rest day or holiday rolls over to the next working day — it "
        "is a notice period, not a custody period). The clock starts when the situation was found "
        "as recorded; for a suspect flagged blind, deaf or mute, mentally ill or a minor with no such "
        "time recorded, at the first interrogation or coercive measure. Facing life imprisonment or "
        "death is known only from that recorded time (the case's 'major' flag also covers other "
        "major cases). The act is a notice to the legal-aid agency for the suspect; a suspect who "
        "now has a defender is no longer watched."
    )
    start_label = gettext_noop("situation requiring legal aid found")
    limit = (3, PeriodUnit.DAYS)
    act_label = gettext_noop("notice to the legal-aid agency")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "name"
    thresholds = {"*": Band(blue="2d", yellow="1d")}
    related_changes = ((LegalDocument, "person"), (QuestioningSession, "person"), (CoerciveMeasure, "person"))

    def applies(self, ctx):
        flagged = Q(is_disabled=True) | Q(has_mental_illness=True) | Q(is_minor=True)
        return Q(role=PersonRole.SUSPECT, case__kind=CaseKind.CRIMINAL, has_defender=False) & (
            Q(special_situation_found_at__isnull=False) | flagged
        )

    def start_expression(self, ctx):
        interrogation = (
            QuestioningSession.objects.filter(person=OuterRef("pk"), kind=SessionKind.INTERROGATION)
            .order_by("started_at")
            .values("started_at")[:1]
        )
        measure = (
            CoerciveMeasure.objects.filter(person=OuterRef("pk"))
            .order_by("started_at")
            .values("started_at")[:1]
        )
        return Coalesce("special_situation_found_at", earliest(Subquery(interrogation), Subquery(measure)))

    def act_expression(self, ctx):
        return document_time(kind=DocumentKind.LEGAL_AID_NOTICE, person=OuterRef("pk"))
