from django.db.models import BigIntegerField, CharField, DateTimeField, F, OuterRef, Q, Subquery, Value, When
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, SeizureKind, VisitExitReason
from cases.models import Property, VenueVisit

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import BELONGINGS_RULES, earliest, lead_officer

# Leaving for a place that may not take the belongings: the police may keep them (代为保管).
HANDED_ON = (
    VisitExitReason.TO_DETENTION_CENTRE,
    VisitExitReason.TO_DETENTION_HOUSE,
    VisitExitReason.TO_HOSPITAL,
    VisitExitReason.TRANSFERRED,
)


def _exit(field: str, output_field):
    """``field`` of the owner's first departure from a handling area after the item was taken."""
    return Subquery(
        VenueVisit.objects.filter(
            person=OuterRef("owner_id"), exited_at__isnull=False, exited_at__gte=OuterRef("seized_at")
        )
        .order_by("exited_at", "pk")
        .values(field)[:1],
        output_field=output_field,
    )


@register
class BelongingsNotReturned(DeadlineRule):
    ref = "CW13"
    code = "belongings_not_returned"
    name = _("Personal belongings not returned when the person left")
    element = ElementType.PROPERTY
    model = Property
    basis = (LegalBasis(BELONGINGS_RULES, _("return on leaving (article not retrieved)")),)
    confidence = "U"
    description = _(
        "Belongings of a person brought to the police that were kept for them (随身财物, unrelated to "
        "the case) must be returned when the person leaves the handling area, or handed over with "
        "them when they are sent to a detention facility or another unit. The clock starts when the "
        "owner first leaves a handling area after the belongings were taken. Done when the belongings "
        "are returned or handed over (they leave police hands); when the person went to a detention "
        "facility, a hospital or another unit and the belongings are kept in the police store, keeping "
        "them for the person is allowed and nothing is due. The rules say only 'immediately' or "
        "'promptly': 24 hours (a parameter) so that a return recorded the same day never warns — our "
        "assumption. Counted in hours from the recorded minute."
    )
    start_label = gettext_noop("owner left the handling area")
    limit = (24, PeriodUnit.HOURS)
    act_label = gettext_noop("return or hand-over of the belongings")
    officer = Coalesce(F("seized_by_id"), lead_officer("case_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((VenueVisit, "person__property_items"),)
    thresholds = {"*": Band(blue="12h", yellow="4h")}
    params = {"hours": Param(24, _("Hours to return the belongings"))}

    def applies(self, ctx):
        return Q(seizure_kind=SeizureKind.BELONGINGS, owner__isnull=False)

    def start_expression(self, ctx):
        return _exit("exited_at", DateTimeField())

    def limit_expression(self, ctx):
        return Value(ctx.param("hours")), PeriodUnit.HOURS

    def act_expression(self, ctx):
        kept_for_them = CaseWhen(
            When(
                Q(stored_at__isnull=False) & Q(exit_reason__in=HANDED_ON),
                then=_exit("exited_at", DateTimeField()),
            ),
            default=Value(None, output_field=DateTimeField()),
            output_field=DateTimeField(),
        )
        return earliest("returned_at", "disposed_at", kept_for_them)

    def base_queryset(self, ctx):
        return super().base_queryset(ctx).annotate(exit_reason=_exit("exit_reason", CharField()))
