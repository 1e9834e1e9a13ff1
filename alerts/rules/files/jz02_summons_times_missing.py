import datetime

from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType
from cases.models import CoerciveMeasure, LegalDocument

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import ADMIN_RULES, CRIMINAL_RULES, lead_officer

# No summons or compelled appearance lasts longer (CPL Art. 119; public-order law): after this the
# person has left, whether or not the end is recorded on a measure.
LONGEST_SUMMONS = datetime.timedelta(hours=24)


@register
class SummonsTimesMissing(DetectionRule):
    ref = "JZ02"
    code = "summons_times_missing"
    name = _("Summons certificate without arrival or leaving time")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (
        LegalBasis(ADMIN_RULES, _("Art. 68")),
        LegalBasis(CRIMINAL_RULES, _("Art. 79 (compelled appearance), 199 (summons)")),
    )
    confidence = "P"
    description = _(
        "A summons certificate (传唤证) on which the person's arrival time is not filled in, or not "
        "signed by the person with no note that they refused; or, once the summons is over, the leaving "
        "time is not filled in. The summons is over when its measure has ended, or — with no measure "
        "linked or no end recorded — 24 hours after the arrival (no summons may last longer). These "
        "times also drive the summons limits (RY01, RY02). Red as soon as it is in the data; it clears "
        "when the certificate is corrected."
    )
    anchor = Coalesce(F("measure__started_at"), F("issued_at"), F("created_at"))
    anchor_label = gettext_noop("arrival on summons")
    defect_label = gettext_noop("arrival and leaving times and the person's signature")
    officer = lead_officer("case_id")
    case = "case_id"
    label = Coalesce(NullIf(F("number"), Value("")), F("external_id"))
    related_changes = ((CoerciveMeasure, "documents"),)

    def applies(self, ctx):
        return Q(kind=DocumentKind.SUMMONS_CERTIFICATE)

    def defect(self, ctx):
        unsigned = Q(signed_by_subject=False, subject_refusal_noted=False)
        over = Q(measure__ended_at__lte=ctx.as_of) | Q(
            measure__ended_at__isnull=True, rule_start__lt=ctx.as_of - LONGEST_SUMMONS
        )
        return Q(arrival_time_filled=False) | unsigned | (Q(leave_time_filled=False) & over)
