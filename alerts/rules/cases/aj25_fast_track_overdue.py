from django.db.models import F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, ElementType, MeasureKind
from cases.models import Case, CoerciveMeasure, VenueVisit

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, earliest, lead_officer

ARRIVAL_MEASURES = (MeasureKind.ADMIN_SUMMONS, MeasureKind.VERIFICATION_QUESTIONING)


@register
class FastTrackOverdue(DeadlineRule):
    ref = "AJ25"
    code = "fast_track_overdue"
    name = _("Fast-track case not decided within 48 hours")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(ADMIN_RULES, _("Art. 47")),)
    confidence = "P"
    description = _(
        "An administrative case handled under the fast-track procedure (快速办理) must be decided "
        "within 48 hours of the suspect's arrival, counted from the recorded minute. The arrival is "
        "the earliest of the case's summonses or questionings (their start) and handling-area visits "
        "(brought to the police, else entry); with none recorded, the acceptance of the case (an "
        "assumption: the violator is usually present when a fast-track case is accepted). The "
        "decision, or a transfer to another organ, ends it; a case switched to the ordinary procedure "
        "(its fast-track flag cleared by the source) is no longer watched."
    )
    start_label = gettext_noop("suspect arrived")
    limit = (48, PeriodUnit.HOURS)
    act_label = gettext_noop("decision on the case")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((CoerciveMeasure, "case"), (VenueVisit, "case"))
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(kind=CaseKind.ADMINISTRATIVE, is_fast_track=True)

    def start_expression(self, ctx):
        summons = (
            CoerciveMeasure.objects.filter(case=OuterRef("pk"), kind__in=ARRIVAL_MEASURES)
            .order_by()
            .values("case_id")
            .annotate(first=Min("started_at"))
            .values("first")[:1]
        )
        visit = (
            VenueVisit.objects.filter(case=OuterRef("pk"))
            .order_by()
            .values("case_id")
            .annotate(first=Min(Coalesce("arrived_at", "entered_at")))
            .values("first")[:1]
        )
        return Coalesce(earliest(Subquery(summons), Subquery(visit)), F("accepted_at"))

    def act_expression(self, ctx):
        return earliest("decided_at", "transferred_out_at")
