from django.db.models import Case as CaseWhen
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType
from cases.models import Case, CaseFile, LegalDocument

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import SUICHANG_PATROL_NOTICE, earliest, lead_officer

# The documents an electronic file must hold scanned (the local rule's list).
KEY_DOCUMENTS = (
    DocumentKind.ACCEPTANCE_RECEIPT,
    DocumentKind.FILING_DECISION,
    DocumentKind.FILING_NOTICE_TO_REPORTER,
    DocumentKind.INTERROGATION_RECORD,
    DocumentKind.INQUIRY_RECORD,
    DocumentKind.SEARCH_RECORD,
    DocumentKind.INSPECTION_RECORD,
    DocumentKind.APPRAISAL_OPINION,
)


@register
class EDossierNotBuilt(DeadlineRule):
    ref = "JZ07"
    code = "e_dossier_not_built"
    name = _("Electronic case file not built")
    element = ElementType.CASE
    model = Case
    basis = (LegalBasis(SUICHANG_PATROL_NOTICE, _("e-filing of unsolved criminal cases, days 50–59")),)
    confidence = "U"
    description = _(
        "A local rule (Suichang county, 2019): a criminal case still unsolved 60 days after filing must "
        "have its electronic file built between days 50 and 59, with the key documents scanned in "
        "(acceptance receipt, filing decision and notice, interrogation and inquiry records, search and "
        "inspection records, appraisal opinions). Due at the end of day 59 after filing (a parameter; "
        "start day not counted; a period ending on a rest day or holiday rolls over to the next working "
        "day), blue from day 50. Done when the electronic file is built and — unless switched off by "
        "the parameter — every key document recorded in the case is scanned (a key document added later "
        "and not scanned makes the file incomplete again); a case solved, withdrawn or transferred "
        "before the due day needs nothing. All numbers are local and editable."
    )
    start = "filed_at"
    start_label = gettext_noop("case filed")
    limit = (59, PeriodUnit.DAYS)
    act_label = gettext_noop("electronic file built with the key documents scanned")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((CaseFile, "case"), (LegalDocument, "case"))
    thresholds = {"*": Band(blue="10d", yellow="3d")}
    params = {
        "days": Param(59, _("Days after filing")),
        "check_scanned": Param(True, _("Key documents must be scanned"), kind="bool"),
    }

    def applies(self, ctx):
        return Q(kind=CaseKind.CRIMINAL)

    def limit_expression(self, ctx):
        return Value(ctx.param("days")), PeriodUnit.DAYS

    def act_expression(self, ctx):
        built = F("case_file__e_file_built_at")
        if ctx.param("check_scanned"):
            unscanned = LegalDocument.objects.filter(
                case=OuterRef("pk"), kind__in=KEY_DOCUMENTS, scanned=False, issued_at__lte=ctx.as_of
            )
            built = CaseWhen(
                When(Exists(unscanned), then=Value(None, output_field=DateTimeField())),
                default=built,
                output_field=DateTimeField(),
            )
        return earliest("solved_at", "withdrawn_at", "transferred_out_at", built)
