from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType
from cases.models import VenueVisit

from .. import register
from ..base import Band, DetectionRule, LegalBasis
from ..common import AREA_RULES, BELONGINGS_RULES
from ._visits import visit_officer


@register
class SecurityCheckMissing(DetectionRule):
    ref = "CS06"
    code = "security_check_missing"
    name = _("No body safety check or belongings register on entering the handling area")
    element = ElementType.VENUE_VISIT
    model = VenueVisit
    basis = (LegalBasis(BELONGINGS_RULES, _("Art. 4")), LegalBasis(AREA_RULES, _("Art. 2")))
    confidence = "S"
    description = _(
        "On entering the handling area a person must at once be given a body safety check and have "
        "the belongings taken into keeping registered (随身物品清单). Red when the entry has no body "
        "check or no belongings register recorded, after a grace of 1 hour from entry for the "
        "record to be made (threshold; assumption). It clears when the checks are recorded."
    )
    anchor = "entered_at"
    anchor_label = gettext_noop("entered the handling area")
    defect_label = gettext_noop("body safety check and belongings register")
    officer = visit_officer()
    case = "case_id"
    label = "person__name"
    thresholds = {"*": Band(red="1h")}

    def defect(self, ctx):
        return Q(check_body=False) | Q(check_belongings=False)
