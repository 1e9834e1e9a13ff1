from django.db.models import BigIntegerField, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, SeizureKind
from cases.models import LegalDocument, Property

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, PROPERTY_RULES_2010, document_time, earliest, lead_officer


@register
class OffsitePropertyNotRegistered(DeadlineRule):
    ref = "CW02"
    code = "offsite_property_not_registered"
    name = _("Sealed, frozen or preserved property not registered with the custodian")
    element = ElementType.PROPERTY
    model = Property
    basis = (
        LegalBasis(ADMIN_RULES, _("Art. 190")),
        LegalBasis(PROPERTY_RULES_2010, _("Art. 12")),
    )
    confidence = "P"
    description = _(
        "Property the police took a measure over but do not hold themselves — sealed up (查封), "
        "frozen (冻结), under registered preservation (先行登记保存), or seized and left where it is "
        "(封存) — must be reported to the property custodian (case, person, measure, item, quantity "
        "and location) within 24 hours of taking the measure. Counted in hours from the recorded "
        "minute. The report is the registration time on the item or a registration document on it; "
        "a measure lifted within the 24 hours needs no report (assumption, as for storage in CW01). "
        "Personal belongings kept in custody are not watched here."
    )
    start = "seized_at"
    start_label = gettext_noop("measure over the property taken")
    limit = (24, PeriodUnit.HOURS)
    act_label = gettext_noop("registration with the property custodian")
    officer = Coalesce(F("seized_by_id"), lead_officer("case_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((LegalDocument, "property"),)
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        offsite = Q(held_by_police=False) & ~Q(seizure_kind=SeizureKind.BELONGINGS)
        never_held = [SeizureKind.SEALING, SeizureKind.FREEZE, SeizureKind.PRESERVATION]
        return offsite | Q(seizure_kind__in=never_held)

    def act_expression(self, ctx):
        registration = document_time(kind=DocumentKind.CUSTODIAN_REGISTRATION, property=OuterRef("pk"))
        return earliest("custodian_registered_at", registration, "disposed_at")
