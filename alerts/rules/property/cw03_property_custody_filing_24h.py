from django.db.models import BigIntegerField, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, SeizureKind
from cases.models import LegalDocument, Property

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import PROPERTY_RULES, PROPERTY_RULES_2010, document_time, earliest, lead_officer


@register
class PropertyCustodyFiling24h(DeadlineRule):
    ref = "CW03"
    code = "property_custody_filing_24h"
    name = _("Property taken into custody not filed with the police inspectorate")
    element = ElementType.PROPERTY
    model = Property
    basis = (
        LegalBasis(PROPERTY_RULES_2010, _("Art. 13")),
        LegalBasis(PROPERTY_RULES, _("whether the 2015 text keeps the filing is unconfirmed")),
    )
    confidence = "S"
    description = _(
        "When the property custodian receives (stores) or registers an item, a copy of its documents "
        "goes to the police inspectorate (警务督察) of the same level within 24 hours. The clock starts "
        "at the earlier of storage and registration with the custodian, counted in hours from the "
        "recorded minute; the filing is the filing time on the item or a filing document on it. The "
        "duty is in the 2010 provisions as quoted by a secondary source; whether the 2015 revision keeps "
        "it was not confirmed. The data names no custodian, so the warning goes to the officer who took "
        "the item (else the case's lead officer). Personal belongings kept in custody are not watched."
    )
    start_label = gettext_noop("received or registered by the property custodian")
    limit = (24, PeriodUnit.HOURS)
    act_label = gettext_noop("filing with the police inspectorate")
    officer = Coalesce(F("seized_by_id"), lead_officer("case_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((LegalDocument, "property"),)
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return ~Q(seizure_kind=SeizureKind.BELONGINGS)

    def start_expression(self, ctx):
        return earliest("stored_at", "custodian_registered_at")

    def act_expression(self, ctx):
        filing = document_time(kind=DocumentKind.INSPECTORATE_FILING, property=OuterRef("pk"))
        return earliest("inspectorate_filed_at", filing)
