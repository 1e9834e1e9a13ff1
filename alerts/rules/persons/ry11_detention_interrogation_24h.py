from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument, QuestioningSession

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, earliest
from ._questioning import first_interrogation, measure_officer


@register
class DetentionInterrogation24h(DeadlineRule):
    ref = "RY11"
    code = "detention_interrogation_24h"
    name = _("Detained suspect not interrogated within 24 hours")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CPL, _("Art. 86")), LegalBasis(CRIMINAL_RULES, _("Art. 128")))
    confidence = "P"
    description = _(
        "A criminally detained suspect must be interrogated within 24 hours of the detention. "
        "Counted from the recorded minute of the detention; never extended for holidays. The "
        "interrogation is the first interrogation session of the person (or interrogation record) "
        "at or after the detention began: one before it does not count. Red when none is recorded "
        "by then, or the first one after it. A detention that ended before the deadline is not "
        "counted."
    )
    start = "started_at"
    start_label = gettext_noop("detention executed")
    limit = (24, PeriodUnit.HOURS)
    custody = True
    act_label = gettext_noop("first interrogation")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((QuestioningSession, "person__measures"), (LegalDocument, "person__measures"))
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(kind=MeasureKind.CRIMINAL_DETENTION)

    def act_expression(self, ctx):
        return earliest(first_interrogation(), "ended_at")
