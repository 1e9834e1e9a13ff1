from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, MeasureKind, SessionKind, SessionLocation
from cases.models import CoerciveMeasure, QuestioningSession

from .. import register
from ..base import FAR_FUTURE, DetectionRule, LegalBasis
from ..common import CPL, CRIMINAL_RULES
from ._questioning import measure_officer

# Where an interrogation of a suspect held in the detention centre may lawfully take place:
# its interrogation room, or a hospital when the suspect is being treated (assumption).
ALLOWED = (SessionLocation.DETENTION_CENTRE, SessionLocation.HOSPITAL)


@register
class InterrogationOutsideJail(DetectionRule):
    ref = "RY23"
    code = "interrogation_outside_jail"
    name = _("Suspect in the detention centre interrogated outside it")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CPL, _("Art. 118 ¶2")), LegalBasis(CRIMINAL_RULES, _("Art. 198")))
    confidence = "P"
    description = _(
        "Once a detained or arrested suspect has been sent to the detention centre (看守所), every "
        "interrogation must take place in its interrogation room. Red as soon as an interrogation "
        "session of the person is recorded after the sending (and before the measure ended) at any "
        "other place — the handling area, the scene, a residence. Assumption: a session in a "
        "hospital is the narrow medical exception and is not counted; other emergencies must be "
        "justified on the warning."
    )
    anchor_label = gettext_noop("interrogated outside the detention centre")
    defect_label = gettext_noop("interrogation in the detention centre")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((QuestioningSession, "person__measures"),)

    @property
    def anchor(self):
        outside = QuestioningSession.objects.filter(
            person=OuterRef("person_id"),
            kind=SessionKind.INTERROGATION,
            started_at__gte=OuterRef("sent_to_facility_at"),
            started_at__lt=Coalesce(OuterRef("ended_at"), Value(FAR_FUTURE)),
        ).exclude(location__in=ALLOWED)
        return Subquery(outside.order_by("started_at").values("started_at")[:1])

    def applies(self, ctx):
        return Q(
            kind__in=[MeasureKind.CRIMINAL_DETENTION, MeasureKind.ARREST], sent_to_facility_at__isnull=False
        )

    def defect(self, ctx):
        return Q()  # the anchor is the first interrogation outside: none, no row
