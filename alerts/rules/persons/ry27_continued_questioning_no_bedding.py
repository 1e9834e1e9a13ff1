import datetime

from django.db.models import Case, DateTimeField, F, Q, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, MeasureKind
from cases.models import CoerciveMeasure

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import QUESTIONING_RULES, earliest
from ._questioning import measure_officer

LIMIT_HOURS = 12


@register
class ContinuedQuestioningNoBedding(DeadlineRule):
    ref = "RY27"
    code = "continued_questioning_no_bedding"
    name = _("No bedding after 12 hours of continued questioning")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(QUESTIONING_RULES, _("Art. 27 ¶2")),)
    confidence = "P"
    description = _(
        "A person kept under continued questioning for 12 hours or more must be given the "
        "necessary bedding. The data has no bedding field: a rest entry (the latest meal or rest "
        "recorded on the measure) made from 2 hours (a parameter) before the 12th hour on is taken "
        "as bedding provided (assumption). Counted from the moment the person was brought to the "
        "police (the recorded minute). Red when the person is still held at 12 hours with no such "
        "entry, or left after that without one; a person let go within the 12 hours is not counted."
    )
    start = "started_at"
    start_label = gettext_noop("brought to the police")
    limit = (LIMIT_HOURS, PeriodUnit.HOURS)
    custody = True
    act_label = gettext_noop("bedding provided (a rest entry)")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    thresholds = {"*": Band(blue="2h", yellow="1h")}
    params = {
        "rest_entry_lead_hours": Param(
            2, _("A rest entry counts from this many hours before the 12th (hours)")
        )
    }

    def applies(self, ctx):
        return Q(kind=MeasureKind.CONTINUED_QUESTIONING)

    def act_expression(self, ctx):
        lead = datetime.timedelta(hours=LIMIT_HOURS - ctx.param("rest_entry_lead_hours"))
        bedding = Case(
            When(rest_meal_recorded_at__gte=F("started_at") + lead, then=F("rest_meal_recorded_at")),
            default=None,
            output_field=DateTimeField(),
        )
        return earliest(bedding, "ended_at", "sent_to_facility_at")
