from django.db.models import BigIntegerField, F, OuterRef
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType
from cases.models import LegalDocument, Property

from ...deadlines import MonthEnd
from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import ADMIN_RULES, CRIMINAL_RULES, document_time, earliest, lead_officer


@register
class UnclaimedProperty6m(DeadlineRule):
    ref = "CW10"
    code = "unclaimed_property_6m"
    name = _("Unclaimed property not dealt with after 6 months")
    element = ElementType.PROPERTY
    model = Property
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 233")), LegalBasis(ADMIN_RULES, _("Art. 197")))
    confidence = "P"
    description = _(
        "Property to be returned whose owner was notified, or for which a public notice was issued, "
        "and which nobody claimed within 6 months is treated as ownerless: registered and handed to "
        "the treasury, or sold. The 6 months run from the notice to the owner or the public notice, "
        "whichever came first (calendar months; month end: a parameter; a period ending on a rest day "
        "or holiday rolls over to the next working day). Done when the item leaves police hands "
        "(returned, handed over, sold, destroyed). Blue from one month before the 6 months are up, "
        "yellow when they are up, red one month after (the red threshold's grace): these levels are "
        "our design."
    )
    start_label = gettext_noop("owner notified or public notice")
    limit = (6, PeriodUnit.MONTHS)
    act_label = gettext_noop("return, hand-over to the treasury or sale")
    officer = Coalesce(lead_officer("case_id"), F("seized_by_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((LegalDocument, "property"),)
    thresholds = {"*": Band(blue="30d", yellow="0", red="30d")}
    params = {
        "month_end": Param(
            MonthEnd.CLAMP,
            _("Month end"),
            kind="choice",
            choices=(
                (MonthEnd.CLAMP, _("last day of the month")),
                (MonthEnd.NEXT_DAY, _("first day of the next month")),
            ),
        )
    }

    def start_expression(self, ctx):
        notice = document_time(kind=DocumentKind.PUBLIC_NOTICE, property=OuterRef("pk"))
        return earliest("owner_notified_at", notice)

    def act_expression(self, ctx):
        return earliest("disposed_at", "returned_at", "confiscated_at", "destroyed_at")
