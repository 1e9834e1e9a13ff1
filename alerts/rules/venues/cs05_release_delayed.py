from django.db.models import F, Q, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType
from cases.models import VenueVisit

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import AREA_RULES, QUESTIONING_RULES
from ._visits import visit_officer


@register
class ReleaseDelayed(DeadlineRule):
    ref = "CS05"
    code = "release_delayed"
    name = _("Person not let go at once after a non-custodial decision")
    element = ElementType.VENUE_VISIT
    model = VenueVisit
    basis = (LegalBasis(AREA_RULES, _("Art. 5")), LegalBasis(QUESTIONING_RULES, _("Art. 21")))
    confidence = "U"
    description = _(
        "Once bail, residential surveillance, a warning or a fine is decided for a person in the "
        "handling area, the person must be let go at once. 'At once' has no number in the law: the "
        "platform allows 2 hours (a parameter) from the recorded minute of the decision, yellow "
        "after 1 hour (design). Red when the person has not left the area by then (or left after "
        "it). A custodial decision recorded after the release decision takes the case to CS04."
    )
    start = "release_decision_at"
    start_label = gettext_noop("non-custodial decision")
    limit = (2, PeriodUnit.HOURS)
    custody = True
    act = "exited_at"
    act_label = gettext_noop("leaving the handling area")
    officer = visit_officer()
    case = "case_id"
    label = "person__name"
    thresholds = {"*": Band(yellow="1h")}
    params = {"release_hours": Param(2, _("Time to let the person go (hours)"))}

    def applies(self, ctx):
        custodial_after = Q(
            custodial_decision_at__isnull=False, custodial_decision_at__gte=F("release_decision_at")
        )
        return Q(release_decision_at__isnull=False) & ~custodial_after

    def limit_expression(self, ctx):
        return Value(ctx.param("release_hours")), PeriodUnit.HOURS
