from django.db.models import Case as CaseWhen
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType, PersonRole, RecipientKind
from cases.models import Case, LegalDocument, Person

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, latest_of_all, lead_officer


def notice_time(recipients):
    """When a notice of the appraisal opinion (a copy of it) reached one of ``recipients`` on
    the opinion's case, at or after the opinion came in: its service, or — when it notes that
    it could not be served — the notice itself. A notice naming no recipient counts for all."""
    dealt_with = CaseWhen(
        When(served_at__isnull=False, then="served_at"),
        When(~Q(service_impossible_reason=""), then=Coalesce("issued_at", "received_at")),
        default=None,
        output_field=DateTimeField(),
    )
    notices = (
        LegalDocument.objects.filter(
            case=OuterRef("case_id"),
            kind=DocumentKind.APPRAISAL_NOTICE,
            recipient_kind__in=[*recipients, ""],
        )
        .annotate(dealt_with=dealt_with)
        .filter(dealt_with__isnull=False, dealt_with__gte=OuterRef("rule_start"))
        .order_by("dealt_with")
        .values("dealt_with")[:1]
    )
    return Subquery(notices, output_field=DateTimeField())


@register
class AdminAppraisalNoticeLate(DeadlineRule):
    ref = "AJ31"
    code = "admin_appraisal_notice_late"
    name = _("Appraisal opinion not served on the parties in time")
    element = ElementType.DOCUMENT
    model = LegalDocument
    basis = (LegalBasis(ADMIN_RULES, _("Art. 97–98")),)
    confidence = "P"
    description = _(
        "An appraisal opinion in an administrative case, used as evidence: a copy must be served on "
        "the suspected violator and, when the case has a victim, on the victim within 5 days of "
        "receiving the opinion (start day not counted; a last day on a rest day or holiday rolls "
        "over). The opinion is received when the document says so, else when it was issued. The act "
        "is a notice of the appraisal opinion on the case served on each of them (a notice naming no "
        "recipient counts for both; one noting that it could not be served counts, with its date); "
        "with a victim, the later of the two services. Every opinion received is taken as used as "
        "evidence. The 3-day periods for asking for a new appraisal and for refusing one in writing "
        "are not watched."
    )
    start_label = gettext_noop("appraisal opinion received")
    limit = (5, PeriodUnit.DAYS)
    act_label = gettext_noop("copy of the appraisal opinion served on the violator and the victim")
    officer = lead_officer("case_id")
    case = "case_id"
    label = Coalesce(NullIf(F("number"), Value("")), F("external_id"))
    related_changes = ((Case, "documents"),)
    thresholds = {"*": Band(blue="2d", yellow="1d")}

    def applies(self, ctx):
        return Q(kind=DocumentKind.APPRAISAL_OPINION, case__kind=CaseKind.ADMINISTRATIVE)

    def since_q(self, since):
        # A notice or a victim added to the case changes its opinions.
        notices = LegalDocument.objects.filter(updated_at__gte=since, kind=DocumentKind.APPRAISAL_NOTICE)
        victims = Person.objects.filter(updated_at__gte=since, role=PersonRole.VICTIM)
        return (
            super().since_q(since)
            | Q(case_id__in=notices.values("case_id"))
            | Q(case_id__in=victims.values("case_id"))
        )

    def start_expression(self, ctx):
        return Coalesce("received_at", "issued_at")

    def act_expression(self, ctx):
        to_violator = notice_time([RecipientKind.SUSPECT])
        to_victim = notice_time([RecipientKind.VICTIM])
        has_victim = Exists(Person.objects.filter(case=OuterRef("case_id"), role=PersonRole.VICTIM))
        return CaseWhen(
            When(has_victim, then=latest_of_all(to_violator, to_victim)),
            default=to_violator,
            output_field=DateTimeField(),
        )
