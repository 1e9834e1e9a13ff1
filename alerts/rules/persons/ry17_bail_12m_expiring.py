from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DecidingOrgan, ElementType, MeasureKind
from cases.models import Case, CoerciveMeasure, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import BAIL_PROVISIONS_1999, CPL, CRIMINAL_RULES, earliest, lead_officer
from ._measures import measure_lifted, month_end_param, prosecution_transfer


@register
class BailTwelveMonthsExpiring(DeadlineRule):
    ref = "RY17"
    code = "bail_12m_expiring"
    name = _("Bail pending trial reaching its 12-month maximum")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (
        LegalBasis(CPL, _("Art. 79")),
        LegalBasis(CRIMINAL_RULES, _("Art. 107, 161")),
        LegalBasis(BAIL_PROVISIONS_1999, _("Art. 20 (notice 15 days before expiry)")),
    )
    confidence = "P"
    description = _(
        "A suspect on bail pending trial decided by the police: bail lasts at most 12 months from "
        "the decision (the recorded decision time, else the start of execution). By then the "
        "measure must be lifted or changed, or the case transferred for prosecution; red when none "
        "of these is recorded by the end of the period. Months are calendar months (the parameter "
        "'month end' for a day the final month lacks). Bail is not custody (在押), so CPL Art. 105 "
        "¶4 does not strictly apply; the platform assumes that the statutory maximum of a coercive "
        "measure ends on its calendar day and is never extended for holidays (a roll-over would "
        "lengthen the restriction beyond the maximum, and a warning on the calendar day is never "
        "later than the law). The practice view that the same organ may not impose bail again in "
        "the same stage is not checked (unconfirmed). Yellow from 15 days before, echoing the "
        "executing organ's 15-day notice of the 1999 provisions."
    )
    start_label = gettext_noop("bail decided")
    limit = (12, PeriodUnit.MONTHS)
    custody = True
    act_label = gettext_noop("lifting or change of bail, or transfer for prosecution")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "person__name"
    related_changes = ((LegalDocument, "measure"), (Case, "measures"))
    thresholds = {"*": Band(blue="30d", yellow="15d")}
    params = {"month_end": month_end_param()}

    def applies(self, ctx):
        return Q(kind=MeasureKind.BAIL, decided_by=DecidingOrgan.POLICE)

    def start_expression(self, ctx):
        return Coalesce("decided_at", "started_at")

    def act_expression(self, ctx):
        return earliest(measure_lifted(), prosecution_transfer())
