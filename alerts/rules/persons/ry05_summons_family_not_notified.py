from django.db.models import OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType
from cases.models import CoerciveMeasure, LegalDocument, Person

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import (
    ADMIN_RULES,
    PUBLIC_ORDER_LAW_2012,
    PUBLIC_ORDER_LAW_2026,
    REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
    document_time,
    earliest,
)
from ._questioning import LAST_DAY_OF_OLD_LAW, admin_questioning, measure_officer


@register
class SummonsFamilyNotNotified(DeadlineRule):
    ref = "RY05"
    code = "summons_family_not_notified"
    name = _("Family not notified of a summons")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (
        LegalBasis(PUBLIC_ORDER_LAW_2012, _("Art. 83 ¶2"), valid_to=LAST_DAY_OF_OLD_LAW),
        LegalBasis(
            PUBLIC_ORDER_LAW_2026,
            _("notice of a summons to the family (article number not yet confirmed)"),
            valid_from=REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
        ),
        LegalBasis(ADMIN_RULES, _("Art. 55 ¶1 (5), 67 ¶4, 70 ¶2")),
    )
    confidence = "U"
    description = _(
        "A person summoned, compelled to appear or brought in for questioning in an "
        "administrative case: the family must be told the cause and the place, at once when "
        "liberty is restricted, and a reason recorded when that is impossible. Counted from arrival "
        "(the recorded minute): yellow after 2 hours and red after 4 hours (a parameter) with no "
        "notice recorded — no family notice time on the measure, no notice to the family issued or "
        "served. These times are a design (unconfirmed). Not counted: a recorded reason why the "
        "family was not notified, a person of unknown identity (the rules allow no notice), and a "
        "person let go before the time is up (the notice is about where a held person is). Criminal "
        "summons are not covered: the law requires no family notice for them."
    )
    start = "started_at"
    start_label = gettext_noop("arrived for questioning")
    custody = True
    act_label = gettext_noop("notice to the family")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LegalDocument, "measure"), (Person, "measures"))
    thresholds = {"*": Band(yellow="2h")}
    params = {"limit_hours": Param(4, _("Time to notify the family (hours)"))}

    def applies(self, ctx):
        return admin_questioning() & Q(family_notice_waiver="", person__identity_unknown=False)

    def limit_expression(self, ctx):
        return Value(ctx.param("limit_hours")), PeriodUnit.HOURS

    def act_expression(self, ctx):
        notice = {"kind": DocumentKind.FAMILY_NOTICE, "measure": OuterRef("pk")}
        return earliest(
            "family_notified_at",
            document_time(**notice),
            document_time(field="served_at", **notice),
            "ended_at",
        )
