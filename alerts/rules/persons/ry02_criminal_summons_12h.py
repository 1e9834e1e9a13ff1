from django.db.models import Case, F, IntegerField, Q, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, LimitClock, LimitUnit
from cases.models import CoerciveMeasure, LimitChange

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES
from ._questioning import criminal_questioning, measure_officer


@register
class CriminalSummonsOvertime(DeadlineRule):
    ref = "RY02"
    code = "criminal_summons_12h"
    name = _("Criminal summons or compelled appearance over time")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CPL, _("Art. 119 ¶2")), LegalBasis(CRIMINAL_RULES, _("Art. 80, 200")))
    confidence = "P"
    description = _(
        "A criminal suspect summoned (传唤) or compelled to appear (拘传) still held when the time "
        "allowed runs out: 12 hours from arrival (the recorded minute); 24 hours when the case is "
        "especially serious or complex and detention or arrest is needed, with approval. The limit "
        "in force is the approved limit recorded on the measure when it lies between 12 and 24 "
        "hours, or an approved extension of the questioning clock; without either the limit stays "
        "at 12 hours. When the time is up and no other measure was decided, the summons must end at "
        "once. Red when the person has not left (or been detained: the summons ended) by then, or "
        "left after it."
    )
    start = "started_at"
    start_label = gettext_noop("arrived for questioning")
    limit = (12, PeriodUnit.HOURS)
    custody = True
    clock = ClockSpec(LimitClock.QUESTIONING, "measure")
    act = "ended_at"
    act_label = gettext_noop("end of the questioning (the person left)")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LimitChange, "measure"),)
    thresholds = {
        "*": Band(blue="3h", yellow="1h"),
        "12h": Band(blue="3h", yellow="1h"),
        "24h": Band(blue="6h", yellow="2h"),
    }

    def applies(self, ctx):
        return criminal_questioning()

    def limit_expression(self, ctx):
        recorded = Case(
            When(
                Q(limit_unit=LimitUnit.HOURS, limit_value__gte=12, limit_value__lte=24),
                then=F("limit_value"),
            ),
            default=None,
            output_field=IntegerField(),
        )
        return Coalesce(recorded, 12, output_field=IntegerField()), PeriodUnit.HOURS
