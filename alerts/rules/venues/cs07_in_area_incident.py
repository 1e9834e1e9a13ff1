from django.db.models import Q, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType
from cases.models import VenueVisit

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import QUESTIONING_RULES
from ._visits import visit_officer


@register
class InAreaIncident(DeadlineRule):
    ref = "CS07"
    code = "in_area_incident"
    name = _("Incident in the handling area not reported")
    element = ElementType.VENUE_VISIT
    model = VenueVisit
    basis = (LegalBasis(QUESTIONING_RULES, _("Art. 24, 25, 31, 36")),)
    confidence = "P"
    description = _(
        "An injury, self-harm, escape, death or sudden illness of a person in the handling area must "
        "be reported at once to the inspectorate (督察) and the supervising department. 'At once' is "
        "taken as 1 hour from the recorded minute of the incident (a parameter; assumption). Red "
        "only: when no report is recorded by then (or only after it). The further duties after a "
        "death (procuratorate notified, cause-of-death appraisal within 24 hours, result to the "
        "family within 3 days) are not in the data and not checked; continued questioning over its "
        "approved time is RY06."
    )
    start = "incident_at"
    start_label = gettext_noop("incident in the handling area")
    limit = (1, PeriodUnit.HOURS)
    custody = True
    act = "incident_reported_at"
    act_label = gettext_noop("report to the inspectorate")
    officer = visit_officer()
    case = "case_id"
    label = "person__name"
    red_only = True
    thresholds = {"*": Band()}
    params = {"report_hours": Param(1, _("Time to report (hours)"))}

    def applies(self, ctx):
        return ~Q(incident_kind="")

    def limit_expression(self, ctx):
        return Value(ctx.param("report_hours")), PeriodUnit.HOURS
