from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType
from cases.models import CoerciveMeasure

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import ADMIN_RULES, CPL, CRIMINAL_RULES, QUESTIONING_RULES
from ._questioning import HOLDING_KINDS, measure_officer


@register
class RestMealsNotRecorded(DeadlineRule):
    ref = "RY04"
    code = "rest_meals_not_recorded"
    name = _("Meals and rest not guaranteed or not recorded")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (
        LegalBasis(CPL, _("Art. 119 ¶3")),
        LegalBasis(CRIMINAL_RULES, _("Art. 201")),
        LegalBasis(ADMIN_RULES, _("Art. 71 ¶2")),
        LegalBasis(QUESTIONING_RULES, _("Art. 34")),
    )
    confidence = "U"
    description = _(
        "A person held for a summons, compelled appearance, questioning for verification or "
        "continued questioning must be given meals and the necessary rest, and it must be "
        "recorded. The source records the latest meal or rest entry of the measure; the clock runs "
        "from that entry, or from arrival when there is none, to the next entry or the end of the "
        "questioning. Yellow once 6 hours (a parameter) pass without an entry; red 6 hours after "
        "that (the red grace, a threshold) or when the person left after that without one. The law "
        "sets no interval: both times are a design (unconfirmed). Only the latest entry is known, "
        "so a long gap followed by an entry is no longer seen."
    )
    start_label = gettext_noop("arrival or the latest meal or rest entry")
    custody = True
    act = "ended_at"
    act_label = gettext_noop("a meal or rest entry")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    thresholds = {"*": Band(yellow="0", red="6h")}
    params = {"interval_hours": Param(6, _("Longest time without a meal or rest entry (hours)"))}

    def applies(self, ctx):
        return Q(kind__in=HOLDING_KINDS)

    def start_expression(self, ctx):
        return Greatest(F("started_at"), Coalesce(F("rest_meal_recorded_at"), F("started_at")))

    def limit_expression(self, ctx):
        return Value(ctx.param("interval_hours")), PeriodUnit.HOURS
