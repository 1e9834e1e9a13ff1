from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, ElementType
from cases.models import Case

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import CRIMINAL_RULES, PRACTICE, earliest, lead_officer


@register
class FiledNotInvestigated(DeadlineRule):
    ref = "AJ08"
    code = "filed_not_investigated"
    name = _("Filed but not investigated")
    element = ElementType.CASE
    model = Case
    basis = (
        LegalBasis(CRIMINAL_RULES, _("Art. 191 (investigate filed cases promptly)")),
        LegalBasis(PRACTICE, _("'filed but not investigated' campaigns (Gansu); no statutory limit")),
    )
    confidence = "U"
    description = _(
        "A filed criminal case with no investigative act for too long. There is no statutory limit: "
        "the period is the parameter 'days without activity' (90), counted from the latest investigative "
        "act after filing (an interrogation or inquiry, inspection, search, evidence collected, appraisal "
        "commissioned, identification, a coercive measure — the case's last investigative act as "
        "ingestion keeps it), else from the filing; blue after 30 and yellow after 60 idle days by "
        "default. Start day not counted; a period ending on a rest day or holiday rolls over to the next "
        "working day. A new investigative act starts the count again. Concluding the investigation, "
        "transfer for prosecution, withdrawal, transfer to another organ, suspension of the investigation "
        "or closing the case ends the watch; one recorded after the period is a late breach."
    )
    start_label = gettext_noop("last investigative act (or filing)")
    act_label = gettext_noop("investigative act or conclusion of the case")
    officer = lead_officer()
    case = "pk"
    label = "number"
    params = {"idle_days": Param(90, _("Days without activity"))}
    thresholds = {"*": Band(blue="60d", yellow="30d")}

    def applies(self, ctx):
        return Q(kind=CaseKind.CRIMINAL, filed_at__isnull=False)

    def start_expression(self, ctx):
        return Greatest(F("filed_at"), Coalesce(F("last_activity_at"), F("filed_at")))

    def limit_expression(self, ctx):
        return Value(ctx.param("idle_days")), PeriodUnit.DAYS

    def act_expression(self, ctx):
        return earliest(
            "investigation_concluded_at",
            "transferred_for_prosecution_at",
            "withdrawn_at",
            "transferred_out_at",
            "suspended_at",
            "closed_at",
        )
