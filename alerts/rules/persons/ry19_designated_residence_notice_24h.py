from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest
from ._questioning import measure_officer, notice_reason_recorded, notices


@register
class DesignatedResidenceNotice24h(DeadlineRule):
    ref = "RY19"
    code = "designated_residence_notice_24h"
    name = _("Family not notified within 24 hours of designated-residence surveillance")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CPL, _("Art. 75 ¶2")), LegalBasis(CRIMINAL_RULES, _("Art. 113")))
    confidence = "P"
    description = _(
        "Residential surveillance at a designated residence (指定居所监视居住): the family must be "
        "notified within 24 hours of its execution, unless they cannot be notified — in which case "
        "the reason is recorded (on the measure or on the notice). Counted from the recorded minute "
        "of execution. The notice is the family notice time on the measure, or a notice to the "
        "family (通知书) served. Red when neither is recorded by then (or only after it) and no "
        "reason is recorded. A measure that ended before the deadline is not counted. (That the "
        "residence must not be a detention facility or a dedicated case-handling site is not in the "
        "data and not checked.)"
    )
    start = "started_at"
    start_label = gettext_noop("designated-residence surveillance executed")
    limit = (24, PeriodUnit.HOURS)
    custody = True
    act_label = gettext_noop("notice to the family")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LegalDocument, "measure"), (LegalDocument, "person__measures"))
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(
            kind=MeasureKind.RESIDENTIAL_SURVEILLANCE, designated_residence=True
        ) & ~notice_reason_recorded(DocumentKind.FAMILY_NOTICE)

    def act_expression(self, ctx):
        return earliest("family_notified_at", *notices(DocumentKind.FAMILY_NOTICE), "ended_at")
