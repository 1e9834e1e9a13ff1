from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DecidingOrgan, ElementType, MeasureKind
from cases.models import Case, CoerciveMeasure

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, PRACTICE, earliest, lead_officer


@register
class BailNotInvestigated(DeadlineRule):
    ref = "AJ10"
    code = "bail_not_investigated"
    name = _("Bail or residential surveillance without investigation")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (
        LegalBasis(CPL, _("Art. 79 ¶2")),
        LegalBasis(CRIMINAL_RULES, _("Art. 107, 122")),
        LegalBasis(PRACTICE, _("'improper bail, bail without investigation' campaigns (Gansu)")),
    )
    confidence = "U"
    description = _(
        "A suspect on bail pending trial or under residential surveillance decided by the police, while "
        "the case shows no investigative act: investigation must not be interrupted during the measure. "
        "The duty is statutory; the period is the parameter 'days without activity' (90), counted from the "
        "case's latest investigative act (as ingestion keeps it), else from the start of the measure, "
        "whichever is later; blue after 30 and yellow after 60 idle days by default. Start day not counted; "
        "a period ending on a rest day or holiday rolls over to the next working day. A new investigative "
        "act starts the count again. The end of the measure, the conclusion of the investigation, transfer "
        "for prosecution, withdrawal or closing the case ends the watch; one recorded after the period is "
        "a late breach. The measure running out with the case not concluded is risk points RY17 and RY18."
    )
    start_label = gettext_noop("last investigative act (or start of the measure)")
    act_label = gettext_noop("investigative act or end of the measure")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "person__name"
    related_changes = ((Case, "measures"),)
    params = {"idle_days": Param(90, _("Days without activity"))}
    thresholds = {"*": Band(blue="60d", yellow="30d")}

    def applies(self, ctx):
        return Q(
            kind__in=[MeasureKind.BAIL, MeasureKind.RESIDENTIAL_SURVEILLANCE],
            decided_by=DecidingOrgan.POLICE,
            case__isnull=False,
        )

    def start_expression(self, ctx):
        return Greatest(F("started_at"), Coalesce(F("case__last_activity_at"), F("started_at")))

    def limit_expression(self, ctx):
        return Value(ctx.param("idle_days")), PeriodUnit.DAYS

    def act_expression(self, ctx):
        return earliest(
            "ended_at",
            "case__investigation_concluded_at",
            "case__transferred_for_prosecution_at",
            "case__withdrawn_at",
            "case__closed_at",
        )
