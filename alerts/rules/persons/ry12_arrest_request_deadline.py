from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, LimitClock, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument, LimitChange

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest, lead_officer


@register
class ArrestRequestDeadline(DeadlineRule):
    ref = "RY12"
    code = "arrest_request_deadline"
    name = _("Detention period before the arrest request running out")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CPL, _("Art. 91")), LegalBasis(CRIMINAL_RULES, _("Art. 129")))
    confidence = "P"
    description = _(
        "A criminally detained suspect with no request for approval of arrest, and not released or "
        "put on bail or residential surveillance (the detention ended). 3 days from the detention; "
        "up to 7 days in special cases and up to 30 days for roving, serial or gang suspects, each "
        "only with an approved extension of this clock — used without approval, the limit stays at "
        "3 days. The suspect is in custody, so the period ends on its calendar day and is never "
        "extended for holidays (CPL Art. 105 ¶4)."
    )
    start = "started_at"
    start_label = gettext_noop("detention executed")
    limit = (3, PeriodUnit.DAYS)
    custody = True
    clock = ClockSpec(LimitClock.ARREST_REQUEST, "measure")
    act_label = gettext_noop("request for approval of arrest, release or change of measure")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "person__name"
    related_changes = ((LimitChange, "measure"), (LegalDocument, "measure"))
    thresholds = {
        "*": Band(blue="2d", yellow="1d"),
        "30d": Band(blue="6d", yellow="3d"),
    }

    def applies(self, ctx):
        return Q(kind=MeasureKind.CRIMINAL_DETENTION)

    def act_expression(self, ctx):
        requests = LegalDocument.objects.filter(kind=DocumentKind.ARREST_REQUEST, issued_at__isnull=False)
        # Two lookups, each on its own index, rather than one OR: the request names the
        # measure, or (older data) only the person, issued after the detention began.
        by_measure = requests.filter(measure=OuterRef("pk")).order_by("issued_at").values("issued_at")[:1]
        by_person = (
            requests.filter(
                measure__isnull=True, person=OuterRef("person_id"), issued_at__gte=OuterRef("started_at")
            )
            .order_by("issued_at")
            .values("issued_at")[:1]
        )
        return earliest(Subquery(by_measure), Subquery(by_person), "ended_at")
