from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType
from cases.models import VenueVisit

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import AREA_RULES, CPL, QUESTIONING_RULES
from ._visits import visit_officer


@register
class DecisionNotTransferred(DeadlineRule):
    ref = "CS04"
    code = "decision_not_transferred"
    name = _("Person still in the handling area after a custodial decision")
    element = ElementType.VENUE_VISIT
    model = VenueVisit
    basis = (
        LegalBasis(AREA_RULES, _("Art. 5")),
        LegalBasis(CPL, _("Art. 85 ¶2")),
        LegalBasis(QUESTIONING_RULES, _("Art. 21")),
    )
    confidence = "P"
    description = _(
        "Once criminal detention, arrest or administrative detention is decided for a person in the "
        "handling area, the person must be sent to the detention facility within the prescribed "
        "limit: 24 hours for criminal detention (as RY09), and the platform applies the same 24 "
        "hours to arrest and administrative detention (as RY24; assumption). Counted from the "
        "recorded minute of the decision; never extended for holidays. Red when the person has not "
        "left the area by then (or left after it)."
    )
    start = "custodial_decision_at"
    start_label = gettext_noop("custodial decision")
    limit = (24, PeriodUnit.HOURS)
    custody = True
    act = "exited_at"
    act_label = gettext_noop("leaving the handling area for the detention facility")
    officer = visit_officer()
    case = "case_id"
    label = "person__name"
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(custodial_decision_at__isnull=False)
