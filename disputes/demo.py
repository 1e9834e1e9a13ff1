"""Demo disputes: records of every colour in every state, in the demo city.

Takes whatever dispute incidents the execution-elements demo created; when there are few
(or none), creates its own dispute incidents with their persons through ``cases`` models
(external ids ``DEMO-JF-…``), plus a few key-person register records so that data
collision finds released prisoners, drug users and people with mental disorders.
Then every step goes through the services, as an officer would take it: intake,
assessment, visits, resolution, the township's answer, written notices.

Business dates (reported, visited, resolved, confirmed) lie in the past; the audit trail
records the seeding time, as it would for data entered late.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cases.choices import IncidentCategory, IncidentDisposal, IncidentSource, PersonRole
from cases.models import Incident, Person
from supervision.choices import AuditSource, Role, UnitKind, UnitLevel
from supervision.models import Officer, Unit, User

from . import selectors, services
from .choices import Answer, DisputeStatus, NoticeReason, RiskColour
from .models import Dispute

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华建国志强晓明海燕"
ROADS = ["中山路", "解放路", "人民路", "和平街", "建设路", "湖滨路", "五一路", "茶亭街", "洪山路", "西关街"]

# (type, summary templates, cause) — the summaries carry the words the intake guesses types from.
STORIES: list[tuple[str, list[str], str]] = [
    (
        "neighbourhood",
        ["楼上漏水，邻居之间发生争吵", "邻居装修噪音扰民引发口角", "邻里之间因占道堆放杂物发生推搡"],
        "trivial",
    ),
    (
        "family",
        ["子女之间因赡养老人问题发生争吵", "婆媳矛盾激化，双方互相指责", "兄弟因遗产分割发生纠纷"],
        "property_rights",
    ),
    (
        "marriage",
        ["夫妻因离婚财产分割发生争吵", "男友分手后多次上门纠缠", "夫妻吵架，女方报警称遭推搡"],
        "emotional",
    ),
    (
        "labour",
        ["工人讨薪，与包工头发生争执", "员工被拖欠工资，聚集在公司门口", "劳务费结算争议引发冲突"],
        "economic",
    ),
    (
        "land",
        ["村民因宅基地边界发生争执", "承包地界址不清引发纠纷", "山林权属争议，双方互不相让"],
        "property_rights",
    ),
    (
        "debts",
        ["因欠款未还上门讨债发生争吵", "借款到期不还，债权人多次上门", "合伙生意欠款引发纠纷"],
        "economic",
    ),
    ("consumer", ["顾客要求退款与商家发生争执", "消费者称商品有质量问题要求赔偿"], "contract"),
    ("traffic", ["两车刮擦，双方对赔偿金额有争议", "停车位被占，车主之间发生口角"], "infringement"),
]
THREATS = ["，一方扬言要同归于尽", "，一方扬言要拼命", "，当事人情绪激动扬言报复"]
TOWNSHIPS = ["东街街道", "南门街道", "温泉街道", "鼓东街道", "江滨街道", "城关镇", "白沙镇"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))


def _id_number(rng: random.Random, serial: int) -> str:
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 40))
    return f"350102{birth:%Y%m%d}{serial % 1000:03d}{rng.randint(0, 9)}"


def _stations() -> list[Unit]:
    stations = list(
        Unit.objects.filter(level=UnitLevel.STATION, kind=UnitKind.POLICE_STATION, is_active=True).order_by(
            "path"
        )
    )
    # The demo logins' stations first (东街, 南门), then one or two from each branch.
    preferred = [u for u in stations if u.code in ("350102510000", "350102520000")]
    return preferred + [u for u in stations if u not in preferred]


def _actor_for(unit: Unit, cache: dict) -> User:
    """The community officer who works a station's disputes in the demo: the station's
    own demo login when there is one, else a user for one of its officers (no password)."""
    if unit.pk in cache:
        return cache[unit.pk]
    user = User.objects.filter(unit=unit, role=Role.OFFICER, is_active=True).order_by("pk").first()
    if user is None:
        officer = Officer.objects.filter(unit=unit, is_active=True).order_by("badge_no").last()
        user, _ = User.objects.get_or_create(
            username=f"sq_{unit.code}",
            defaults={
                "role": Role.OFFICER,
                "unit": unit,
                "officer": officer,
                "full_name": officer.name if officer else f"{unit.display_name}社区民警",
                "password": make_password(None),
            },
        )
    cache[unit.pk] = user
    return user


def _chief_for(unit: Unit) -> User | None:
    """Who drafts a notice: the station chief, else the branch's legal office, else the city's."""
    for filters in (
        {"unit": unit, "role": Role.STATION_CHIEF},
        {"unit__parent": unit.parent, "role": Role.LEGAL_OFFICER},
        {"role": Role.LEGAL_AFFAIRS},
    ):
        user = User.objects.filter(is_active=True, is_superuser=False, **filters).order_by("pk").first()
        if user is not None:
            return user
    return None


def _create_incidents(rng: random.Random, stations: list[Unit], count: int) -> int:
    """Dispute incidents with their parties, over the last ~100 days; some addresses and
    parties come back (repeat calls), some parties are on the key-person registers."""
    now = timezone.now()
    today = timezone.localdate()
    serial = Incident.objects.filter(external_id__startswith="DEMO-JF-").count()
    created = 0
    hot: list[tuple[Unit, str, list[tuple[str, str]]]] = []
    officers_by_unit: dict[int, list[Officer]] = {}
    for i in range(count):
        serial += 1
        # The first station (东街, where the demo officer works) takes a third of the calls.
        station = stations[0] if i % 3 == 0 else stations[i % len(stations)]
        dispute_type, summaries, _cause = rng.choice(STORIES)
        summary = rng.choice(summaries)
        threat = rng.random() < 0.12
        if threat:
            summary += rng.choice(THREATS)
        weapons = rng.random() < 0.04
        if weapons:
            summary += "，现场有人持刀"
        days_ago = min(100, int(rng.expovariate(1 / 30)))
        received = now - datetime.timedelta(
            days=days_ago, hours=rng.randint(0, 20), minutes=rng.randint(0, 59)
        )
        if received.date() > today:
            received = now - datetime.timedelta(hours=1)
        if hot and rng.random() < 0.2:
            station, address, parties = rng.choice(hot)
        else:
            address = (
                f"{station.display_name.replace('派出所', '')}{rng.choice(ROADS)}{rng.randint(1, 200)}号"
            )
            parties = [(_name(rng), _id_number(rng, serial * 3 + k)) for k in range(2)]
            if rng.random() < 0.15:
                hot.append((station, address, parties))
        officers = officers_by_unit.setdefault(
            station.pk, list(Officer.objects.filter(unit=station, is_active=True).order_by("badge_no"))
        )
        officer = rng.choice(officers) if officers else None
        incident = Incident.objects.create(
            external_id=f"DEMO-JF-{serial:05d}",
            unit=station,
            number=f"JQ{received:%Y%m%d}{serial:05d}",
            received_at=received,
            source=IncidentSource.CALL_110,
            category=IncidentCategory.DISPUTE,
            is_dispute=True,
            location=address,
            location_key=address,
            caller_name=parties[0][0],
            caller_phone=f"139{parties[0][1][-8:]}",
            summary=summary,
            officer=officer,
            dispatched_at=received + datetime.timedelta(minutes=3),
            arrived_at=received + datetime.timedelta(minutes=12),
            disposal=IncidentDisposal.MEDIATED if rng.random() < 0.6 else IncidentDisposal.PENDING,
            has_threat=threat,
            weapons_involved=weapons,
            crowd_size=rng.choice([2, 2, 2, 3, 4, 6, 12])
            if dispute_type != "labour"
            else rng.choice([5, 8, 15, 35]),
        )
        for k, (name, id_number) in enumerate(parties):
            Person.objects.create(
                external_id=f"DEMO-JF-{serial:05d}-P{k}",
                unit=station,
                incident=incident,
                role=PersonRole.PARTY,
                name=name,
                id_number=id_number,
            )
        created += 1
    return created


TODAYS_CALLS = [
    ("男子因离婚财产分割与前妻争吵，扬言要和对方同归于尽", 2, False, False),
    ("三十余名工人到工地讨薪，与包工头发生推搡", 35, False, False),
    ("楼上漏水，邻居之间发生口角", 2, False, False),
]


def _todays_calls(rng: random.Random, station: Unit) -> int:
    """This morning's dispute calls at the demo officer's station: the triage list is never empty."""
    now = timezone.now()
    made = 0
    for k, (summary, crowd, threat, weapons) in enumerate(TODAYS_CALLS):
        external_id = f"DEMO-JF-TODAY-{k}"
        if Incident.objects.filter(external_id=external_id).exists():
            continue
        received = now - datetime.timedelta(hours=2 + 3 * k)
        incident = Incident.objects.create(
            external_id=external_id,
            unit=station,
            number=f"JQ{received:%Y%m%d}9{k:04d}",
            received_at=received,
            source=IncidentSource.CALL_110,
            category=IncidentCategory.DISPUTE,
            is_dispute=True,
            location=f"{station.display_name.replace('派出所', '')}{ROADS[k]}{10 + k}号",
            location_key=f"{station.display_name.replace('派出所', '')}{ROADS[k]}{10 + k}号",
            summary=summary,
            officer=Officer.objects.filter(unit=station, is_active=True).order_by("badge_no").first(),
            has_threat=threat,
            weapons_involved=weapons,
            crowd_size=crowd,
        )
        for p in range(2):
            Person.objects.create(
                external_id=f"{external_id}-P{p}",
                unit=station,
                incident=incident,
                role=PersonRole.PARTY,
                name=_name(rng),
                id_number=_id_number(rng, 900 + 3 * k + p) if p == 0 or k != 2 else "",
            )
        if k == 1:
            # One of the parties is on the released-prisoner register.
            first = incident.persons.order_by("pk").first()
            Person.objects.create(
                external_id=f"{external_id}-REG",
                unit=station,
                role=PersonRole.OTHER,
                name=first.name,
                id_number=first.id_number,
                is_released_prisoner=True,
            )
        made += 1
    return made


def _flag_some_parties(rng: random.Random) -> int:
    """Key-person register records (in other records, as the registers hold them) for a
    few of the dispute parties: what data collision finds."""
    parties = list(
        Person.objects.filter(incident__is_dispute=True)
        .exclude(id_number="")
        .values("id_number", "name", "unit_id")
    )
    rng.shuffle(parties)
    flags = ["is_released_prisoner", "is_drug_user", "has_mental_disorder_risk"]
    made = 0
    for k, party in enumerate(parties[: max(3, len(parties) // 12)]):
        flag = flags[k % 3]
        external_id = f"DEMO-JF-REG-{party['id_number']}"
        if Person.objects.filter(external_id=external_id).exists():
            continue
        Person.objects.create(
            external_id=external_id,
            unit_id=party["unit_id"],
            role=PersonRole.OTHER,
            name=party["name"],
            id_number=party["id_number"],
            **{flag: True},
        )
        made += 1
    return made


def _assess(
    actor: User, dispute: Dispute, rng: random.Random, *, colour: str | None = None, reason: str = ""
) -> str:
    dispute = services.dispute_classify(
        actor=actor,
        dispute=dispute,
        dispute_type=dispute.dispute_type or "other",
        consequence=rng.choice(["none", "none", "none", "property_damage", "injury"]),
        cause=next((c for t, _s, c in STORIES if t == dispute.dispute_type), "other"),
    )
    existing = {a.item_id: a.answer for a in dispute.answers.all()}
    answers = {}
    for item in selectors.checklist_items():
        if item.pk in existing:
            answers[item.pk] = (existing[item.pk], "")
        elif item.code == "p-eight-losses":
            answers[item.pk] = (Answer.YES if rng.random() < 0.08 else Answer.NO, "")
        elif item.code == "r-cross-department":
            answers[item.pk] = (Answer.YES if dispute.dispute_type in ("land", "labour") else Answer.NO, "")
        else:
            answers[item.pk] = (rng.choice([Answer.NO, Answer.NO, Answer.NO, Answer.UNKNOWN]), "")
    services.dispute_checklist_answer(actor=actor, dispute=dispute, answers=answers)
    dispute.refresh_from_db()
    proposal, _model = selectors.dispute_proposal(dispute)
    chosen = colour or proposal.colour
    services.dispute_assess(
        actor=actor,
        dispute=dispute,
        colour=chosen,
        override_reason=reason or ("" if chosen == proposal.colour else "结合走访情况调整赋色"),
    )
    return chosen


def _visit(actor: User, dispute: Dispute, day: datetime.date, rng: random.Random) -> None:
    situation = rng.choice(["stable", "easing", "easing", "unchanged", "worsening"])
    outcomes = {
        "stable": "双方情绪稳定，未再发生冲突",
        "easing": "经做工作，双方同意进一步协商",
        "unchanged": "双方仍坚持各自主张，矛盾未缓和",
        "worsening": "一方情绪激动，已提醒家属加强看护",
    }
    steps = [
        "会同村（社区）调解委员会再次调解",
        "联系司法所提供法律咨询",
        "督促双方履行调解协议",
        "约双方到所面谈",
    ]
    services.dispute_visit_record(
        actor=actor,
        dispute=dispute,
        visited_on=day,
        method=rng.choice(["home", "home", "phone", "joint"]),
        situation=situation,
        outcome=outcomes[situation],
        next_steps=rng.choice(steps),
    )


@transaction.atomic
def seed(*, scale: str = "small", stdout=None) -> dict:
    from supervision.audit import audit_context

    rng = random.Random(5)
    stations = _stations()
    if not stations:
        return {}
    target = 60 if scale == "small" else 400
    existing = Incident.objects.filter(is_dispute=True).count()
    created_incidents = 0
    if existing < target // 2:
        created_incidents = _create_incidents(
            rng, stations[: 8 if scale == "small" else 40], target - existing
        )
    todays = _todays_calls(rng, stations[0])
    registers = _flag_some_parties(rng)
    today = timezone.localdate()
    with audit_context(source=AuditSource.SYSTEM):
        services.config_ensure_defaults()
        # Going live: older calls already disposed of are history, not today's work.
        history_days = 60 if scale == "small" else 3
        services.dispute_intake(historical_before=today - datetime.timedelta(days=history_days))
        services.dispute_intake_run(
            business_date=today, triggered_by=AuditSource.SYSTEM, occasion="demo", rerun=True
        )
        actors: dict[int, User] = {}
        limit = 250 if scale == "small" else 500
        disputes = list(
            Dispute.objects.filter(historical=False).select_related("unit").order_by("occurred_at")[:limit]
        )
        states = dict.fromkeys(DisputeStatus.values, 0)
        notice_candidates: list[Dispute] = []
        for index, dispute in enumerate(disputes):
            actor = _actor_for(dispute.unit, actors)
            reported = timezone.localtime(dispute.occurred_at).date()
            age = (today - reported).days
            roll = rng.random()
            # The newest few stay to be assessed (today's triage list).
            if age <= 1 or (age <= 4 and roll < 0.5):
                states[DisputeStatus.NEW] += 1
                continue
            override = None
            if roll < 0.06:
                override = RiskColour.YELLOW  # an officer judges it more serious than the data
            colour = _assess(
                actor,
                dispute,
                rng,
                colour=override,
                reason="当事人情绪不稳，研判提高一级" if override else "",
            )
            dispute.refresh_from_db()
            # Visits: one every interval or so since the report; some fall behind (overdue).
            interval = {RiskColour.RED: 1, RiskColour.YELLOW: 3, RiskColour.BLUE: 7}[colour]
            visit_days = sorted(
                {
                    reported + datetime.timedelta(days=d)
                    for d in range(1, max(2, min(age, 40)), max(interval, 3))
                    if reported + datetime.timedelta(days=d) <= today
                }
            )
            behind = rng.random() < 0.25
            if behind and visit_days:
                visit_days = visit_days[: max(1, len(visit_days) // 2)]
            for day in visit_days[-4:]:
                _visit(actor, dispute, day, rng)
            if not behind and age > 2:
                _visit(actor, dispute, today - datetime.timedelta(days=rng.randint(0, 1)), rng)
            dispute.refresh_from_db()
            if colour == RiskColour.RED and age > 3:
                notice_candidates.append(dispute)
            # Older disputes get resolved, most of them confirmed by the township.
            resolve_chance = 0.0 if age < 5 else (0.45 if age < 30 else 0.8)
            if colour == RiskColour.RED:
                resolve_chance /= 2
            if index % 17 == 5:
                resolve_chance = 0.0  # a few stay unresolved for long
            if rng.random() >= resolve_chance:
                states[DisputeStatus.IN_PROGRESS] += 1
                continue
            resolved_on = min(today, reported + datetime.timedelta(days=rng.randint(2, max(3, min(age, 25)))))
            township = rng.choice(TOWNSHIPS)
            services.dispute_resolve(
                actor=actor,
                dispute=dispute,
                resolved_on=resolved_on,
                method=rng.choice(
                    ["police_mediation", "peoples_mediation", "township", "self_settled", "judicial"]
                ),
                outcome=rng.choice(
                    [
                        "经民警调解，双方达成和解协议并当场履行",
                        "经人民调解委员会调解，签订调解协议，赔偿款已支付",
                        "在街道（乡镇）主持下达成协议，已履行完毕",
                        "双方同意通过诉讼解决，已告知诉讼途径，情绪稳定",
                    ]
                ),
                township=township,
            )
            if (today - resolved_on).days > 3 and rng.random() < 0.8:
                services.dispute_township_confirm(
                    actor=actor,
                    dispute=dispute,
                    confirmed=True,
                    confirmed_by=f"{township} {_name(rng)}",
                    confirmed_on=min(today, resolved_on + datetime.timedelta(days=rng.randint(1, 3))),
                )
                states[DisputeStatus.CLOSED] += 1
            else:
                states[DisputeStatus.RESOLVED] += 1
        _notices(notice_candidates, rng, today)
        services.dispute_sweep_run(business_date=today, triggered_by=AuditSource.SYSTEM, rerun=True)
    if stdout is not None:
        stdout.write(
            f"disputes: {Dispute.objects.count()} (incidents created {created_incidents + todays}, "
            f"register records {registers}); states {states}"
        )
    return {"states": states}


def _notices(candidates: list[Dispute], rng: random.Random, today: datetime.date) -> None:
    """Written notices in every state: draft, awaiting approval, returned, approved, delivered."""
    leader = User.objects.filter(role=Role.LEADER, is_active=True).order_by("pk").first()
    open_red = [d for d in candidates if Dispute.objects.get(pk=d.pk).status == DisputeStatus.IN_PROGRESS][:5]
    for step, dispute in enumerate(open_red):
        chief = _chief_for(dispute.unit)
        if chief is None:
            continue
        notice = services.notice_draft(
            actor=chief,
            dispute=dispute,
            reason=NoticeReason.CRIMINAL_TO_HOMICIDE
            if "同归于尽" in dispute.summary
            else NoticeReason.CIVIL_TO_CRIMINAL,
            recipient=services.default_recipient(dispute.unit),
            assessment="经评估，当事人情绪极不稳定，矛盾有激化趋势，存在“民转刑”风险，仅靠公安机关难以彻底化解。",
            suggestions=(
                f"建议政法委牵头组织{dispute.township or '属地乡镇街道'}和民政、司法、人社等部门研究会商，"
                "落实各方责任，合力做好源头化解、稳控处置工作。"
            ),
        )
        if step == 0 or leader is None:
            continue  # stays a draft
        services.notice_submit(actor=chief, notice=notice)
        if step == 1:
            continue  # awaits the leader
        if step == 2:
            services.notice_decide(
                actor=leader, notice=notice, approve=False, note="请补充近期回访情况后再报"
            )
            continue
        services.notice_decide(actor=leader, notice=notice, approve=True, note="同意抄告")
        if step == 4:
            services.notice_deliver(
                actor=chief,
                notice=notice,
                delivered_on=today,
                method="confidential_mail",
                received_by="政法委 办公室",
            )
