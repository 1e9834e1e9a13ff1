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
class DetentionFamilyNotice24h(DeadlineRule):
    ref = "RY10"
    code = "detention_family_notice_24h"
    name = _("Family not notified within 24 hours of detention")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CPL, _("Art. 85 ¶2")), LegalBasis(CRIMINAL_RULES, _("Art. 127")))
    confidence = "P"
    description = _(
        "After a criminal detention the family must be sent a detention notice (拘留通知书) "
        "within 24 hours, unless they cannot be notified (unknown identity, no family, no way to "
        "reach them, force majeure) or, for state security or terrorism offences, notice could "
        "hinder the investigation — in which case the reason is recorded. Counted from the "
        "recorded minute of the detention; never extended for holidays. The notice is the family "
        "notice time on the measure or the detention notice served. Red when neither is recorded "
        "by then (or only after it) and no reason is recorded, on the measure or on the detention "
        "notice. A detention that ended before the deadline is not counted."
    )
    start = "started_at"
    start_label = gettext_noop("detention executed")
    limit = (24, PeriodUnit.HOURS)
    custody = True
    act_label = gettext_noop("detention notice to the family")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LegalDocument, "measure"), (LegalDocument, "person__measures"))
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(kind=MeasureKind.CRIMINAL_DETENTION) & ~notice_reason_recorded(DocumentKind.DETENTION_NOTICE)

    def act_expression(self, ctx):
        return earliest("family_notified_at", *notices(DocumentKind.DETENTION_NOTICE), "ended_at")
