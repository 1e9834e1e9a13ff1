from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, IncidentCategory, Jurisdiction
from cases.models import Case, Incident

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ACCEPTANCE_OPINION, CRIMINAL_RULES, earliest


class IncidentNotRegistered(DeadlineRule):
    """An incident of a category that must be accepted as a case, with no case linked."""

    element = ElementType.INCIDENT
    model = Incident
    category: str
    start = "received_at"
    start_label = gettext_noop("call received")
    limit = (24, PeriodUnit.HOURS)
    act_label = gettext_noop("case acceptance (受案登记)")
    officer = "officer_id"
    case = None
    label = "number"
    thresholds = {"*": Band(yellow="12h")}
    related_changes = ((Case, "incident"),)

    def applies(self, ctx):
        return Q(category=self.category, jurisdiction=Jurisdiction.OWN)

    def act_expression(self, ctx):
        accepted = (
            Case.objects.filter(incident=OuterRef("pk")).order_by("accepted_at").values("accepted_at")[:1]
        )
        # Handed to the competent unit counts as dealt with here (JQ06 watches that path).
        return earliest(Subquery(accepted), "transferred_at")


@register
class CriminalIncidentNotRegistered(IncidentNotRegistered):
    ref = "JQ03"
    code = "criminal_incident_not_registered"
    name = _("Criminal incident not registered as a case")
    category = IncidentCategory.CRIMINAL
    basis = (
        LegalBasis(CRIMINAL_RULES, _("Art. 169, 171")),
        LegalBasis(ACCEPTANCE_OPINION, _("online registration, no shirking")),
    )
    confidence = "S"
    description = _(
        "A criminal-type incident of this unit's jurisdiction with no case accepted from it. The law "
        "says 'immediately'; yellow when still unlinked at the end of the shift (assumed 12 hours after "
        "the call: the yellow threshold), red at 24 hours."
    )
