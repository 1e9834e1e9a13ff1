from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DecidingOrgan, ElementType, MeasureKind
from cases.models import CoerciveMeasure

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CRIMINAL_RULES, earliest
from ._questioning import measure_officer


@register
class CourtProcuratorateMeasureExecution24h(DeadlineRule):
    ref = "RY20"
    code = "court_procur_measure_execution_24h"
    name = _("Court or procuratorate bail or surveillance not assigned for execution in 24 hours")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 92, 118")),)
    confidence = "P"
    description = _(
        "Bail or residential surveillance decided by a court or procuratorate is executed by the "
        "police: within 24 hours of receiving the decision documents the county-level bureau must "
        "assign the police station (or unit) that executes it. Counted from the recorded minute the "
        "documents were received. Red when no assignment is recorded by then (or only after it). "
        "A measure that ended before the deadline is not counted; a measure with no receipt time "
        "recorded has no clock."
    )
    start = "documents_received_at"
    start_label = gettext_noop("decision documents received")
    limit = (24, PeriodUnit.HOURS)
    act_label = gettext_noop("assignment for execution")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(
            kind__in=[MeasureKind.BAIL, MeasureKind.RESIDENTIAL_SURVEILLANCE],
            decided_by__in=[DecidingOrgan.COURT, DecidingOrgan.PROCURATORATE],
        )

    def act_expression(self, ctx):
        return earliest("assigned_at", "ended_at")
