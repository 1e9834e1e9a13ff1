import datetime

from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, SessionLocation
from cases.models import CoerciveMeasure, QuestioningSession, VenueVisit

from .. import register
from ..base import FAR_FUTURE, Band, DetectionRule, LegalBasis, Param
from ..common import AREA_RULES
from ..persons._questioning import HOLDING_KINDS, measure_officer

# Questioning elsewhere (at home or at work, on the scene, in hospital) brings no one into the area.
ELSEWHERE = (SessionLocation.RESIDENCE, SessionLocation.SCENE, SessionLocation.HOSPITAL)


@register
class NotBroughtIntoArea(DetectionRule):
    ref = "CS01"
    code = "not_brought_into_area"
    name = _("Person brought to the police not entered in the handling area")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(AREA_RULES, _("Art. 4 and the area ledger")),)
    confidence = "S"
    description = _(
        "A person brought to the police for a summons, compelled appearance, questioning for "
        "verification or continued questioning must be taken into the handling area at once and "
        "entered in its ledger (person, case, entry and exit). Red when the measure started and no "
        "handling-area entry of the person is recorded from a few hours before it (a parameter, "
        "6 hours) until it ended — after a grace of 1 hour for the entry to be recorded "
        "(threshold; assumption). Questioning recorded at the person's home or work, on the scene "
        "or in hospital is not counted."
    )
    anchor = "started_at"
    anchor_label = gettext_noop("brought to the police")
    defect_label = gettext_noop("handling-area entry")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((VenueVisit, "person__measures"), (QuestioningSession, "person__measures"))
    thresholds = {"*": Band(red="1h")}
    params = {
        "entry_before_hours": Param(6, _("An entry counts from this many hours before the start (hours)"))
    }

    def applies(self, ctx):
        return Q(kind__in=HOLDING_KINDS)

    def defect(self, ctx):
        before = datetime.timedelta(hours=ctx.param("entry_before_hours"))
        until = Coalesce(OuterRef("ended_at"), Value(FAR_FUTURE))
        entered = VenueVisit.objects.filter(
            person=OuterRef("person_id"),
            entered_at__gte=OuterRef("started_at") - before,
            entered_at__lte=until,
        )
        elsewhere = QuestioningSession.objects.filter(
            person=OuterRef("person_id"),
            location__in=ELSEWHERE,
            started_at__gte=OuterRef("started_at"),
            started_at__lte=until,
        )
        return ~Q(Exists(entered)) & ~Q(Exists(elsewhere))
