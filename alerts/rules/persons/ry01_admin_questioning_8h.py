from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, LimitClock, LimitUnit
from cases.models import CoerciveMeasure, LimitChange, Person

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, Param, PeriodUnit, _midnight
from ..common import (
    ADMIN_RULES,
    PUBLIC_ORDER_LAW_2012,
    PUBLIC_ORDER_LAW_2026,
    REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
)
from ._questioning import LAST_DAY_OF_OLD_LAW, admin_questioning, measure_officer


@register
class AdminQuestioningOvertime(DeadlineRule):
    ref = "RY01"
    code = "admin_questioning_8h"
    name = _("Administrative summons questioning over time")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (
        LegalBasis(PUBLIC_ORDER_LAW_2012, _("Art. 83"), valid_to=LAST_DAY_OF_OLD_LAW),
        LegalBasis(
            PUBLIC_ORDER_LAW_2026,
            _("questioning for verification: 8, 12 or 24 hours (article number not yet confirmed)"),
            valid_from=REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
        ),
        LegalBasis(ADMIN_RULES, _("Art. 62 ¶2, 69, 70")),
    )
    confidence = "P"
    description = _(
        "A person summoned in an administrative (public-order) case, who surrendered or was "
        "brought in, or compelled to appear, still held for questioning when the time allowed runs "
        "out. 8 hours from arrival (the recorded minute); 24 hours when the case is complex and "
        "administrative detention may follow. The limit in force is the approved limit recorded "
        "on the measure when it lies between 8 and 24 hours, or an approved extension of the "
        "questioning clock (the platform takes the approval as given); a transfer to another "
        "unit restarts the clock (行规 Art. 62 ¶2, a restart) and time under protective restraint "
        "while drunk is not counted (a suspension). From 2026-01-01 the revised law adds a 12-hour "
        "tier for many people involved or an unknown identity: for summons starting from that day "
        "a person recorded as of unknown identity gets it without a recorded limit (12 hours, a "
        "parameter; the tier and its article are unconfirmed); many people involved must be "
        "recorded as the approved limit. Red when the person has not left by then, or left after it."
    )
    start = "started_at"
    start_label = gettext_noop("arrived for questioning")
    limit = (8, PeriodUnit.HOURS)
    custody = True
    clock = ClockSpec(LimitClock.QUESTIONING, "measure")
    act = "ended_at"
    act_label = gettext_noop("end of the questioning (the person left)")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LimitChange, "measure"), (Person, "measures"))
    thresholds = {
        "*": Band(blue="2h", yellow="1h"),
        "8h": Band(blue="2h", yellow="1h"),
        "12h": Band(blue="3h", yellow="1h"),
        "24h": Band(blue="6h", yellow="2h"),
    }
    params = {
        "middle_tier_hours": Param(
            12,
            _("Middle tier of the revised law (hours)"),
            _("For summons from 2026-01-01 of a person of unknown identity (unconfirmed)."),
        )
    }

    def applies(self, ctx):
        return admin_questioning()

    def limit_expression(self, ctx):
        recorded = Case(
            When(
                Q(limit_unit=LimitUnit.HOURS, limit_value__gte=8, limit_value__lte=24),
                then=F("limit_value"),
            ),
            default=None,
            output_field=IntegerField(),
        )
        unknown_identity = Case(
            When(
                Q(
                    started_at__gte=_midnight(REVISED_PUBLIC_ORDER_LAW_IN_FORCE),
                    person__identity_unknown=True,
                ),
                then=Value(ctx.param("middle_tier_hours")),
            ),
            default=Value(8),
            output_field=IntegerField(),
        )
        return Coalesce(recorded, unknown_identity, output_field=IntegerField()), PeriodUnit.HOURS
