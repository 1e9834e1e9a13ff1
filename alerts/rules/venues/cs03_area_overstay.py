import datetime

from django.db.models import BigIntegerField, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, LimitChangeKind, LimitClock, LimitUnit, MeasureKind
from cases.models import CoerciveMeasure, LimitChange, VenueVisit

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import AREA_RULES, PRACTICE, lead_officer

QUESTIONING_KINDS = (
    MeasureKind.ADMIN_SUMMONS,
    MeasureKind.CRIMINAL_SUMMONS,
    MeasureKind.COMPELLED_APPEARANCE,
    MeasureKind.CONTINUED_QUESTIONING,
    MeasureKind.VERIFICATION_QUESTIONING,
)


@register
class AreaOverstay(DeadlineRule):
    ref = "CS03"
    code = "area_overstay"
    name = _("Overstay in the handling area")
    element = ElementType.VENUE_VISIT
    model = VenueVisit
    basis = (
        LegalBasis(AREA_RULES, _("Art. 5")),
        LegalBasis(_("Limits of RY01, RY02, RY06 (summons, questioning, continued questioning)")),
        LegalBasis(PRACTICE, _("vendor 'dwell-time alarm', 24 hours")),
    )
    confidence = "U"
    description = _(
        "A person kept in the handling area longer than the legal limit of the summons or questioning "
        "that brought them there (8, 12 or 24 hours, with an approved extension of that measure's "
        "questioning clock), or — with no such measure recorded — longer than the local generic cap "
        "(24 hours, a parameter). The clock runs from when the person was brought to the police, "
        "else from entry. Red when they have not left by then, or left after it."
    )
    start_label = gettext_noop("brought to the police")
    act = "exited_at"
    act_label = gettext_noop("leaving the handling area")
    officer = Coalesce(lead_officer("case_id"), F("checked_by_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "person__name"
    params = {"generic_cap_hours": Param(24, _("Generic cap (hours)"))}
    thresholds = {
        "*": Band(blue="8h", yellow="4h"),
        "8h": Band(blue="2h", yellow="1h"),
        "12h": Band(blue="3h", yellow="1h"),
        "48h": Band(blue="8h", yellow="2h"),
    }

    def start_expression(self, ctx):
        return Coalesce("arrived_at", "entered_at")

    def limit_expression(self, ctx):
        extension = LimitChange.objects.filter(
            measure=OuterRef("pk"),
            clock=LimitClock.QUESTIONING,
            kind=LimitChangeKind.EXTENSION,
            approved_at__isnull=False,
            new_limit_unit__in=["", LimitUnit.HOURS],
        ).order_by("-effective_at", "-pk")
        # The summons or questioning that brought the person in: the latest such measure of the
        # person started no later than they left (or now) and within a day before they arrived.
        governing = (
            CoerciveMeasure.objects.filter(
                person=OuterRef("person_id"),
                kind__in=QUESTIONING_KINDS,
                limit_unit=LimitUnit.HOURS,
                limit_value__isnull=False,
                started_at__lte=Coalesce(OuterRef("exited_at"), Value(ctx.as_of)),
                started_at__gte=OuterRef("rule_start") - datetime.timedelta(days=1),
            )
            .annotate(in_force=Coalesce(Subquery(extension.values("new_limit_value")[:1]), F("limit_value")))
            .order_by("-started_at")
            .values("in_force")[:1]
        )
        hours = Coalesce(
            Subquery(governing), Value(ctx.param("generic_cap_hours")), output_field=IntegerField()
        )
        return hours, PeriodUnit.HOURS
