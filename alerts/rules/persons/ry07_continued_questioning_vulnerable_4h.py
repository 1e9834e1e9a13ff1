import datetime

from django.db.models import Case, DateTimeField, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, MeasureKind, RoomKind
from cases.models import CoerciveMeasure, Person, VenueVisit

from ...choices import Level
from ...deadlines import LOCAL_TZ, Limit, compute_deadline
from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import QUESTIONING_RULES, earliest
from ._questioning import measure_officer

LIMIT_HOURS = 4
# A visit counts when it began during the questioning, from an hour before its recorded start.
VISIT_LEAD = datetime.timedelta(hours=1)


def _day_number(field: str, *, tz=None):
    """A date as the number YYYYMMDD: the difference of two is the age in years × 10000 + …"""
    kwargs = {"tzinfo": tz} if tz else {}
    return (
        ExtractYear(field, **kwargs) * 10000
        + ExtractMonth(field, **kwargs) * 100
        + ExtractDay(field, **kwargs)
    )


def _waiting_room(as_of):
    return VenueVisit.objects.filter(
        person=OuterRef("person_id"),
        room_kind=RoomKind.WAITING,
        entered_at__gte=OuterRef("started_at") - VISIT_LEAD,
        entered_at__lte=Coalesce(OuterRef("ended_at"), Value(as_of, output_field=DateTimeField())),
    ).filter(entered_at__lte=as_of)


@register
class ContinuedQuestioningVulnerable4h(DeadlineRule):
    ref = "RY07"
    code = "continued_questioning_vulnerable_4h"
    name = _("Continued questioning of a protected person over 4 hours")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(QUESTIONING_RULES, _("Art. 10")),)
    confidence = "P"
    description = _(
        "Continued questioning of a woman who is pregnant or nursing her own infant under one, a "
        "minor under 16 or a person aged 70 or more (age on the day of the questioning, from the "
        "birth date; a person flagged as a minor with no birth date counts as under 16) must be "
        "finished within 4 hours of being brought to the police, and the person must never be put "
        "in a waiting room (候问室). Red when the person has not left by then, or left after it; red "
        "at once when a handling-area stay of the person in a waiting room began during the "
        "questioning (from an hour before its recorded start): the limit is then nil. The duty to "
        "let the family collect a person released between 21:00 and 07:00 is checked by the family "
        "notice of continued questioning (RY08)."
    )
    start = "started_at"
    start_label = gettext_noop("brought to the police")
    custody = True
    act_label = gettext_noop("end of the questioning (free to leave or handed to a facility)")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((Person, "measures"), (VenueVisit, "person__measures"))
    thresholds = {"*": Band(blue="1h", yellow="30min")}

    def applies(self, ctx):
        age = _day_number("started_at", tz=LOCAL_TZ) - _day_number("person__birth_date")
        return Q(kind=MeasureKind.CONTINUED_QUESTIONING) & (
            Q(person__is_pregnant=True)
            | Q(person__is_nursing=True)
            | Q(LessThan(age, 160000))
            | Q(GreaterThanOrEqual(age, 700000))
            | Q(person__birth_date__isnull=True, person__is_minor=True)
        )

    def act_expression(self, ctx):
        return earliest("ended_at", "sent_to_facility_at")

    def limit_expression(self, ctx):
        return (
            Case(
                When(Exists(_waiting_room(ctx.as_of)), then=Value(0)),
                default=Value(LIMIT_HOURS),
                output_field=IntegerField(),
            ),
            PeriodUnit.HOURS,
        )

    def changes_for(self, element_ids):
        """When each person was put in a waiting room (for the explanation)."""
        found: dict[int, list] = {}
        ids = list(element_ids)
        for offset in range(0, len(ids), 1000):
            rows = (
                CoerciveMeasure.objects.filter(pk__in=ids[offset : offset + 1000])
                .annotate(
                    waiting=VenueVisit.objects.filter(
                        person=OuterRef("person_id"),
                        room_kind=RoomKind.WAITING,
                        entered_at__gte=OuterRef("started_at") - VISIT_LEAD,
                    )
                    .order_by("entered_at")
                    .values("entered_at")[:1]
                )
                .values("pk", "waiting")
            )
            for row in rows:
                if row["waiting"] is not None:
                    found[row["pk"]] = [row["waiting"]]
        return found

    def explain(self, row, changes, calendar, ctx):
        deadline = compute_deadline(
            start=row["base_start"],
            limit=Limit(row["base_value"], row["base_unit"]),
            calendar=calendar,
            custody=self.custody,
            start_label=self.start_label,
        )
        steps = list(deadline.steps)
        if row["base_value"] == 0 and changes:
            steps.insert(
                1,
                {
                    "t": "start",
                    "event": gettext_noop("put in a waiting room, which the law forbids"),
                    "at": changes[0].isoformat(),
                },
            )
        if row.get("late"):
            steps.append({"t": "late", "at": row["act_at"].isoformat()})
        elif row["level"] == Level.RED:
            steps.append({"t": "missing", "act": self.act_label})
        return steps, deadline.due
