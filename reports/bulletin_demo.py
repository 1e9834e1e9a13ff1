"""Demo bulletins and case reviews: the last three weeks' bulletins of the city and each
branch (the two older ones published, some deliveries acknowledged, the latest a draft),
a month of per-case reviews with its best and worst case chosen and the worst unit's
analysis attached. A few findings (spot-check problems) spread over the weeks give the
bulletins something to report; everything else goes through the services.
Re-running it adds nothing that is already there.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from alerts.choices import ItemKind, Level, WarningSource, WorkflowState
from alerts.models import Warning
from cases.models import Case
from supervision.audit import audit_context
from supervision.choices import AuditSource, Role, UnitLevel
from supervision.models import Unit, User

from . import bulletins, reviews
from .models import Bulletin, CaseReview, CaseReviewSelection, ReviewChecklistItem
from .services import previous_week

WEEKS = 3


def seed(*, scale: str, stdout=None) -> dict:
    with audit_context(source=AuditSource.SYSTEM):
        findings = _seed_findings()
        counts = _seed_bulletins()
        counts.update(_seed_reviews())
    counts["findings"] = findings
    if stdout is not None:
        stdout.write(f"  bulletins and case reviews: {counts}")
    return counts


@transaction.atomic
def _seed_findings() -> int:
    if Warning.objects.filter(fingerprint__startswith="demo-bulletin:").exists():
        return 0
    rng = random.Random(7)
    now = timezone.now()
    stations = list(Unit.objects.filter(level=UnitLevel.STATION, is_active=True).order_by("path")[:40])
    items = []
    for n in range(min(60, 4 * len(stations))):
        unit = rng.choice(stations)
        created = now - datetime.timedelta(days=rng.randint(1, 7 * WEEKS + 6), hours=rng.randint(0, 10))
        due = created + datetime.timedelta(days=3)
        closed = None
        if rng.random() < 0.6:
            closed = created + datetime.timedelta(days=rng.choice([1, 2, 2, 3, 5]))
            closed = closed if closed < now else None
        items.append(
            Warning(
                source=WarningSource.SPOT_CHECK,
                fingerprint=f"demo-bulletin:{n}",
                element_label=rng.choice(
                    ["讯问笔录未签名", "告知书未送达", "证据未上传", "扣押清单缺见证人签名"]
                ),
                unit=unit,
                level=Level.RED,
                peak_level=Level.RED,
                raised_at=created,
                created_at=created,
                updated_at=closed or created,
                kind=ItemKind.PROBLEM,
                workflow_state=WorkflowState.CLOSED if closed else WorkflowState.NOTIFIED,
                rectify_due_at=due,
                closed_at=closed,
                cleared_at=closed,
            )
        )
    Warning.objects.bulk_create(items)
    return len(items)


def _publisher_user() -> User | None:
    return (
        User.objects.filter(role=Role.LEGAL_AFFAIRS, is_active=True, unit__isnull=False)
        .order_by("unit__path", "pk")
        .first()
    )


def _seed_bulletins() -> dict:
    legal = _publisher_user()
    last_monday, _ = previous_week(timezone.localdate())
    created = published = acknowledged = 0
    for weeks_ago in range(WEEKS - 1, -1, -1):
        monday = last_monday - datetime.timedelta(weeks=weeks_ago)
        for publisher in bulletins.bulletin_publishers():
            bulletin, was_created = bulletins.bulletin_generate(publisher=publisher, monday=monday)
            created += was_created
            if legal is None or weeks_ago == 0 or bulletin.is_published:
                continue
            if not Bulletin.objects.managed_by(legal).filter(pk=bulletin.pk).exists():
                continue
            bulletins.bulletin_update_commentary(
                actor=legal,
                bulletin=bulletin,
                commentary=(
                    "一、本周巡查发现的问题主要集中在笔录签名、告知书送达和证据上传环节。\n"
                    "二、请逾期未整改的单位于3个工作日内完成整改并报法制部门核查销号。\n"
                    "三、各所队长组织民警学习本期通报，举一反三，防止问题重复发生。"
                ),
            )
            bulletin = bulletins.bulletin_publish(actor=legal, bulletin=bulletin)
            published += 1
            # The older issue read by everyone, the newer one by every other chief.
            for index, delivery in enumerate(bulletin.deliveries.select_related("recipient").order_by("pk")):
                if weeks_ago == WEEKS - 1 or index % 2 == 0:
                    bulletins.bulletin_acknowledge(actor=delivery.recipient, bulletin=bulletin)
                    acknowledged += 1
    return {"bulletins": created, "published": published, "acknowledged": acknowledged}


def _seed_reviews() -> dict:
    legal = _publisher_user()
    if legal is None or not ReviewChecklistItem.objects.exists():
        return {"reviews": 0}
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    if CaseReview.objects.filter(period=month).exists():
        return {"reviews": 0}
    rng = random.Random(11)
    items = list(ReviewChecklistItem.objects.filter(is_active=True))
    cases = list(Case.objects.visible_to(legal).order_by("-accepted_at")[:10])
    done = []
    comments = [
        "证据扎实，程序规范，文书制作严谨。",
        "个别文书送达不及时。",
        "取证不充分，强制措施审批手续不全。",
    ]
    for index, case in enumerate(cases):
        quality = [0.95, 0.85, 0.75, 0.6, 0.45][index % 5]
        scores = {
            i.pk: max(0, min(i.max_score, round(i.max_score * (quality + rng.uniform(-0.05, 0.05)))))
            for i in items
        }
        done.append(
            reviews.case_review_record(
                actor=legal, case=case, period=month, scores=scores, comment=comments[min(2, index % 5 // 2)]
            )
        )
    if len(done) >= 2 and not CaseReviewSelection.objects.filter(period=month).exists():
        ranked = sorted(done, key=lambda r: r.total)
        selection = reviews.selection_choose(
            actor=legal, period=month, best=ranked[-1], worst=ranked[0], note="经执法监督管理委员会评议。"
        )
        chief = User.objects.filter(
            role=Role.STATION_CHIEF, unit_id=ranked[0].unit_id, is_active=True
        ).first()
        reviews.selection_attach_analysis(
            actor=chief or legal,
            selection=selection,
            text=(
                "一、存在问题：取证不充分，强制措施审批手续不全。\n"
                "二、原因分析：办案民警对证据规格把握不准，审核把关不严。\n"
                "三、整改措施：组织专题学习，落实法制员逐案审核，所领导带头办理疑难案件。"
            ),
        )
    return {"reviews": len(done)}
