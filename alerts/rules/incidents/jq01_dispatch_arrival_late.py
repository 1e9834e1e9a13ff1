from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import AreaType, ElementType, IncidentCategory
from cases.models import Incident

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import LOCAL_110_RULES, RULES_110


@register
class DispatchArrivalLate(DeadlineRule):
    ref = "JQ01"
    code = "dispatch_arrival_late"
    name = _("Dispatch arrival late")
    element = ElementType.INCIDENT
    model = Incident
    basis = (
        LegalBasis(RULES_110, _("(national: 'go to the scene promptly', no minutes)")),
        LegalBasis(LOCAL_110_RULES, _("Art. 23 (urban 5 min, suburban 10 min)")),
    )
    confidence = "U"
    description = _(
        "An emergency call where the officer reached the scene later than the local limit, or has not "
        "arrived by then. The national rule sets no minutes; the limits are a local standard (urban 5 "
        "min, suburban 10 min) and rural areas only say 'as soon as possible', for which we assume 30 "
        "min. All three are parameters. The clock runs from the call's receipt. The catalogue's "
        "'yellow at 100 %' is the due instant itself; the nightly patrol mostly sees late arrivals, "
        "which are red."
    )
    start = "received_at"
    start_label = gettext_noop("call received")
    act = "arrived_at"
    act_label = gettext_noop("arrival on the scene")
    officer = "officer_id"
    case = None
    label = "number"
    params = {
        "urban_minutes": Param(5, _("Urban limit (minutes)")),
        "suburban_minutes": Param(10, _("Suburban limit (minutes)")),
        "rural_minutes": Param(30, _("Rural limit (minutes, assumed)")),
    }
    thresholds = {
        "*": Band(blue="1min", yellow="0"),
        "10min": Band(blue="2min", yellow="0"),
        "30min": Band(blue="6min", yellow="0"),
    }

    def applies(self, ctx):
        return Q(is_emergency=True) & ~Q(category=IncidentCategory.FALSE_ALARM)

    def limit_expression(self, ctx):
        minutes = Case(
            When(area_type=AreaType.URBAN, then=Value(ctx.param("urban_minutes"))),
            When(area_type=AreaType.SUBURBAN, then=Value(ctx.param("suburban_minutes"))),
            default=Value(ctx.param("rural_minutes")),
            output_field=IntegerField(),
        )
        return minutes, PeriodUnit.MINUTES
