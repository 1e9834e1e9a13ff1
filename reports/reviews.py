"""Per-case reviews (一案一评) and each month's best and worst cases (最优、最差案件).

A reviewer scores a case item by item against the checklist; the review keeps a copy of
the items so a later change of the checklist never rewrites it. A bureau then chooses
the month's best and worst case from the reviews in its scope; the worst case's unit
attaches its written analysis, which its leader presents to the supervision committee.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from supervision.models import Unit, User
from supervision.roles import has_capability
from supervision.services import audit_record

from .models import CaseReview, CaseReviewSelection, ReviewChecklistItem

DEFAULT_CHECKLIST = [
    (1, "受案、立案及时规范", 15),
    (2, "证据收集合法、充分，程序完备", 20),
    (3, "强制措施适用正确、期限合法", 15),
    (4, "法律文书制作规范、送达及时", 15),
    (5, "涉案财物登记、入库、处置规范", 10),
    (6, "执法办案场所使用规范（五项检查、全程录音录像）", 10),
    (7, "告知、通知等当事人权利保障到位", 10),
    (8, "卷宗材料完整、装订归档及时", 5),
]


def checklist_ensure_defaults(**kwargs) -> None:
    """The default checklist exists after every migrate (and test flush); never overwritten."""
    if kwargs.get("using") not in (None, "default"):
        return
    if ReviewChecklistItem.objects.exists():
        return
    ReviewChecklistItem.objects.bulk_create(
        [ReviewChecklistItem(number=n, text=text, max_score=points) for n, text, points in DEFAULT_CHECKLIST]
    )


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def case_review_record(
    *, actor: User, case: Case, period: datetime.date, scores: dict[int, Decimal | int], comment: str = ""
) -> CaseReview:
    """Record ``actor``'s review of ``case`` for the month of ``period``.

    ``scores`` maps every active checklist item's id to the points given (0 … its maximum).
    """
    if not has_capability(actor, "review_cases"):
        raise PermissionDenied
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied
    items = list(ReviewChecklistItem.objects.filter(is_active=True).order_by("number"))
    if not items:
        raise ValidationError(_("The review checklist is empty."))
    errors = {}
    answers = []
    for item in items:
        raw = scores.get(item.pk)
        if raw is None:
            errors[f"item_{item.pk}"] = _("Give a score for every item.")
            continue
        score = Decimal(str(raw))
        if score < 0 or score > item.max_score:
            errors[f"item_{item.pk}"] = _("Between 0 and %(max)d points.") % {"max": item.max_score}
            continue
        answers.append(
            {
                "item": item.pk,
                "number": item.number,
                "text": item.text,
                "max": item.max_score,
                "score": str(score),
            }
        )
    if errors:
        raise ValidationError(errors)
    total = sum(Decimal(a["score"]) for a in answers)
    period = month_start(period)
    try:
        with transaction.atomic():
            review = CaseReview.objects.create(
                case=case,
                unit_id=case.unit_id,
                reviewer=actor,
                period=period,
                answers=answers,
                total=total,
                max_total=sum(item.max_score for item in items),
                comment=comment.strip(),
            )
            audit_record(
                actor=actor,
                action="case_review.record",
                target=review,
                unit=Unit(pk=case.unit_id),
                changes={"total": str(total), "period": period.isoformat()},
            )
    except IntegrityError:
        raise ValidationError(_("This case has already been reviewed for this month.")) from None
    return review


def selection_choose(
    *, actor: User, period: datetime.date, best: CaseReview, worst: CaseReview, note: str = ""
) -> CaseReviewSelection:
    """The month's best and worst case for the actor's bureau, chosen from its reviews."""
    if not has_capability(actor, "review_cases"):
        raise PermissionDenied
    publisher = actor.scope_unit
    if publisher is None:
        raise PermissionDenied
    period = month_start(period)
    in_scope = CaseReview.objects.visible_to(actor).filter(period=period)
    if not in_scope.filter(pk=best.pk).exists() or not in_scope.filter(pk=worst.pk).exists():
        raise ValidationError(_("Choose from this month's reviews in your scope."))
    if best.pk == worst.pk:
        raise ValidationError(_("The best and the worst case must be different cases."))
    try:
        with transaction.atomic():
            selection = CaseReviewSelection.objects.create(
                publisher=publisher, period=period, best=best, worst=worst, chosen_by=actor, note=note.strip()
            )
            audit_record(
                actor=actor,
                action="case_review.choose",
                target=selection,
                unit=publisher,
                changes={"best": best.pk, "worst": worst.pk, "period": period.isoformat()},
            )
    except IntegrityError:
        raise ValidationError(_("The best and worst cases of this month are already chosen.")) from None
    return selection


def selection_attach_analysis(
    *, actor: User, selection: CaseReviewSelection, text: str, upload=None
) -> CaseReviewSelection:
    """The worst case's unit (or its supervisors) attaches the unit's written analysis."""
    if not (has_capability(actor, "answer_warnings") or has_capability(actor, "review_cases")):
        raise PermissionDenied
    if not CaseReview.objects.visible_to(actor).filter(pk=selection.worst_id).exists():
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"analysis": _("Write the unit's analysis.")})
    with transaction.atomic():
        selection = CaseReviewSelection.objects.select_for_update().get(pk=selection.pk)
        before = selection.analysis
        selection.analysis = text
        if upload is not None:
            selection.analysis_file = upload
        selection.analysis_by = actor
        selection.analysis_at = timezone.now()
        selection.save(update_fields=["analysis", "analysis_file", "analysis_by", "analysis_at"])
        audit_record(
            actor=actor,
            action="case_review.analysis",
            target=selection,
            unit=Unit(pk=selection.worst.unit_id),
            changes={"analysis": [before, text], "file": selection.analysis_file.name or ""},
        )
    return selection


def month_reviews(*, fetched_by: User, period: datetime.date):
    """This month's reviews in scope, best first (the candidates for best and worst)."""
    return (
        CaseReview.objects.visible_to(fetched_by)
        .filter(period=month_start(period))
        .select_related("case", "unit", "reviewer")
        .order_by("-total", "case__number")
    )
