"""Demo of the rectification workflow: items in every workflow state at the demo's 东街
station, one escalated to the summons talk, one regression, one exemption and a webhook
subscription (switched off until someone enters a real address)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from supervision.choices import Role
from supervision.models import Unit, User

from . import exemptions, workflow
from .choices import Level, WarningSource
from .models import RiskPoint, Warning, WebhookSubscription
from .sweep import sweep_items

STATION = "350102510000"  # 东街派出所
SIBLING = "350102520000"  # 南门派出所


def seed(stdout=None) -> dict:
    station = Unit.objects.filter(code=STATION).first()
    if station is None or Warning.objects.filter(detail__demo_flow=True).exists():
        return {}
    chief = User.objects.filter(role=Role.STATION_CHIEF, unit=station).first()
    legal = (
        User.objects.filter(role=Role.LEGAL_OFFICER).first()
        or User.objects.filter(role=Role.LEGAL_AFFAIRS).first()
    )
    approver = User.objects.filter(role=Role.LEADER).first()
    if not (chief and legal and approver):
        return {}

    def finding(title, level=Level.YELLOW):
        return workflow.open_problem(
            unit=station,
            source=WarningSource.MANUAL,
            title=title,
            level=level,
            by=legal,
            detail={"demo_flow": True},
        )

    titles = {
        "notified": "询问笔录未记载告知权利义务",
        "acknowledged": "扣押物品清单缺少见证人签名",
        "submitted": "行政处罚决定书未按期送达",
        "verified": "取保候审保证金未按规定存入专户",
        "closed": "涉案财物未及时入库登记",
        "escalated": "刑事案件超期未移送审查起诉",
    }
    items = {
        state: finding(title, Level.RED if state == "escalated" else Level.YELLOW)
        for state, title in titles.items()
    }
    now = timezone.now()
    sweep_items(as_of=now + datetime.timedelta(seconds=1))
    for state in ("acknowledged", "submitted", "verified", "closed", "escalated"):
        workflow.acknowledge(items[state], by=chief)
    for state in ("submitted", "verified", "closed"):
        workflow.submit_rectification(items[state], by=chief, text="已按要求整改，材料已补充归卷。")
    for state in ("verified", "closed"):
        workflow.verify(items[state], by=legal, note="经核查，整改到位。")
    workflow.close_out(items["closed"], by=legal)
    # The overdue one, pushed through all three escalation steps.
    escalated = items["escalated"]
    escalated.refresh_from_db()
    pol = workflow.policy()
    Warning.objects.filter(pk=escalated.pk).update(
        rectify_due_at=now - datetime.timedelta(days=pol.step3_after_days + 1)
    )
    escalated.refresh_from_db()
    for days in (0, pol.step2_after_days, pol.step3_after_days):
        Warning.objects.filter(pk=escalated.pk).update(next_action_at=now)
        sweep_items(as_of=now + datetime.timedelta(seconds=2 + days))
    # A repeat problem: the closed one came back.
    repeat = finding(titles["closed"] + "（再次发生）")
    Warning.objects.filter(pk=repeat.pk).update(regression_of=items["closed"])
    finding("新登记问题：案件卷宗目录不完整")  # left new for the next sweep
    # An exemption at the sibling station for one risk point.
    sibling = Unit.objects.filter(code=SIBLING).first()
    risk_point = RiskPoint.objects.order_by("ref").first()
    if sibling and risk_point:
        exemption = exemptions.exemption_request(
            actor=legal,
            unit=sibling,
            risk_point=risk_point,
            reason="该所办案系统迁移期间数据不全，经批准暂缓预警。",
            ends_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        exemptions.exemption_decide(actor=approver, exemption=exemption, approve=True, note="同意，30天。")
    WebhookSubscription.objects.get_or_create(
        name="上级执法监督平台（示例）",
        defaults={
            "url": "https://example.invalid/hooks/warnings",
            "secret": "demo-secret-change-me",
            "levels": ["red"],
            "is_active": False,
        },
    )
    counts = {"workflow_items": len(items) + 2}
    if stdout is not None:
        stdout.write(f"  rectification workflow demo: {counts}")
    return counts
