import datetime

from django.db.models import OuterRef, Q, Subquery, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument, Person

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import CRIMINAL_RULES, earliest
from ._questioning import measure_officer

KINDS = (
    MeasureKind.COMPELLED_APPEARANCE,
    MeasureKind.BAIL,
    MeasureKind.RESIDENTIAL_SURVEILLANCE,
    MeasureKind.CRIMINAL_DETENTION,
    MeasureKind.ARREST,
)


@register
class DeputyPermissionMissing(DeadlineRule):
    ref = "RY26"
    code = "deputy_permission_missing"
    name = _("Measure against a people's congress deputy without permission or report")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 164–166")),)
    confidence = "P"
    description = _(
        "A catalogue candidate addition. Compelled appearance, bail, residential surveillance, "
        "criminal detention or arrest (its request) of a people's congress deputy (the person's "
        "'deputy' flag) at county level or above needs the prior written permission of the "
        "presidium or standing committee of the deputy's congress; a deputy caught in the act and "
        "detained must be reported to it at once, and a deputy of a township congress reported to "
        "it. The data does not say the level, so one document kind stands for both: a permission or "
        "report document naming the measure, or the person, issued up to 30 days (a parameter) "
        "before the measure started or after it. 'At once' is taken as 24 hours (a parameter; "
        "assumption). Red only: when no such document is recorded by then (or only after it)."
    )
    start = "started_at"
    start_label = gettext_noop("measure started")
    limit = (24, PeriodUnit.HOURS)
    act_label = gettext_noop("permission of, or report to, the people's congress")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LegalDocument, "measure"), (LegalDocument, "person__measures"), (Person, "measures"))
    red_only = True
    thresholds = {"*": Band()}
    params = {
        "report_hours": Param(24, _("Time to report after a detention in the act (hours)")),
        "lookback_days": Param(30, _("A permission counts from this many days before the measure (days)")),
    }

    def applies(self, ctx):
        criminal = Q(case__kind=CaseKind.CRIMINAL) | Q(case__isnull=True)
        return Q(person__is_deputy=True, kind__in=KINDS) & criminal

    def limit_expression(self, ctx):
        return Value(ctx.param("report_hours")), PeriodUnit.HOURS

    def act_expression(self, ctx):
        lookback = datetime.timedelta(days=ctx.param("lookback_days"))
        documents = LegalDocument.objects.filter(kind=DocumentKind.DEPUTY_PERMISSION, issued_at__isnull=False)
        by_measure = documents.filter(measure=OuterRef("pk"))
        by_person = documents.filter(
            measure__isnull=True,
            person=OuterRef("person_id"),
            issued_at__gte=OuterRef("started_at") - lookback,
        )
        return earliest(
            Subquery(by_measure.order_by("issued_at").values("issued_at")[:1]),
            Subquery(by_person.order_by("issued_at").values("issued_at")[:1]),
        )
