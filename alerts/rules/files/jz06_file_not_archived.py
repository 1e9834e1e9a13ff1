from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, ElementType
from cases.models import Case, CaseFile

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_FILING_STANDARD, ADMIN_RULES, lead_officer


@register
class FileNotArchived(DeadlineRule):
    ref = "JZ06"
    code = "file_not_archived"
    name = _("Case file not archived in time after closure")
    element = ElementType.CASE
    model = Case
    basis = (
        LegalBasis(ADMIN_RULES, _("Art. 260 (the duty)")),
        LegalBasis(ADMIN_FILING_STANDARD, _("10 working days")),
    )
    confidence = "S"
    description = _(
        "An administrative case closed (or its investigation terminated) must have its file built and "
        "archived, one file per case. The rule itself says only 'after closing the case'; a published "
        "filing standard (secondary source) gives 10 working days after closure, counted on the "
        "official working-day calendar (start day not counted). Done when the case file is archived; a "
        "case with no file at all is red as well. Blue and yellow start 5 and 2 calendar days before "
        "the due time (the catalogue's 'working day 7 / working day 9', approximately)."
    )
    start = "closed_at"
    start_label = gettext_noop("administrative case closed")
    limit = (10, PeriodUnit.WORKING_DAYS)
    act = "case_file__archived_at"
    act_label = gettext_noop("case file archived")
    officer = lead_officer()
    case = "pk"
    label = "number"
    related_changes = ((CaseFile, "case"),)
    thresholds = {"*": Band(blue="5d", yellow="2d")}

    def applies(self, ctx):
        return Q(kind=CaseKind.ADMINISTRATIVE)
