from django.db.models import BigIntegerField, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, ElementType, LimitClock, SeizureKind
from cases.models import LimitChange, Property

from .. import register
from ..base import Band, ClockSpec, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_COERCION_LAW, ADMIN_RULES, earliest, lead_officer


@register
class AdminSeizure30d(DeadlineRule):
    ref = "CW07"
    code = "admin_seizure_30d"
    name = _("Administrative seizure or sealing beyond its period")
    element = ElementType.PROPERTY
    model = Property
    basis = (
        LegalBasis(ADMIN_RULES, _("Art. 112")),
        LegalBasis(ADMIN_COERCION_LAW, _("Art. 25")),
    )
    confidence = "P"
    description = _(
        "An administrative seizure, detention of goods or sealing (also a seizure or sealing in an "
        "administrative case) may last 30 days; complex cases +30 days with approval, the party being "
        "told in writing. The extension is an approved extension of the seizure clock to 60 days; "
        "without approval it moves nothing, so the item turns red at 30 days. Time for testing, "
        "inspection, quarantine or technical appraisal is not counted (a suspension of the clock); a "
        "transfer of jurisdiction starts the period again (a restart). Counted in days from the "
        "seizure (start day not counted); a period ending on a rest day or holiday rolls over to the "
        "next working day. Done when the item is returned, confiscated, destroyed or otherwise leaves "
        "police hands."
    )
    start = "seized_at"
    start_label = gettext_noop("property seized")
    limit = (30, PeriodUnit.DAYS)
    clock = ClockSpec(LimitClock.SEIZURE, "property")
    act_label = gettext_noop("return, confiscation or other disposal")
    officer = Coalesce(lead_officer("case_id"), F("seized_by_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((LimitChange, "property"),)
    thresholds = {"*": Band(blue="8d", yellow="4d")}

    def applies(self, ctx):
        in_admin_case = Q(
            case__kind=CaseKind.ADMINISTRATIVE, seizure_kind__in=[SeizureKind.SEIZURE, SeizureKind.SEALING]
        )
        return Q(seizure_kind=SeizureKind.ADMIN_SEIZURE) | in_admin_case

    def act_expression(self, ctx):
        return earliest("disposed_at", "returned_at", "confiscated_at", "destroyed_at")
