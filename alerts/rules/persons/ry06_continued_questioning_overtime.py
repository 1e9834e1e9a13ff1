import datetime

from django.db.models import Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, LimitChangeKind, LimitChangeReason, LimitClock, LimitUnit, MeasureKind
from cases.models import CoerciveMeasure, LimitChange, Person

from ...choices import Level
from ...deadlines import Change, Limit, compute_deadline
from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, POLICE_LAW, QUESTIONING_RULES, earliest
from ._questioning import measure_officer, questioning_extensions

BASE_HOURS = 12
SECOND_TIER = (12, 24)  # an extension to more than 12 and at most 24 hours …
THIRD_TIER = (24, 48)  # … and then to more than 24 and at most 48 hours


def _second_tier(extension: Change, start: datetime.datetime) -> bool:
    return SECOND_TIER[0] < extension.new_value <= SECOND_TIER[1] and extension.approved_at <= (
        start + datetime.timedelta(hours=BASE_HOURS)
    )


@register
class ContinuedQuestioningOvertime(DeadlineRule):
    ref = "RY06"
    code = "continued_questioning_overtime"
    name = _("Continued questioning (留置) over time")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (
        LegalBasis(POLICE_LAW, _("Art. 9")),
        LegalBasis(QUESTIONING_RULES, _("Art. 11, 17")),
        LegalBasis(ADMIN_RULES, _("Art. 57")),
    )
    confidence = "P"
    description = _(
        "A person under continued questioning (继续盘问) still held when the time allowed runs out. "
        "The clock runs from the moment the person was brought to the police (the recorded minute) "
        "until they may leave or are handed to a custodial facility, and includes the time spent "
        "asking for and approving the questioning, its extension and the decision. 12 hours; 24 "
        "hours with an extension approved by the county or district bureau's duty head; 48 hours "
        "for a person who will not give a true name, address or identity, with a further extension "
        "approved by its head. An extension counts only when approved before the limit it extends "
        "runs out (within 12 hours, and the 48-hour one within 24 hours and after the 24-hour one), "
        "and never straight from 12 to 48 hours: a 48-hour extension without a 24-hour one before it "
        "leaves the limit at 12 hours, a late one at the limit already in force. The 48-hour "
        "extension needs the reason 'identity unknown' or a person recorded as of unknown identity. "
        "Red when the person has not left by then, or left after it."
    )
    start = "started_at"
    start_label = gettext_noop("brought to the police")
    limit = (BASE_HOURS, PeriodUnit.HOURS)
    custody = True
    act_label = gettext_noop("end of the questioning (free to leave or handed to a facility)")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LimitChange, "measure"), (Person, "measures"))
    thresholds = {
        "*": Band(blue="3h", yellow="1h"),
        "12h": Band(blue="3h", yellow="1h"),
        "24h": Band(blue="4h", yellow="1h"),
        "48h": Band(blue="8h", yellow="2h"),
    }

    def applies(self, ctx):
        return Q(kind=MeasureKind.CONTINUED_QUESTIONING)

    def act_expression(self, ctx):
        return earliest("ended_at", "sent_to_facility_at")

    def limit_expression(self, ctx):
        def approved_extensions(measure_ref):
            return LimitChange.objects.filter(
                measure=measure_ref,
                clock=LimitClock.QUESTIONING,
                kind=LimitChangeKind.EXTENSION,
                approved_at__isnull=False,
                approved_at__lte=ctx.as_of,
                new_limit_unit__in=["", LimitUnit.HOURS],
            )

        def second(measure_ref, start_ref):
            return approved_extensions(measure_ref).filter(
                new_limit_value__gt=SECOND_TIER[0],
                new_limit_value__lte=SECOND_TIER[1],
                approved_at__lte=start_ref + datetime.timedelta(hours=BASE_HOURS),
            )

        second_tier = second(OuterRef("pk"), OuterRef("started_at"))
        # The 48-hour extension: approved within 24 hours, after a 24-hour one (no jump from 12),
        # for a person of unknown identity.
        third_tier = (
            approved_extensions(OuterRef("pk"))
            .filter(
                new_limit_value__gt=THIRD_TIER[0],
                new_limit_value__lte=THIRD_TIER[1],
                approved_at__lte=OuterRef("started_at") + datetime.timedelta(hours=SECOND_TIER[1]),
            )
            .filter(Q(reason=LimitChangeReason.IDENTITY_UNKNOWN) | Q(measure__person__identity_unknown=True))
            .filter(
                Exists(
                    second(OuterRef(OuterRef("pk")), OuterRef(OuterRef("started_at"))).filter(
                        approved_at__lte=OuterRef("approved_at")
                    )
                )
            )
        )
        value = Coalesce(
            Subquery(third_tier.order_by("-new_limit_value").values("new_limit_value")[:1]),
            Subquery(second_tier.order_by("-new_limit_value").values("new_limit_value")[:1]),
            Value(BASE_HOURS),
            output_field=IntegerField(),
        )
        return value, PeriodUnit.HOURS

    # The explanation rebuilds the valid extensions as steps of the deadline module.

    def changes_for(self, element_ids):
        return questioning_extensions(element_ids)

    def explain(self, row, changes, calendar, ctx):
        start, limit = row["base_start"], row["base_value"]
        seconds = [c for c in changes if c.approved_at <= ctx.as_of and _second_tier(c, start)]
        chain: list[Change] = []
        if BASE_HOURS < limit <= SECOND_TIER[1]:
            chain = [c for c in seconds if c.new_value == limit][:1]
        elif limit > SECOND_TIER[1]:
            for third in changes:
                before = [s for s in seconds if s.approved_at <= third.approved_at]
                if (
                    third.new_value == limit
                    and before
                    and third.approved_at <= min(ctx.as_of, start + datetime.timedelta(hours=SECOND_TIER[1]))
                ):
                    chain = [max(before, key=lambda c: c.new_value), third]
                    break
        if limit > BASE_HOURS and not chain:  # not rebuilt: show the limit in force as it is
            base = Limit(limit, PeriodUnit.HOURS)
        else:
            base = Limit(BASE_HOURS, PeriodUnit.HOURS)
        # Each extension as the deadline module sees one: in force from its approval.
        synthetic = [
            Change(
                id=order,  # the chain's order decides ties of the same minute
                kind="extension",
                effective_at=max(c.approved_at, start),
                new_value=c.new_value,
                approved_at=c.approved_at,
            )
            for order, c in enumerate(chain)
        ]
        deadline = compute_deadline(
            start=start,
            limit=base,
            calendar=calendar,
            custody=self.custody,
            changes=synthetic,
            as_of=ctx.as_of,
            start_label=self.start_label,
        )
        steps = list(deadline.steps)
        if row.get("late"):
            steps.append({"t": "late", "at": row["act_at"].isoformat()})
        elif row["level"] == Level.RED:
            steps.append({"t": "missing", "act": self.act_label})
        return steps, deadline.due
