"""The negative list (执法负面清单): numbered items kept by the legal-affairs unit, each with
its weight in the monthly assessment, and the hits recorded against cases or problems —
the officers, the chief responsible and the sanction decided.

Writes are keyword-only, atomic and audited; reads start from ``visible_to(user)``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from supervision.audit import snapshot
from supervision.models import Officer, Unit, User
from supervision.roles import has_capability
from supervision.services import audit_record

from .choices import Sanction
from .models import NegativeListHit, NegativeListItem, Warning

# The default list: the hard negatives named in the seeds and practice.md (§8.4 "hard
# negatives", §8.5 typical red items), numbered, weighted as points per hit in the monthly
# assessment. The legal-affairs unit edits it on the negative-list page.
DEFAULT_ITEMS = [
    (1, "受案不立案、立案不侦查", "应当受案、立案而不受案、不立案，或立案后不开展侦查。", "5"),
    (2, "违法取证", "刑讯逼供、暴力取证，或以威胁、引诱、欺骗等非法方法收集证据。", "10"),
    (3, "超期羁押", "羁押期限届满未依法变更或解除强制措施。", "10"),
    (4, "违法适用强制措施", "不符合条件适用、变更强制措施，或未依法通知家属。", "8"),
    (5, "涉案财物违规处置", "涉案财物未按规定入库、保管，或违规处置、挪用。", "8"),
    (6, "办案区违规使用", "未按规定登记、看管、同步录音录像，或发生安全事故。", "8"),
    (7, "法律文书违规", "法律文书缺失、代签、补签或内容与事实不符。", "3"),
    (8, "久侦不结、超期办案", "案件超过办案期限未结，且无正当理由。", "5"),
    (9, "应告知未告知", "未依法告知当事人权利义务或未送达法律文书。", "3"),
    (10, "整改不落实", "执法问题逾期未整改或整改后重复发生。", "5"),
]


def negative_list_seed() -> int:
    """The default list, once (an edited list is never overwritten)."""
    if NegativeListItem.objects.exists():
        return 0
    NegativeListItem.objects.bulk_create(
        [
            NegativeListItem(number=n, title=title, description=text, weight=Decimal(weight))
            for n, title, text, weight in DEFAULT_ITEMS
        ]
    )
    return len(DEFAULT_ITEMS)


ITEM_FIELDS = ("number", "title", "description", "weight", "is_active")


@transaction.atomic
def negative_list_item_save(
    *,
    actor: User,
    item: NegativeListItem | None = None,
    number: int,
    title: str,
    description: str = "",
    weight: Decimal,
    is_active: bool = True,
) -> NegativeListItem:
    """Create or change an item of the list (the legal-affairs unit only)."""
    if not has_capability(actor, "manage_negative_list"):
        raise PermissionDenied
    errors = {}
    try:
        weight = Decimal(str(weight)).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError, TypeError):
        raise ValidationError({"weight": _("The weight must be a number.")}) from None
    if weight < 0 or weight >= 1000:
        errors["weight"] = _("The weight must be between 0 and 999.99.")
    if NegativeListItem.objects.filter(number=number).exclude(pk=item.pk if item else None).exists():
        errors["number"] = _("Another item already has this number.")
    if not (title or "").strip():
        errors["title"] = _("Give the item a title.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(item, ITEM_FIELDS) if item else {}
    item = item or NegativeListItem()
    item.number, item.title, item.description = number, title.strip(), (description or "").strip()
    item.weight, item.is_active, item.updated_at = weight, is_active, timezone.now()
    item.save()
    after = snapshot(item, ITEM_FIELDS)
    audit_record(
        actor=actor,
        action="negative_list.item_create" if not before else "negative_list.item_change",
        target=item,
        changes={k: [before.get(k), after[k]] for k in ITEM_FIELDS if before.get(k) != after[k]},
    )
    return item


@transaction.atomic
def negative_list_hit_record(
    *,
    actor: User,
    item: NegativeListItem,
    sanction: str,
    decided_on: datetime.date,
    case: Case | None = None,
    warning: Warning | None = None,
    officers: list[Officer] | tuple = (),
    chief: Officer | None = None,
    sanction_note: str = "",
    description: str = "",
) -> NegativeListHit:
    """Record a hit against a case or a problem. The unit is the case's (or the problem's);
    the officers and the chief responsible must belong to that unit's subtree."""
    errors: dict[str, str] = {}
    if case is None and warning is None:
        errors["case"] = _("Name the case or the problem the hit is recorded against.")
    if case is not None and warning is not None and warning.case_id and warning.case_id != case.pk:
        errors["warning"] = _("The problem concerns another case.")
    if not item.is_active:
        errors["item"] = _("This item is no longer in use.")
    if sanction not in Sanction.values:
        errors["sanction"] = _("Unknown sanction.")
    if sanction == Sanction.OTHER and not (sanction_note or "").strip():
        errors["sanction_note"] = _("Say which sanction was decided.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("The date lies in the future.")
    if errors:
        raise ValidationError(errors)
    unit: Unit = case.unit if case is not None else warning.unit
    if not Unit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("This unit is outside your scope."))
    if case is None and warning.case_id:
        case = warning.case
    people = list(officers)
    allowed = set(
        Officer.objects.in_unit_subtree(unit)
        .filter(pk__in=[o.pk for o in [*people, chief] if o is not None])
        .values_list("pk", flat=True)
    )
    outside = [o for o in [*people, chief] if o is not None and o.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "officers": _("Officers from outside the unit: %(names)s")
                % {"names": "、".join(o.name for o in outside)}
            }
        )
    hit = NegativeListHit.objects.create(
        item=item,
        unit=unit,
        case=case,
        warning=warning,
        chief=chief,
        sanction=sanction,
        sanction_note=(sanction_note or "").strip()[:200],
        decided_on=decided_on,
        description=(description or "").strip(),
        recorded_by=actor,
    )
    hit.officers.set(people)
    audit_record(
        actor=actor,
        action="negative_list.hit_record",
        target=hit,
        changes={
            "item": [None, item.number],
            "case": [None, case.pk if case else None],
            "problem": [None, warning.pk if warning else None],
            "officers": [None, sorted(o.pk for o in people)],
            "chief": [None, chief.pk if chief else None],
            "sanction": [None, sanction],
        },
    )
    return hit


def negative_list_hits(*, fetched_by: User) -> QuerySet[NegativeListHit]:
    return (
        NegativeListHit.objects.visible_to(fetched_by)
        .select_related("item", "unit", "case", "chief", "warning", "recorded_by")
        .prefetch_related("officers")
    )
