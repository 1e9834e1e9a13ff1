"""Demo: people's findings and the negative list, so their pages open full after
``make demo`` — a spot-check per demo station with findings, a petition with its back-check,
and negative-list hits. Idempotent: a second seed adds nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import Case
from supervision.choices import Role
from supervision.models import Unit, User

from . import findings, negative_list
from .choices import Department, PetitionChannel, Sanction
from .models import ChecklistItem, NegativeListItem, SpotCheck

FINDINGS = [
    (2, "讯问笔录第 3 页缺少被询问人签名、捺印"),
    (3, "权利义务告知书未附卷"),
    (4, "现场勘验照片未上传电子卷宗"),
]


@transaction.atomic
def seed() -> dict:
    actor = User.objects.filter(role=Role.LEGAL_AFFAIRS, is_active=True).order_by("pk").first()
    if actor is None or SpotCheck.objects.exists():
        return {"spot_checks": 0}
    findings.checklist_seed()
    negative_list.negative_list_seed()
    today = timezone.localdate()
    counts = {"spot_checks": 0, "findings": 0, "petitions": 0, "hits": 0}
    stations = Unit.objects.filter(pk__in=Case.objects.values("unit")).order_by("path")[:3]
    for index, unit in enumerate(stations):
        check = findings.spot_check_draw(
            actor=actor,
            unit=unit,
            period_start=today - datetime.timedelta(days=365),
            period_end=today,
            sample_size=5,
            seed=f"demo-{unit.code}",
        )
        counts["spot_checks"] += 1
        sample = list(check.sample.select_related("case"))
        for position, sampled in enumerate(sample[:2]):
            number, text = FINDINGS[(index + position) % len(FINDINGS)]
            finding = findings.finding_record(
                actor=actor,
                sampled=sampled,
                checklist_item=ChecklistItem.objects.filter(number=number).first(),
                text=text,
            )
            counts["findings"] += 1
            if position == 0 and index == 0:
                findings.warning_route(
                    actor=actor,
                    warning=finding.warning,
                    to_department=Department.DISCIPLINE,
                    note="涉嫌违反执法纪律，移交纪检督察",
                )
        for sampled in sample[:3]:
            findings.sampled_case_review(actor=actor, sampled=sampled)
        if sample:
            case = sample[-1].case
            petition = findings.petition_record(
                actor=actor,
                unit=unit,
                received_on=today - datetime.timedelta(days=10 + index),
                petitioner=["陈某", "刘某", "周某"][index % 3],
                channel=[PetitionChannel.VISIT, PetitionChannel.HOTLINE, PetitionChannel.LETTER][index % 3],
                content="反映报警后长期无人联系，案件办理无进展。",
                case=case,
            )
            findings.finding_record(
                actor=actor,
                petition=petition,
                text="受案后超过 30 日未开展调查取证",
                department=Department.PETITION,
            )
            findings.petition_conclude(
                actor=actor, petition=petition, conclusion="信访反映问题部分属实，已交办整改。"
            )
            counts["petitions"] += 1
            lead = case.case_officers.select_related("officer").order_by("-is_lead").first()
            negative_list.negative_list_hit_record(
                actor=actor,
                item=NegativeListItem.objects.filter(is_active=True).order_by("number")[index % 3],
                case=case,
                officers=[lead.officer] if lead else [],
                chief=lead.officer if lead else None,
                sanction=[Sanction.WARNING, Sanction.ADMONISHMENT, Sanction.SELF_EXAMINATION][index % 3],
                decided_on=today - datetime.timedelta(days=3),
                description="信访倒查发现，经集体研究认定。",
            )
            counts["hits"] += 1
    return counts
