from django.db.models import BigIntegerField, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, SeizureKind
from cases.models import Property

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, earliest, lead_officer


@register
class RegisteredPreservation7d(DeadlineRule):
    ref = "CW06"
    code = "registered_preservation_7d"
    name = _("Registered preservation not decided within 7 days")
    element = ElementType.PROPERTY
    model = Property
    basis = (LegalBasis(ADMIN_RULES, _("Art. 110")),)
    confidence = "P"
    description = _(
        "Evidence under registered preservation (先行登记保存) must be dealt with within 7 days: "
        "seized, returned, confiscated or otherwise decided; after that the preservation is deemed "
        "lifted. Counted in days from the preservation (start day not counted); a period ending on a "
        "rest day or holiday rolls over to the next working day. Done when the item leaves police "
        "hands (returned, confiscated, destroyed, released); when the decision is to seize it, the "
        "source changes its measure to seizure and the item leaves this risk point (the seizure's own "
        "period is watched by CW07)."
    )
    start = "seized_at"
    start_label = gettext_noop("preservation registered")
    limit = (7, PeriodUnit.DAYS)
    act_label = gettext_noop("decision on the preserved item")
    officer = Coalesce(F("seized_by_id"), lead_officer("case_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    thresholds = {"*": Band(blue="3d", yellow="2d")}

    def applies(self, ctx):
        return Q(seizure_kind=SeizureKind.PRESERVATION)

    def act_expression(self, ctx):
        return earliest("disposed_at", "returned_at", "confiscated_at", "destroyed_at")
