from django.db.models import BigIntegerField, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, PropertyKind
from cases.models import LegalDocument, Property

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import CRIMINAL_RULES, PROPERTY_RULES, document_time, earliest, lead_officer


@register
class PerishableNotHandled(DeadlineRule):
    ref = "CW12"
    code = "perishable_not_handled"
    name = _("Perishable property not dealt with in time")
    element = ElementType.PROPERTY
    model = Property
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 236")), LegalBasis(PROPERTY_RULES, _("Art. 21")))
    confidence = "U"
    description = _(
        "Perishable or hard-to-keep items held by the police are photographed or recorded and then, "
        "with the approval of the bureau's principal head, entrusted for sale or auction (or returned). "
        "The law says only 'promptly': an approval to sell or dispose of the item, or the item leaving "
        "police hands, is due within 7 days of taking it (a parameter), yellow from day 3 and blue from "
        "day 2 — our design. A period ending on a rest day or holiday rolls over to the next working "
        "day (the parameter is in days; set it lower for goods that spoil faster)."
    )
    start = "seized_at"
    start_label = gettext_noop("perishable item taken")
    limit = (7, PeriodUnit.DAYS)
    act_label = gettext_noop("approval to sell or dispose, or disposal")
    officer = Coalesce(F("seized_by_id"), lead_officer("case_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((LegalDocument, "property"),)
    thresholds = {"*": Band(blue="5d", yellow="4d")}
    params = {"days": Param(7, _("Days to deal with the item"))}

    def applies(self, ctx):
        return Q(is_perishable=True) | Q(kind=PropertyKind.PERISHABLE)

    def limit_expression(self, ctx):
        return Value(ctx.param("days")), PeriodUnit.DAYS

    def act_expression(self, ctx):
        approval = document_time(kind=DocumentKind.DISPOSAL_APPROVAL, property=OuterRef("pk"))
        return earliest("disposed_at", "returned_at", "destroyed_at", approval)
