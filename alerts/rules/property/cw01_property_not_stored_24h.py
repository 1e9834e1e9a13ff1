from django.db.models import BigIntegerField, Case, F, Q, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, SeizureKind
from cases.models import Property

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, PROPERTY_RULES, earliest, lead_officer


@register
class PropertyNotStored24h(DeadlineRule):
    ref = "CW01"
    code = "property_not_stored_24h"
    name = _("Property not handed in for storage within 24 hours")
    element = ElementType.PROPERTY
    model = Property
    basis = (
        LegalBasis(ADMIN_RULES, _("Art. 190")),
        LegalBasis(PROPERTY_RULES, _("24-hour transfer (criminal cases; article not retrieved)")),
    )
    confidence = "P"
    description = _(
        "Property taken by the police (seized, retrieved, administratively seized) must be handed to "
        "the property custodian and stored within 24 hours of taking it; when taken away from the unit, "
        "24 hours after returning; when urgent appraisal or identification was done, 24 hours after "
        "that work. Property disposed of within the 24 hours needs no storage. For criminal cases the "
        "same rule is understood to be in the 2015 property provisions, whose text we could not "
        "retrieve (unconfirmed)."
    )
    start_label = gettext_noop("property taken")
    limit = (24, PeriodUnit.HOURS)
    act_label = gettext_noop("storage (入库)")
    officer = Coalesce(F("seized_by_id"), lead_officer("case_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(
            held_by_police=True,
            seizure_kind__in=[SeizureKind.SEIZURE, SeizureKind.ADMIN_SEIZURE, SeizureKind.RETRIEVAL],
        )

    def start_expression(self, ctx):
        # Away from the unit the clock waits for the return (no return recorded: no clock yet).
        taken = Case(When(taken_remotely=True, then=F("returned_to_unit_at")), default=F("seized_at"))
        return Case(
            When(urgent_work_done_at__isnull=False, then=Greatest(taken, F("urgent_work_done_at"))),
            default=taken,
        )

    def act_expression(self, ctx):
        return earliest("stored_at", "disposed_at")
