from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, MeasureKind
from cases.models import CoerciveMeasure

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest
from ._questioning import measure_officer


@register
class DetaineeToJail24h(DeadlineRule):
    ref = "RY09"
    code = "detainee_to_jail_24h"
    name = _("Detained suspect not sent to the detention centre in time")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CPL, _("Art. 85 ¶2")), LegalBasis(CRIMINAL_RULES, _("Art. 126")))
    confidence = "P"
    description = _(
        "A criminally detained suspect must be sent to the detention centre (看守所) at once, and "
        "at the latest within 24 hours of the detention — when detained elsewhere, to the local "
        "detention centre within 24 hours. Counted from the recorded minute of the detention; never "
        "extended for holidays. Red when no sending to the detention facility is recorded by then "
        "(or it is recorded after it). A detention that ended before the deadline (release, change "
        "of measure) needs no sending."
    )
    start = "started_at"
    start_label = gettext_noop("detention executed")
    limit = (24, PeriodUnit.HOURS)
    custody = True
    act_label = gettext_noop("sending to the detention centre")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(kind=MeasureKind.CRIMINAL_DETENTION)

    def act_expression(self, ctx):
        return earliest("sent_to_facility_at", "ended_at")
