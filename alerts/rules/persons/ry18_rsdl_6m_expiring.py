from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DecidingOrgan, ElementType, MeasureKind
from cases.models import Case, CoerciveMeasure, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest, lead_officer
from ._measures import measure_lifted, month_end_param, prosecution_transfer


@register
class ResidentialSurveillanceSixMonthsExpiring(DeadlineRule):
    ref = "RY18"
    code = "rsdl_6m_expiring"
    name = _("Residential surveillance reaching its 6-month maximum")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CPL, _("Art. 79")), LegalBasis(CRIMINAL_RULES, _("Art. 122, 161")))
    confidence = "P"
    description = _(
        "A suspect under residential surveillance (at home or at a designated residence) decided by "
        "the police: it lasts at most 6 months from the decision (the recorded decision time, else "
        "the start of execution). By then the measure must be lifted or changed, or the case "
        "transferred for prosecution; red when none of these is recorded by the end of the period. "
        "Months are calendar months (the parameter 'month end' for a day the final month lacks). "
        "Residential surveillance is not custody (在押) in the strict sense of CPL Art. 105 ¶4; the "
        "platform assumes, as for bail, that the statutory maximum of a coercive measure ends on its "
        "calendar day and is never extended for holidays."
    )
    start_label = gettext_noop("residential surveillance decided")
    limit = (6, PeriodUnit.MONTHS)
    custody = True
    act_label = gettext_noop("lifting or change of residential surveillance, or transfer for prosecution")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "person__name"
    related_changes = ((LegalDocument, "measure"), (Case, "measures"))
    thresholds = {"*": Band(blue="20d", yellow="10d")}
    params = {"month_end": month_end_param()}

    def applies(self, ctx):
        return Q(kind=MeasureKind.RESIDENTIAL_SURVEILLANCE, decided_by=DecidingOrgan.POLICE)

    def start_expression(self, ctx):
        return Coalesce("decided_at", "started_at")

    def act_expression(self, ctx):
        return earliest(measure_lifted(), prosecution_transfer())
