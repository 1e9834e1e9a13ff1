import datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType
from cases.models import Incident

from ...choices import Level
from .. import register
from ..base import LegalBasis, Param, RiskPointRule
from ..common import PRACTICE


@register
class RepeatDisputeCall(RiskPointRule):
    ref = "JQ11"
    code = "repeat_dispute_call"
    name = _("Repeated dispute call")
    element = ElementType.INCIDENT
    model = Incident
    basis = (LegalBasis(PRACTICE, _("extract second calls and unresolved disputes (Gansu, Wuwei)")),)
    confidence = "U"
    description = _(
        "The same address (normalised) or the same caller reports a dispute again within the window "
        "(30 days). Yellow on the second call, red on the third or when the repeated call carries "
        "threats. The warning sits on the latest call of the series and clears when the window passes "
        "without another call. No legal limit: local practice, all parameters."
    )
    officer = "officer_id"
    case = None
    label = "number"
    params = {
        "window_days": Param(30, _("Window (days)")),
        "yellow_calls": Param(2, _("Calls for yellow")),
        "red_calls": Param(3, _("Calls for red")),
    }

    def rows(self, ctx):
        window = datetime.timedelta(days=ctx.param("window_days"))
        same_party = (Q(location_key=OuterRef("location_key")) & ~Q(location_key="")) | (
            Q(caller_phone=OuterRef("caller_phone")) & ~Q(caller_phone="")
        )
        others = Incident.objects.filter(is_dispute=True).filter(same_party).exclude(pk=OuterRef("pk"))
        earlier = others.filter(
            received_at__lte=OuterRef("received_at"), received_at__gte=OuterRef("received_at") - window
        )
        count = Subquery(
            earlier.order_by().values("is_dispute").annotate(n=Count("id")).values("n")[:1],
            output_field=IntegerField(),
        )
        first = Subquery(
            earlier.order_by().values("is_dispute").annotate(m=Min("received_at")).values("m")[:1],
            output_field=DateTimeField(),
        )
        later = others.filter(received_at__gt=OuterRef("received_at"), received_at__lte=ctx.as_of)
        qs = (
            self.base_queryset(ctx)
            .filter(is_dispute=True, received_at__lte=ctx.as_of, received_at__gte=ctx.as_of - window)
            .annotate(calls=Coalesce(count, Value(0)) + 1)
            .filter(calls__gte=min(ctx.param("yellow_calls"), ctx.param("red_calls")))
            .exclude(Exists(later))
        )
        return qs.annotate(
            r_level=Case(
                When(Q(calls__gte=ctx.param("red_calls")) | Q(has_threat=True), then=Value(Level.RED)),
                default=Value(Level.YELLOW),
                output_field=CharField(),
            ),
            r_start_at=Coalesce(first, F("received_at")),
            r_due_at=Value(None, output_field=DateTimeField()),
            r_act_at=Value(None, output_field=DateTimeField()),
            r_late=Value(False, output_field=BooleanField()),
            r_calendar_missing=Value(False, output_field=BooleanField()),
            r_base_start=F("received_at"),
            r_base_value=F("calls"),
            r_base_unit=Value("", output_field=CharField()),
            r_limit_value=F("calls"),
            r_limit_unit=Value("", output_field=CharField()),
            **self.routing(),
        )

    def explain(self, row, changes, calendar, ctx):
        return [
            {"t": "start", "event": gettext_noop("first call"), "at": row["start_at"].isoformat()},
            {"t": "calls", "calls": row["base_value"], "days": ctx.param("window_days")},
        ], None
