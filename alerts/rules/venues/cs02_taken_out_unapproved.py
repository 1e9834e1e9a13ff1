from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType
from cases.models import VenueMovement, VenueVisit

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import AREA_RULES
from ._visits import visit_officer


@register
class TakenOutUnapproved(DetectionRule):
    ref = "CS02"
    code = "taken_out_unapproved"
    name = _("Person taken out of the handling area without approval")
    element = ElementType.VENUE_VISIT
    model = VenueVisit
    basis = (LegalBasis(AREA_RULES, _("Art. 4")),)
    confidence = "S"
    description = _(
        "A person in the handling area may be taken out (to recover stolen goods, for an "
        "identification …) only with the approval of the head of the handling department. Red as "
        "soon as a taking-out is recorded with no approval, or with an approval dated after the "
        "person was taken out (shown from the first such taking-out); it clears when the approval is "
        "recorded."
    )
    anchor_label = gettext_noop("taken out of the handling area")
    defect_label = gettext_noop("approval of the department head")
    officer = visit_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((VenueMovement, "visit"),)

    @property
    def anchor(self):
        unapproved = VenueMovement.objects.filter(visit=OuterRef("pk")).filter(
            Q(approved_at__isnull=True, approved_by="") | Q(approved_at__gt=F("out_at"))
        )
        return Subquery(unapproved.order_by("out_at").values("out_at")[:1])

    def defect(self, ctx):
        return Q()  # the anchor is the first unapproved taking-out: none, no row
