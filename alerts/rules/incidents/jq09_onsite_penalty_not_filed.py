from django.db.models import BigIntegerField, Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, IncidentCategory
from cases.models import LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, PUBLIC_ORDER_LAW_2012, lead_officer


@register
class OnsitePenaltyNotFiled(DeadlineRule):
    ref = "JQ09"
    code = "onsite_penalty_not_filed"
    name = _("On-the-spot penalty not filed with the unit")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (LegalBasis(ADMIN_RULES, _("Art. 39")), LegalBasis(PUBLIC_ORDER_LAW_2012, _("Art. 101")))
    confidence = "P"
    description = _(
        "An on-the-spot penalty decision must be filed (备案) with the officer's unit within 24 hours of "
        "the decision, two days for traffic police. The filing is the document's 'received at' (when "
        "the unit registered it); a decision marked as attached to the file without a time counts as "
        "filed in time. Decisions taken on trains, aircraft or vessels (24 hours after return) are not "
        "distinguished by the data."
    )
    start = "issued_at"
    start_label = gettext_noop("penalty decided on the spot")
    act_label = gettext_noop("filing with the unit")
    officer = Coalesce(lead_officer("case_id"), F("incident__officer_id"), output_field=BigIntegerField())
    case = "case_id"
    label = Coalesce(NullIf(F("number"), Value("")), F("external_id"))
    thresholds = {"*": Band(blue="8h", yellow="2h"), "48h": Band(blue="16h", yellow="4h")}

    def applies(self, ctx):
        return Q(kind=DocumentKind.ONSITE_PENALTY_DECISION)

    def limit_expression(self, ctx):
        hours = Case(
            When(incident__category=IncidentCategory.TRAFFIC, then=Value(48)),
            default=Value(24),
            output_field=IntegerField(),
        )
        return hours, PeriodUnit.HOURS

    def act_expression(self, ctx):
        return Case(When(in_file=True, then=Coalesce("received_at", "issued_at")), default=F("received_at"))
