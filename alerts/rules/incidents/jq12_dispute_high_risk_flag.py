import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType
from cases.models import Incident, Person

from .. import register
from ..base import DetectionRule, LegalBasis, Param
from ..common import PRACTICE


@register
class DisputeHighRiskFlag(DetectionRule):
    ref = "JQ12"
    code = "dispute_high_risk_flag"
    name = _("Dispute call involving a high-risk party")
    element = ElementType.INCIDENT
    model = Incident
    basis = (
        LegalBasis(
            PRACTICE, _("Gansu dispute-call collision with released prisoners, drug users, mental disorders")
        ),
        LegalBasis(PRACTICE, _("Huangyan civil-to-criminal cases: threats trigger mediation")),
    )
    confidence = "U"
    description = _(
        "A dispute call where a party is a released prisoner, a drug user or a person with a mental "
        "disorder at risk of causing harm, or where threats were made (扬言报复、同归于尽). Red at once, "
        "until the follow-up call-back is recorded; watched for the window (30 days) after the call."
    )
    anchor = "received_at"
    anchor_label = gettext_noop("call received")
    defect_label = gettext_noop("follow-up call-back")
    officer = "officer_id"
    case = None
    label = "number"
    related_changes = ((Person, "incident"),)
    params = {"window_days": Param(30, _("Window (days)"))}

    def applies(self, ctx):
        return Q(
            is_dispute=True, received_at__gte=ctx.as_of - datetime.timedelta(days=ctx.param("window_days"))
        )

    def defect(self, ctx):
        flagged = Person.objects.filter(incident=OuterRef("pk")).filter(
            Q(is_released_prisoner=True) | Q(is_drug_user=True) | Q(has_mental_disorder_risk=True)
        )
        return (Q(Exists(flagged)) | Q(has_threat=True)) & Q(callback_at__isnull=True)
