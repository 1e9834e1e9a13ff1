from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, LimitChangeKind, LimitClock, LimitUnit, MeasureKind
from cases.models import Case, CoerciveMeasure, LegalDocument, LimitChange

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest, lead_officer
from ._measures import measure_lifted, month_end_param, prosecution_transfer

# 2 months + 1 + 2 + 2 (CPL Art. 156, 158, 159): with 7 months in force nothing is left to ask for.
LAST_LIMIT_MONTHS = 7


@register
class CustodyExtensionRequestLate(DeadlineRule):
    ref = "RY16"
    code = "custody_extension_request_late"
    name = _("Custody extension not requested 7 days before expiry")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (
        LegalBasis(CRIMINAL_RULES, _("Art. 148–150")),
        LegalBasis(CPL, _("Art. 156, 158, 159")),
    )
    confidence = "P"
    description = _(
        "An arrested suspect whose case cannot be transferred for prosecution within the "
        "investigative custody period in force: the request to extend it (提请批准延长侦查羁押期限"
        "意见书) must be sent to the procuratorate 7 days before the period expires. The period is "
        "RY15's: 2 months from the arrest, moved by approved extensions, restarts and suspensions of "
        "the custody clock; calendar months, and in custody never extended for holidays. The request "
        "is due at the end of the day 7 days before the period's last day. Assumption (the data does "
        "not say whether an extension is needed): every arrested suspect still held whose case has "
        "not been transferred for prosecution needs one; the transfer or the end of the measure by "
        "then answers the rule. A request counts when issued after the latest approved extension "
        "(or restart) of the custody clock, so each further extension needs its own request; with 7 "
        "months in force no further extension exists and the rule stops (RY15 and RY21 watch the "
        "expiry)."
    )
    start = "started_at"
    start_label = gettext_noop("arrest executed")
    limit = (2, PeriodUnit.MONTHS)
    custody = True
    clock = ClockSpec(LimitClock.CUSTODY, "measure")
    due_before = "7d"
    act_label = gettext_noop("request to extend investigative custody")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "person__name"
    related_changes = ((LimitChange, "measure"), (LegalDocument, "measure"), (Case, "measures"))
    # Catalogue "B 10 d before / Y 8 d before / R if none sent 7 d before" expiry, i.e. 3 days and
    # 1 day before the request is due.
    thresholds = {"*": Band(blue="3d", yellow="1d")}
    params = {"month_end": month_end_param()}

    def applies(self, ctx):
        last_extension = LimitChange.objects.filter(
            measure=OuterRef("pk"),
            clock=LimitClock.CUSTODY,
            kind=LimitChangeKind.EXTENSION,
            approved_at__lte=ctx.as_of,
            new_limit_value__gte=LAST_LIMIT_MONTHS,
            new_limit_unit__in=["", LimitUnit.MONTHS],
        )
        return Q(kind=MeasureKind.ARREST) & ~Q(Exists(last_extension))

    def base_queryset(self, ctx):
        def latest(kind, field):
            return Subquery(
                LimitChange.objects.filter(
                    measure=OuterRef("pk"),
                    clock=LimitClock.CUSTODY,
                    kind=kind,
                    **{f"{field}__lte": ctx.as_of},
                )
                .order_by(f"-{field}")
                .values(field)[:1]
            )

        # The period version a request is for: from the latest approved extension or restart.
        return (
            super()
            .base_queryset(ctx)
            .annotate(
                request_since=Greatest(
                    Coalesce(latest(LimitChangeKind.EXTENSION, "approved_at"), F("started_at")),
                    Coalesce(latest(LimitChangeKind.RESTART, "effective_at"), F("started_at")),
                )
            )
        )

    def act_expression(self, ctx):
        requests = LegalDocument.objects.filter(
            kind=DocumentKind.CUSTODY_EXTENSION_REQUEST, issued_at__gte=OuterRef("request_since")
        )
        by_measure = requests.filter(measure=OuterRef("pk"))
        by_case = requests.filter(measure__isnull=True, case=OuterRef("case_id"))
        return earliest(
            Subquery(by_measure.order_by("issued_at").values("issued_at")[:1]),
            Subquery(by_case.order_by("issued_at").values("issued_at")[:1]),
            prosecution_transfer(),
            measure_lifted(),
        )
