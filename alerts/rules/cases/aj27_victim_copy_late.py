import datetime

from django.db.models import Case as CaseWhen
from django.db.models import DateTimeField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import AdminCaseType, AdminDecision, CaseKind, DocumentKind, ElementType, PersonRole
from cases.models import Case, LegalDocument, Person

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import (
    ADMIN_RULES,
    PUBLIC_ORDER_LAW_2012,
    PUBLIC_ORDER_LAW_2026,
    REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
    earliest,
    lead_officer,
)


def copy_time(**filters):
    """When a copy of the decision reached the victim: its service, or — when the copy notes
    that it could not be served — the copy itself."""
    dealt_with = CaseWhen(
        When(served_at__isnull=False, then="served_at"),
        When(~Q(service_impossible_reason=""), then=Coalesce("issued_at", "received_at")),
        default=None,
        output_field=DateTimeField(),
    )
    copies = (
        LegalDocument.objects.filter(kind=DocumentKind.DECISION_COPY_TO_VICTIM, **filters)
        .annotate(dealt_with=dealt_with)
        .filter(dealt_with__isnull=False)
        .order_by("dealt_with")
        .values("dealt_with")[:1]
    )
    return Subquery(copies, output_field=DateTimeField())


@register
class VictimCopyLate(DeadlineRule):
    ref = "AJ27"
    code = "victim_copy_late"
    name = _("Copy of the decision not served on the victim in time")
    element = ElementType.PERSON
    model = Person
    basis = (
        LegalBasis(ADMIN_RULES, _("Art. 172 ¶3")),
        LegalBasis(PUBLIC_ORDER_LAW_2012, _("Art. 97 ¶2"), valid_to=datetime.date(2025, 12, 31)),
        LegalBasis(
            PUBLIC_ORDER_LAW_2026,
            _("copy of the decision to the victim (article number not yet confirmed)"),
            valid_from=REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
        ),
    )
    confidence = "P"
    description = _(
        "In a public-order (治安) case with a victim, a copy of the penalty decision or of the decision "
        "not to punish must be served on each victim within 2 days of the decision (start day not "
        "counted; a last day on a rest day or holiday rolls over). The act is a copy of the decision "
        "served on the victim (or on the case without naming a person); a copy noting that it could "
        "not be served counts, as the rule allows. One warning per victim."
    )
    start = "case__decided_at"
    start_label = gettext_noop("decision made")
    limit = (2, PeriodUnit.DAYS)
    act_label = gettext_noop("copy of the decision served on the victim")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "name"
    related_changes = ((LegalDocument, "person"), (Case, "persons"))
    thresholds = {"*": Band(blue="2d", yellow="1d")}

    def applies(self, ctx):
        return Q(
            role=PersonRole.VICTIM,
            case__kind=CaseKind.ADMINISTRATIVE,
            case__admin_type=AdminCaseType.PUBLIC_ORDER,
            case__decision__in=[AdminDecision.PENALTY, AdminDecision.NO_PENALTY],
        )

    def since_q(self, since):
        # A copy naming no person is a change of every victim of its case.
        copies = LegalDocument.objects.filter(
            updated_at__gte=since, kind=DocumentKind.DECISION_COPY_TO_VICTIM, person__isnull=True
        )
        return super().since_q(since) | Q(case_id__in=copies.values("case_id"))

    def act_expression(self, ctx):
        return earliest(
            copy_time(person=OuterRef("pk")),
            copy_time(person__isnull=True, case=OuterRef("case_id")),
        )
