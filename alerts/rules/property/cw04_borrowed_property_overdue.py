import datetime

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    DateTimeField,
    F,
    IntegerField,
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
from cases.models import Property, PropertyMovement

from ...choices import Level
from .. import register
from ..base import Band, LegalBasis, RiskPointRule
from ..common import PROPERTY_RULES_2010, lead_officer


def _latest_movement(field: str):
    """``field`` of the item's latest check-out (by the time it went out): the one that counts."""
    return Subquery(
        PropertyMovement.objects.filter(property=OuterRef("pk"))
        .order_by("-moved_out_at", "-pk")
        .values(field)[:1],
        output_field=DateTimeField(),
    )


@register
class BorrowedPropertyOverdue(RiskPointRule):
    ref = "CW04"
    code = "borrowed_property_overdue"
    name = _("Checked-out property not returned in time")
    element = ElementType.PROPERTY
    model = Property
    basis = (LegalBasis(PROPERTY_RULES_2010, _("Art. 11")),)
    confidence = "S"
    description = _(
        "Stored property checked out (for interrogation, appraisal, identification …) must be back by "
        "the return time registered at check-out, or that time must be extended. The item's latest "
        "check-out counts: its registered return time is the deadline (an extension is the source "
        "changing that time); a check-out without a registered return time is not watched. Yellow from "
        "the registered time, red 24 hours after it (the red threshold is a grace after the deadline), "
        "blue a few hours before (our design). A return after the grace is recorded as a late breach."
    )
    officer = Coalesce(F("seized_by_id"), lead_officer("case_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((PropertyMovement, "property"),)
    thresholds = {"*": Band(blue="4h", yellow="0", red="24h")}

    def rows(self, ctx):
        band = ctx.thresholds.get("*", {})
        grace = datetime.timedelta(minutes=band.get("red") or 0)
        qs = (
            self.base_queryset(ctx)
            .annotate(
                out_at=_latest_movement("moved_out_at"),
                back_due=_latest_movement("due_back_at"),
                back_at=_latest_movement("returned_at"),
            )
            .filter(out_at__lte=ctx.as_of, back_due__isnull=False)
        )
        pending = Q(back_at__isnull=True) | Q(back_at__gt=ctx.as_of)
        late = Q(back_at__lte=ctx.as_of, back_at__gte=ctx.late_since, back_at__gt=F("back_due") + grace)
        whens = [
            When(late, then=Value(Level.RED)),
            When(back_due__lt=ctx.as_of - grace, then=Value(Level.RED)),
        ]
        for level in (Level.YELLOW, Level.BLUE):
            if band.get(level) is not None:
                lead = datetime.timedelta(minutes=band[level])
                whens.append(When(back_due__lte=ctx.as_of + lead, then=Value(level)))
        qs = qs.filter(pending | late).annotate(
            r_level=Case(*whens, default=Value(None), output_field=CharField())
        )
        return qs.filter(r_level__isnull=False).annotate(
            r_start_at=F("out_at"),
            r_due_at=F("back_due"),
            r_act_at=F("back_at"),
            r_late=Case(When(pending, then=Value(False)), default=Value(True), output_field=BooleanField()),
            r_calendar_missing=Value(False, output_field=BooleanField()),
            r_base_start=F("out_at"),
            r_base_value=Value(None, output_field=IntegerField()),
            r_base_unit=Value("", output_field=CharField()),
            r_limit_value=Value(None, output_field=IntegerField()),
            r_limit_unit=Value("", output_field=CharField()),
            **self.routing(),
        )

    def explain(self, row, changes, calendar, ctx):
        steps = [
            {
                "t": "start",
                "event": gettext_noop("checked out of the store"),
                "at": row["start_at"].isoformat(),
            },
            {"t": "due", "at": row["due_at"].isoformat(), "end_of_day": False},
        ]
        if row.get("late"):
            steps.append({"t": "late", "at": row["act_at"].isoformat()})
        elif row["level"] == Level.RED:
            steps.append({"t": "missing", "act": gettext_noop("return to the property store")})
        return steps, row["due_at"]
