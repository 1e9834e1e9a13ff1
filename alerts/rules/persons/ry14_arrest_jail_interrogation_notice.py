from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Q, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument, QuestioningSession

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest, latest_of_all
from ._questioning import first_interrogation, measure_officer, notice_reason_recorded, notices


@register
class ArrestJailInterrogationNotice(DeadlineRule):
    ref = "RY14"
    code = "arrest_jail_interrogation_notice"
    name = _("Arrested suspect not sent to jail, interrogated or family notified in time")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CPL, _("Art. 93 ¶2, 94")), LegalBasis(CRIMINAL_RULES, _("Art. 143–145")))
    confidence = "P"
    description = _(
        "After an arrest three acts are due: sending the suspect to the detention centre (at "
        "once), the first interrogation (within 24 hours) and the arrest notice to the family "
        "(within 24 hours, unless they cannot be notified, with the reason recorded). All three are "
        "checked against 24 hours from the recorded minute of the arrest; never extended for "
        "holidays. A suspect already held in the detention centre under the detention the arrest "
        "replaces counts as sent; the interrogation is the first interrogation session (or record) "
        "at or after the arrest; the notice is the family notice time on the measure or the arrest "
        "notice served, or a reason recorded on the measure or on the notice. Red when any of the "
        "three is missing by then (or recorded after it). An arrest ended before the deadline "
        "(release found wrongful) is not counted."
    )
    start = "started_at"
    start_label = gettext_noop("arrest executed")
    limit = (24, PeriodUnit.HOURS)
    custody = True
    act_label = gettext_noop("sending to the detention centre, first interrogation and notice to the family")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = (
        (LegalDocument, "measure"),
        (LegalDocument, "person__measures"),
        (QuestioningSession, "person__measures"),
        (CoerciveMeasure, "person__measures"),
    )
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(kind=MeasureKind.ARREST)

    def act_expression(self, ctx):
        already_held = CoerciveMeasure.objects.filter(
            person=OuterRef("person_id"),
            kind=MeasureKind.CRIMINAL_DETENTION,
            sent_to_facility_at__lte=OuterRef("started_at"),
        ).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=OuterRef("started_at")))
        sent = Case(
            When(Exists(already_held), then=F("started_at")),
            default=F("sent_to_facility_at"),
            output_field=DateTimeField(),
        )
        notified = Case(
            When(notice_reason_recorded(DocumentKind.ARREST_NOTICE), then=F("started_at")),
            default=earliest("family_notified_at", *notices(DocumentKind.ARREST_NOTICE)),
            output_field=DateTimeField(),
        )
        return earliest(latest_of_all(sent, first_interrogation(), notified), "ended_at")
