"""Demo execution elements for the demo city (江州市): a year of incidents, cases, persons
and measures, property, venue visits, questioning, documents and case files.

Every process runs on the clock: each step happens a drawn delay after the previous one,
with a realistic late tail, and a step that would fall after *now* has simply not
happened yet. So the data holds, in natural proportions, cases accepted but not yet
filed, detentions still waiting for an arrest request, property not yet stored, people
still in the handling area, files not yet archived — some within their limit, some
close to it, some past it. On top of that, each risk-point family gets a guaranteed
blue / yellow / red example per branch (and all of them at 东街派出所, where the demo's
station logins work), so the patrol has something of every colour to find right after
``make demo``.

``--scale small``: about 120 incidents per station (seconds, any database).
``--scale city``: a large city's year — about 3M incidents, 1M cases, 1M persons and
0.5M property items, with visits, sessions, documents and files in proportion —
streamed station by station into PostgreSQL with COPY.
"""

from __future__ import annotations

import datetime
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from supervision.demo import GIVEN, SURNAMES
from supervision.models import Officer, Unit
from supervision.services import audit_record

from . import models as m
from .choices import INVESTIGATIVE_EVENT_KINDS
from .demo_writer import make_sink

H = 3600
D = 86_400
MIN = 60
NEVER = None  # a step that has not happened
DRAW = object()  # no override: draw the usual delay

# Write order: a row's references are always written before it.
ORDER = [
    m.Venue,
    m.Incident,
    m.Case,
    m.CaseOfficer,
    m.CaseEvent,
    m.Person,
    m.CoerciveMeasure,
    m.Property,
    m.PropertyMovement,
    m.VenueVisit,
    m.VenueMovement,
    m.QuestioningSession,
    m.LimitChange,
    m.CaseFile,
    m.LegalDocument,
]

SCALES = {"small": 120, "city": 26_800}  # incidents per station

DISTRICTS = [
    "鼓楼区",
    "江南区",
    "高新区",
    "清河县",
    "马尾区",
    "长乐区",
    "闽安区",
    "福清市",
    "连江县",
    "罗源县",
    "闽清县",
    "永泰县",
]
ROADS = (
    "东街 南门路 温泉路 杨桥路 五四路 华林路 湖东路 六一路 工业路 北环路 白马路 福新路 长乐路 "
    "江滨大道 乌山路 铜盘路 西洪路 上浦路 金山大道 浦上大道 建新路 盘屿路 首山路 秀山路 新店路 "
    "解放路 人民路 中山路 和平街 建设路"
).split()
ESTATES = (
    "金山小区 福新花园 南湖苑 江滨新村 温泉公寓 华林小区 阳光城 世纪家园 锦绣华庭 桂湖新村 "
    "东方明珠 融侨锦江 正祥广场 万达广场 金辉花园 三盛国际"
).split()
CRIMINAL_CAUSES = [
    ("盗窃", 30, False),
    ("诈骗", 14, False),
    ("电信网络诈骗", 10, False),
    ("危险驾驶", 10, False),
    ("故意伤害", 7, False),
    ("帮助信息网络犯罪活动", 5, False),
    ("寻衅滋事", 5, False),
    ("开设赌场", 3, False),
    ("掩饰、隐瞒犯罪所得", 3, False),
    ("抢劫", 2, False),
    ("贩卖毒品", 2, False),
    ("信用卡诈骗", 2, True),
    ("职务侵占", 2, True),
    ("合同诈骗", 1, True),
    ("非法拘禁", 1, False),
]
ADMIN_CAUSES = [
    ("殴打他人", 28),
    ("盗窃", 14),
    ("赌博", 8),
    ("吸毒", 8),
    ("故意损毁财物", 6),
    ("寻衅滋事", 5),
    ("醉酒后扰乱公共秩序", 4),
    ("卖淫嫖娼", 4),
    ("诈骗", 4),
    ("扰乱单位秩序", 3),
    ("非法侵入住宅", 2),
    ("阻碍执行职务", 2),
    ("散布谣言", 2),
    ("饲养动物干扰他人正常生活", 2),
]
ITEMS = {
    "盗窃": [
        ("电动自行车一辆", "other", 2_800),
        ("苹果手机一部", "phone", 5_200),
        ("现金", "cash", 1_600),
        ("金项链一条", "jewellery", 7_800),
    ],
    "诈骗": [("涉案银行账户资金", "deposit", 48_000), ("作案手机一部", "phone", 1_200)],
    "电信网络诈骗": [("涉案银行账户资金", "deposit", 126_000), ("银行卡五张", "document", 0)],
    "帮助信息网络犯罪活动": [("银行卡十二张", "document", 0), ("涉案银行账户资金", "deposit", 86_000)],
    "信用卡诈骗": [("信用卡三张", "document", 0), ("涉案银行账户资金", "deposit", 62_000)],
    "合同诈骗": [("涉案银行账户资金", "deposit", 380_000), ("股权", "equity", 500_000)],
    "职务侵占": [("涉案银行账户资金", "deposit", 210_000)],
    "危险驾驶": [("小型轿车一辆", "vehicle", 86_000)],
    "故意伤害": [("管制刀具一把", "weapon", 0)],
    "抢劫": [("管制刀具一把", "weapon", 0), ("现金", "cash", 3_400)],
    "开设赌场": [("赌资", "cash", 26_000), ("赌博机三台", "other", 9_000)],
    "赌博": [("赌资", "cash", 4_300), ("扑克牌两副", "other", 0)],
    "贩卖毒品": [("甲基苯丙胺（冰毒）", "drugs", 0), ("电子秤一台", "other", 80)],
    "吸毒": [("吸毒工具一套", "drugs", 0)],
    "掩饰、隐瞒犯罪所得": [("二手手机十部", "phone", 9_000)],
    "寻衅滋事": [("木棍一根", "other", 0)],
}
DEFAULT_ITEMS = [("手机一部", "phone", 1_500)]
STORAGE = ["涉案财物管理中心A区{}号柜", "涉案财物管理中心B区{}号架", "派出所涉案财物暂存室{}号柜"]
PHONE_PREFIXES = ("138", "139", "158", "159", "186", "187", "137", "150", "135", "133", "177", "189")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
DISPUTE_SUMMARIES = [
    "邻居因噪音问题发生争吵，报警求助。",
    "夫妻因家庭琐事发生纠纷，女方报警。",
    "租客与房东因押金退还发生纠纷。",
    "工人称被拖欠工资，与包工头发生争执。",
    "两车剐蹭后双方发生口角。",
    "商户与顾客因退货问题发生纠纷。",
    "邻里因占用楼道堆放杂物发生纠纷。",
    "债务纠纷，债主上门讨债发生推搡。",
]
OTHER_SUMMARIES = {
    "criminal": [
        "报警称电动车在小区楼下被盗。",
        "报警称接到冒充客服电话被骗。",
        "报警称在路边被人殴打受伤。",
        "报警称家中被盗。",
    ],
    "administrative": [
        "报警称在饭店内被人殴打。",
        "群众举报有人在出租屋内聚众赌博。",
        "报警称有人醉酒滋事。",
        "报警称店内商品被盗。",
    ],
    "assistance": ["老人走失，家属报警求助。", "钥匙锁在车内，请求协助。", "儿童走失求助。"],
    "traffic": ["路口发生两车相撞事故。", "车辆堵塞消防通道。"],
    "non_police": ["反映小区物业服务问题。", "咨询社保缴纳事宜。", "反映道路积水。"],
    "false_alarm": ["无声电话。", "误拨110。"],
    "other": ["群众反映情况。"],
}
INCIDENT_CATEGORIES = [
    ("dispute", 30),
    ("administrative", 20),
    ("criminal", 15),
    ("assistance", 15),
    ("traffic", 8),
    ("non_police", 7),
    ("false_alarm", 3),
    ("other", 2),
]


DOC_ABBR = {
    "acceptance_receipt": "受",
    "filing_decision": "立",
    "no_filing_notice": "不立",
    "detention_warrant": "拘",
    "detention_notice": "拘通",
    "arrest_request": "提捕",
    "arrest_notice": "捕通",
    "bail_decision": "取保",
    "rsdl_decision": "监居",
    "summons_certificate": "传",
    "penalty_decision": "行罚决",
    "seizure_list": "扣",
    "freeze_order": "冻",
    "withdrawal_notice": "撤",
    "prosecution_transfer": "诉",
}


def _weighted(items):
    population = [item[0] for item in items]
    weights = [item[1] for item in items]
    return population, weights


@dataclass
class Station:
    unit_id: int
    code: str
    name: str
    branch_index: int
    officers: list  # (id, badge, name)
    venue_id: int
    centre_venue_id: int
    region: str
    district: str
    hot_addresses: list = field(default_factory=list)
    seq: int = 0


class DemoGenerator:
    def __init__(self, *, now: int, rng: random.Random, sink, scale: str):
        self.now = now
        self.rng = rng
        self.sink = sink
        self.scale = scale
        self.ids = {
            model: (model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0)
            for model in ORDER
        }
        self.case_causes = _weighted(CRIMINAL_CAUSES)
        self.admin_causes = _weighted(ADMIN_CAUSES)
        self.categories = _weighted(INCIDENT_CATEGORIES)
        self.econ = {cause for cause, _w, econ in CRIMINAL_CAUSES if econ}
        self.activity: dict[int, int] = {}  # case id → latest investigative act so far
        self.people: dict[int, dict] = {}  # case id → first name seen per role (for the case name)

    def touch(self, case_id: int | None, moment: int | None) -> None:
        if case_id is not None and moment is not None and moment > self.activity.get(case_id, 0):
            self.activity[case_id] = moment

    # --- small helpers ---------------------------------------------------------------

    def add(
        self, model, st: Station | None, row: dict, *, first: int | None = None, last: int | None = None
    ) -> int:
        self.ids[model] += 1
        pk = self.ids[model]
        row["id"] = pk
        if st is not None and model is not m.CaseOfficer:
            row.setdefault("unit_id", st.unit_id)
        if model is not m.Venue and model is not m.CaseOfficer:
            row["created_at"] = first or self.now
            row["updated_at"] = min(self.now, max(last or first or self.now, first or 0))
        self.sink.add(model, row)
        return pk

    def at(self, base: int | None, delay: float | None) -> int | None:
        """``base + delay`` if that moment has come; otherwise the step has not happened."""
        if base is None or delay is None:
            return None
        moment = int(base + delay)
        return moment if moment <= self.now else None

    def delay(self, plan: dict, key: str, sample):
        return plan[key] if key in plan else sample()

    def late_tail(self, usual: tuple[float, float], late: tuple[float, float], p_late: float) -> float:
        low, high = late if self.rng.random() < p_late else usual
        return self.rng.uniform(low, high)

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def id_number(self, st: Station, birth_year: int) -> tuple[str, str]:
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        body = f"{st.region}{birth_year:04d}{month:02d}{day:02d}{self.rng.randrange(1000):03d}"
        check = ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
        return body + check, f"{birth_year:04d}-{month:02d}-{day:02d}"

    def address(self, st: Station) -> tuple[str, str]:
        road = self.rng.choice(ROADS)
        number = self.rng.randint(1, 399)
        estate = self.rng.choice(ESTATES)
        key = f"{st.district}{road}{number}号"
        building, floor, room = self.rng.randint(1, 30), self.rng.randint(1, 28), self.rng.randint(1, 6)
        return f"江州市{key}{estate}{building}栋{floor}0{room}室", key

    def ext(self, st: Station, prefix: str) -> str:
        st.seq += 1
        return f"{prefix}{st.code}{st.seq:08d}"

    def officer_pair(self, st: Station):
        first, second = self.rng.sample(st.officers, 2)
        return first, second

    def when(self) -> int:
        """A moment in the past year. The small demo weights the last month (so its few
        thousand elements still show work in progress); the city spreads evenly."""
        if self.rng.random() < (0.3 if self.scale == "small" else 0.08):
            return self.now - int(self.rng.uniform(0, 30 * D))
        return self.now - int(self.rng.uniform(30 * D, 365 * D))

    # --- documents, sessions, visits --------------------------------------------------

    def document_number(self, st, kind: str, moment: int) -> str:
        year, serial = time.gmtime(moment).tm_year, self.rng.randint(1, 9999)
        return f"榕{st.district[0]}公（{st.name[:2]}）{DOC_ABBR.get(kind, '')}字〔{year}〕{serial}号"

    def document(
        self, st, kind, issued, *, served=None, served_to="", recipient="", direction="issued", **links
    ):
        """A legal document; most are formally complete, a few lack a seal or a date."""
        if issued is None and served is None and direction == "issued":
            return None
        rng = self.rng
        row = {
            "external_id": self.ext(st, "WS"),
            "kind": kind,
            "number": self.document_number(st, kind, issued or served),
            "direction": direction,
            "issued_at": issued,
            "served_at": served,
            "served_to": served_to,
            "recipient_kind": recipient,
            "signed_by_officers": rng.random() > 0.01,
            "sealed": rng.random() > 0.015,
            "dated": rng.random() > 0.01,
            "in_file": issued is not None and rng.random() > 0.03,
            "scanned": rng.random() > 0.05,
        }
        row.update(links)
        return self.add(m.LegalDocument, st, row, first=issued or served, last=served or issued)

    def session(
        self,
        st,
        *,
        case_id,
        person,
        start,
        kind,
        visit_id=None,
        location="handling_area",
        minutes=None,
        av_complete=None,
        guardian=None,
        signed=None,
    ):
        """A questioning session and its record (笔录)."""
        if start is None:
            return None
        rng = self.rng
        duration = (minutes or rng.uniform(35, 150)) * MIN
        end = self.at(start, duration)
        officer = rng.choice(st.officers)
        recorded = av_complete if av_complete is not None else rng.random() > 0.02
        complete = recorded and (av_complete if av_complete is not None else rng.random() > 0.03)
        minor = person.get("is_minor", False)
        self.touch(case_id, start)
        session_id = self.add(
            m.QuestioningSession,
            st,
            {
                "external_id": self.ext(st, "XW"),
                "case_id": case_id,
                "person_id": person["id"],
                "visit_id": visit_id,
                "kind": kind,
                "location": location,
                "started_at": start,
                "ended_at": end,
                "av_recorded": recorded,
                "av_complete": complete,
                "guardian_present": (guardian if guardian is not None else rng.random() > 0.05)
                if minor
                else False,
                "female_officer_present": minor and person.get("gender") == "female",
                "officer_id": officer[0],
            },
            first=start,
            last=end,
        )
        if end is not None:
            signed_by_subject = signed if signed is not None else rng.random() > 0.03
            self.document(
                st,
                "interrogation_record" if kind == "interrogation" else "inquiry_record",
                end,
                case_id=case_id,
                person_id=person["id"],
                session_id=session_id,
                signed_by_subject=signed_by_subject,
                subject_refusal_noted=not signed_by_subject and rng.random() < 0.2,
                has_av_recording=recorded,
            )
        return session_id

    def visit(
        self,
        st,
        *,
        person,
        case_id,
        entered,
        stay_hours=DRAW,
        exit_reason="released",
        checks=None,
        centre=False,
        custodial_at=None,
        taken_out=None,
        extra=None,
    ):
        """A stay in a handling area; ``stay_hours=NEVER``: the person is still there."""
        if entered is None:
            return None
        rng = self.rng
        if stay_hours is DRAW:
            stay_hours = rng.uniform(2, 9)
        stay = stay_hours * H if stay_hours is not NEVER else None
        exited = self.at(entered, stay)
        all_checks = checks if checks is not None else rng.random() > 0.04
        missing = (
            set()
            if all_checks
            else set(rng.sample(["body", "belongings", "health", "info"], rng.randint(1, 2)))
        )
        visit_id = self.add(
            m.VenueVisit,
            st,
            {
                "external_id": self.ext(st, "BA"),
                "venue_id": st.centre_venue_id if centre else st.venue_id,
                "person_id": person["id"],
                "case_id": case_id,
                "arrived_at": entered - int(rng.uniform(3, 15) * MIN),
                "entered_at": entered,
                "exited_at": exited,
                "exit_reason": exit_reason if exited else "",
                "check_identity": True,
                "check_body": "body" not in missing,
                "check_belongings": "belongings" not in missing,
                "check_health": "health" not in missing,
                "check_info_collected": "info" not in missing,
                "checked_by_id": rng.choice(st.officers)[0],
                "checked_at": entered + int(rng.uniform(2, 12) * MIN),
                "room_kind": rng.choice(["interrogation", "inquiry", "waiting"]),
                "custodial_decision_at": custodial_at,
                **(extra or {}),
            },
            first=entered,
            last=exited,
        )
        # Now and then a person is taken out to point out the scene or the loot (指认现场、
        # 起赃) and brought back — with the handling-department head's approval, mostly.
        if taken_out or (taken_out is None and exited and rng.random() < 0.06):
            end = exited or self.now
            out = entered + int((end - entered) * rng.uniform(0.2, 0.5))
            approved = not taken_out and rng.random() > 0.1
            self.add(
                m.VenueMovement,
                st,
                {
                    "external_id": self.ext(st, "DC"),
                    "visit_id": visit_id,
                    "out_at": out,
                    "back_at": self.at(out, rng.uniform(30, 100) * MIN),
                    "purpose": rng.choice(["指认现场", "起赃", "辨认"]),
                    "approved_by": self.name() if approved else "",
                    "approved_at": out - int(10 * MIN) if approved else None,
                },
                first=out,
            )
        return visit_id

    def person(self, st, *, role, case_id=None, incident_id=None, minor=False, flags=(), at=None, extra=None):
        rng = self.rng
        gender = (
            "female" if rng.random() < (0.45 if role in ("victim", "witness", "party") else 0.15) else "male"
        )
        extra = dict(extra or {})
        age = extra.pop("age", None) or (rng.randint(14, 17) if minor else rng.randint(18, 72))
        number, birth = self.id_number(st, time.gmtime(self.now).tm_year - age)
        address, _key = self.address(st)
        row = {
            "external_id": self.ext(st, "RY"),
            "case_id": case_id,
            "incident_id": incident_id,
            "role": role,
            "name": self.name(),
            "id_number": number,
            "gender": gender,
            "birth_date": _date(birth),
            "address": address,
            "phone": self.phone(),
            "is_minor": minor,
        }
        for flag in flags:
            row[flag] = True
        row.update(extra)
        if case_id is not None:
            self.people.setdefault(case_id, {}).setdefault(role, row["name"])
        row["id"] = self.add(m.Person, st, row, first=at)
        return row

    # --- incidents --------------------------------------------------------------------

    def incident(self, st, received: int, plan: dict | None = None) -> dict:
        plan = plan or {}
        rng = self.rng
        category = plan.get("category") or rng.choices(*self.categories)[0]
        is_dispute = category == "dispute"
        source = (
            plan.get("source")
            or rng.choices(
                ["call_110", "walk_in", "phone", "online", "transfer", "patrol"], [70, 12, 8, 5, 2, 3]
            )[0]
        )
        emergency = plan.get("emergency", source == "call_110" and rng.random() < 0.6)
        location, key = self.address(st)
        if is_dispute and st.hot_addresses and rng.random() < 0.08:
            key = rng.choice(st.hot_addresses)  # a dispute that keeps coming back
            location = f"江州市{key}"
        if "location_key" in plan:  # the same place as an earlier call
            key = plan["location_key"]
            location = f"江州市{key}"
        officer = rng.choice(st.officers)
        dispatched = self.at(received, rng.uniform(0.5, 3) * MIN)
        arrival_minutes = plan.get("arrival_minutes") or self.late_tail((2, 4.8), (5.2, 14), 0.08)
        arrived = self.at(dispatched, arrival_minutes * MIN) if source == "call_110" else None
        disposal = plan.get("disposal") or {
            "dispute": rng.choice(["mediated", "mediated", "resolved_on_scene"]),
            "criminal": "accepted_as_case",
            "administrative": "accepted_as_case",
            "non_police": "referred_elsewhere",
            "false_alarm": "no_action",
        }.get(category, "resolved_on_scene")
        disposed = self.at(
            arrived or received, self.delay(plan, "dispose_delay", lambda: rng.uniform(20, 150) * MIN)
        )
        if disposed is None:
            disposal = "pending"
        result = self.at(
            disposed,
            self.delay(
                plan, "result_delay", lambda: self.late_tail((0.2 * H, 10 * H), (25 * H, 40 * H), 0.03)
            ),
        )
        jurisdiction = plan.get("jurisdiction") or (
            "other_unit" if rng.random() < 0.03 else ("non_police" if category == "non_police" else "own")
        )
        transferred = None
        told = None
        if jurisdiction == "other_unit":
            disposal = "transferred"
            transferred = self.at(
                received,
                self.delay(
                    plan, "transfer_delay", lambda: self.late_tail((1 * H, 20 * H), (25 * H, 40 * H), 0.06)
                ),
            )
            told = self.at(transferred, rng.uniform(5, 60) * MIN)
        elif jurisdiction == "non_police":
            told = self.at(
                received,
                self.delay(
                    plan, "told_delay", lambda: NEVER if rng.random() < 0.04 else rng.uniform(3, 20) * MIN
                ),
            )
        callback = None
        if is_dispute:
            callback = self.at(
                disposed,
                self.delay(
                    plan, "callback_delay", lambda: self.late_tail((0.5 * D, 2 * D), (3.2 * D, 6 * D), 0.05)
                ),
            )
        elif disposed:
            # Other callers get their call-back (JQ13) the next day; no random draw, so the rest
            # of the city does not shift.
            callback = self.at(disposed, plan.get("callback_delay", 1 * D))
        summary = rng.choice(
            DISPUTE_SUMMARIES if is_dispute else OTHER_SUMMARIES.get(category, OTHER_SUMMARIES["other"])
        )
        row = {
            "external_id": self.ext(st, "JQ"),
            "number": f"J{st.code[:6]}{time.strftime('%Y%m%d', time.gmtime(received + 8 * H))}{st.seq:06d}",
            "received_at": received,
            "source": source,
            "category": category,
            "is_dispute": is_dispute,
            "is_emergency": emergency,
            "area_type": "rural" if st.district.endswith("县") and rng.random() < 0.5 else "urban",
            "location": location,
            "location_key": key,
            "caller_name": self.name(),
            "caller_phone": self.phone(),
            "summary": summary,
            "officer_id": officer[0],
            "dispatched_at": dispatched,
            "arrived_at": arrived,
            "disposal": disposal,
            "disposed_at": disposed,
            "result_recorded_at": result,
            "jurisdiction": jurisdiction,
            "transferred_at": transferred,
            "transferred_to": "相邻派出所"
            if jurisdiction == "other_unit"
            else ("市场监管部门" if jurisdiction == "non_police" else ""),
            "reporter_told_at": told,
            "feedback_at": self.at(disposed, rng.uniform(5, 60) * MIN) if disposed else None,
            "callback_at": callback,
            "callback_outcome": "当事人表示满意" if callback else "",
            "has_threat": plan.get("threat", is_dispute and rng.random() < 0.02),
            "weapons_involved": is_dispute and rng.random() < 0.01,
            "crowd_size": rng.choice([2, 2, 2, 3, 4, 6]) if is_dispute else 0,
        }
        row["id"] = self.add(m.Incident, st, row, first=received, last=callback or result or disposed)
        if is_dispute and (plan.get("parties") or rng.random() < 0.08):
            flags = plan.get("party_flags")
            if flags is None and rng.random() < 0.06:
                flags = [rng.choice(["is_released_prisoner", "is_drug_user", "has_mental_disorder_risk"])]
            self.person(st, role="party", incident_id=row["id"], flags=flags or (), at=received)
            self.person(st, role="party", incident_id=row["id"], at=received)
        if jurisdiction == "non_police" and told:
            self.document(
                st, "non_police_notice", told, served=told, recipient="reporter", incident_id=row["id"]
            )
        return row

    # --- cases ------------------------------------------------------------------------

    def case_row(self, st, *, kind, cause, accepted, incident=None, plan=None) -> dict:
        rng = self.rng
        plan = plan or {}
        first, second = self.officer_pair(st)
        row = {
            "external_id": self.ext(st, "AJ"),
            "number": f"{'A' if kind == 'criminal' else 'B'}{st.code}{_year(accepted)}{st.seq:06d}",
            "kind": kind,
            "cause": cause,
            "source": "incident"
            if incident
            else rng.choice(["report", "report", "self_discovered", "surrender"]),
            "incident_id": incident["id"] if incident else None,
            "status": "accepted",
            "has_complainant": plan.get("complainant", rng.random() < 0.85),
            "reported_at": incident["received_at"] if incident else accepted - int(rng.uniform(10, 90) * MIN),
            "accepted_at": accepted,
            "is_major": plan.get(
                "major", kind == "criminal" and cause in ("抢劫", "贩卖毒品") and rng.random() < 0.5
            ),
            "act_occurred_at": accepted - int(rng.uniform(1, 48) * H),
        }
        row["_officers"] = [(first, True), (second, False)]
        return row

    def finish_case(self, st, row: dict, *, events: list, last: int) -> int:
        case_id = self.ids[m.Case] + 1
        for kind, moment, _note in events:
            if kind in INVESTIGATIVE_EVENT_KINDS:
                self.touch(case_id, moment)
        # The latest investigative act, as ingestion derives it (events, sessions, measures).
        row["last_activity_at"] = self.activity.pop(case_id, None)
        row["name"] = _case_name(row["cause"], self.people.pop(case_id, {}))
        case_id = self.add(m.Case, st, row, first=row["accepted_at"], last=last)
        for officer, lead in row.pop("_officers"):
            self.add(m.CaseOfficer, None, {"case_id": case_id, "officer_id": officer[0], "is_lead": lead})
        for kind, moment, note in events:
            self.add(
                m.CaseEvent,
                st,
                {
                    "external_id": self.ext(st, "SJ"),
                    "case_id": case_id,
                    "kind": kind,
                    "occurred_at": moment,
                    "officer_id": self.rng.choice(st.officers)[0],
                    "note": note,
                },
                first=moment,
            )
        return case_id

    def receipt(self, st, row, case_id):
        """受案回执: on the spot when the case has a reporter, unless refused."""
        if not row["has_complainant"]:
            return
        if row.get("_no_receipt") or self.rng.random() < 0.02:
            return
        accepted = row["accepted_at"]
        self.document(
            st, "acceptance_receipt", accepted, served=accepted, recipient="reporter", case_id=case_id
        )

    def criminal_case(self, st, accepted: int, incident=None, plan: dict | None = None) -> int:
        plan = plan or {}
        rng = self.rng
        cause = plan.get("cause") or rng.choices(*self.case_causes)[0]
        row = self.case_row(st, kind="criminal", cause=cause, accepted=accepted, incident=incident, plan=plan)
        econ = cause in self.econ
        tier = plan.get("tier") or (
            "econ_prefecture"
            if econ and rng.random() < 0.3
            else rng.choices(["standard", "verify_lead", "complex"], [87, 10, 3])[0]
        )
        limit = {"standard": 3, "verify_lead": 7, "complex": 30, "econ_prefecture": 60}[tier] * D
        row.update(is_economic_crime=econ, filing_review_tier=tier)
        if plan.get("_no_receipt"):
            row["_no_receipt"] = True
        decline = plan.get("decline", rng.random() < 0.07)
        decision_delay = self.delay(
            plan,
            "filing_delay",
            lambda: self.late_tail((2 * H, limit * 0.8), (limit * 1.05, limit * 1.8), 0.05),
        )
        decided = self.at(accepted, decision_delay)
        events: list = []
        last = accepted
        suspect = None
        victim = None
        # The case id is needed by its children: reserve it now.
        case_id = self.ids[m.Case] + 1
        if rng.random() < (0.6 if cause not in ("危险驾驶", "开设赌场", "贩卖毒品") else 0.1):
            victim = self.person(st, role="victim", case_id=case_id, at=accepted)
            session_at = self.at(accepted, rng.uniform(0.3, 6) * H)
            self.session(
                st, case_id=case_id, person=victim, start=session_at, kind="inquiry", location="scene"
            )
        if decided and decline:
            row.update(
                declined_at=decided, status="declined", closed_at=self.at(decided, rng.uniform(1, 5) * D)
            )
            notice_served = self.at(
                decided,
                self.delay(
                    plan,
                    "decline_notice_delay",
                    lambda: self.late_tail((0.2 * D, 2.5 * D), (3.2 * D, 6 * D), 0.05),
                ),
            )
            if row["has_complainant"]:
                self.document(
                    st,
                    "no_filing_notice",
                    decided,
                    served=notice_served,
                    recipient="reporter",
                    case_id=case_id,
                )
            last = row["closed_at"] or decided
        elif decided:
            row.update(filed_at=decided, status="filed")
            self.document(st, "filing_decision", decided, case_id=case_id)
            last = decided
            idle = plan.get("idle", rng.random() < 0.03)
            if not idle:
                for kind, note in (
                    ("inspection", "现场勘验"),
                    ("evidence_collected", "调取监控录像"),
                    ("evidence_collected", "调取银行流水"),
                ):
                    moment = self.at(decided, rng.uniform(0.1, 12) * D)
                    if moment:
                        events.append((kind, moment, note))
                        row["status"] = "investigating"
            caught = plan.get("catch_at")
            if caught is None and plan.get("suspect", rng.random() < 0.38) and not idle:
                caught = self.at(decided, rng.uniform(0.3, 45) * D)
            if plan.get("suspect") is False:
                caught = None
            if caught is not None:
                suspect = self.person(
                    st,
                    role="suspect",
                    case_id=case_id,
                    minor=plan.get("minor", rng.random() < 0.04),
                    at=caught,
                    extra=plan.get("suspect_extra"),
                )
                row.update(solved_at=caught, status="solved")
                last = max(last, caught)
                last = max(last, self.custody_path(st, row, case_id, suspect, caught, plan, events))
            withdraw_at = plan.get("withdraw_at")
            if withdraw_at is None and suspect is None and rng.random() < 0.03:
                withdraw_at = self.at(decided, rng.uniform(20, 120) * D)
            if withdraw_at:
                row.update(withdrawn_at=withdraw_at, status="withdrawn")
                notice = self.at(
                    withdraw_at,
                    self.delay(
                        plan,
                        "withdraw_notice_delay",
                        lambda: self.late_tail((0.2 * D, 2.5 * D), (3.5 * D, 6 * D), 0.05),
                    ),
                )
                self.document(
                    st, "withdrawal_notice", withdraw_at, served=notice, recipient="reporter", case_id=case_id
                )
                row["closed_at"] = self.at(withdraw_at, rng.uniform(1, 5) * D)
                last = max(last, withdraw_at)
            elif suspect is None and not idle and self.now - decided > 90 * D and rng.random() < 0.3:
                row.update(suspended_at=decided + int(rng.uniform(60, 90) * D), status="suspended")
            events.extend(plan.get("extra_events", ()))
            for kind, moment, _number in plan.get("extra_documents", ()):
                self.document(st, kind, moment, direction="received", case_id=case_id, in_file=False)
            if plan.get("supplementary_at"):
                events.append(("supplementary_returned", plan["supplementary_at"], "检察院退回补充侦查"))
                row["status"] = "investigating"
                row.pop("closed_at", None)
        self.receipt(st, row, case_id)
        n_items = plan.get(
            "items", (rng.choice([1, 1, 2, 3]) if rng.random() < 0.6 else 0) if decided and not decline else 0
        )
        for index in range(n_items):
            self.property_item(
                st, row, case_id, suspect or victim, index, plan.get("item", {}) if index == 0 else {}
            )
        self.case_file(st, row, case_id, plan)
        finished = self.finish_case(st, row, events=events, last=max(last, row.get("closed_at") or 0))
        assert finished == case_id, "case id reserved for its children must be the one written"
        return case_id

    def custody_path(self, st, row, case_id, suspect, caught, plan, events) -> int:
        """What happens to a caught criminal suspect: summons, or detention → arrest request
        → arrest (or bail), then transfer for prosecution. Returns the latest moment."""
        rng = self.rng
        last = caught
        path = (
            plan.get("measure") or rng.choices(["detention", "summons", "bail", "rsdl"], [55, 30, 12, 3])[0]
        )
        transfer_at = None
        visit_id = self.visit(
            st,
            person=suspect,
            case_id=case_id,
            entered=caught - int(rng.uniform(5, 25) * MIN),
            stay_hours=plan.get("stay_hours", DRAW),
            exit_reason="to_detention_centre" if path == "detention" else "released",
            checks=plan.get("checks"),
            taken_out=plan.get("taken_out"),
            centre=rng.random() < 0.3,
            custodial_at=caught + int(rng.uniform(1, 4) * H) if path == "detention" else None,
        )
        first_q = self.at(
            caught,
            self.delay(
                plan,
                "first_interrogation_delay",
                lambda: self.late_tail((0.3 * H, 12 * H), (25 * H, 30 * H), 0.02),
            ),
        )
        self.session(
            st,
            case_id=case_id,
            person=suspect,
            start=first_q,
            kind="interrogation",
            visit_id=visit_id,
            av_complete=plan.get("av_complete"),
            guardian=plan.get("guardian"),
            signed=plan.get("signed"),
        )
        self.document(
            st,
            "rights_notice",
            first_q,
            served=first_q,
            recipient="suspect",
            case_id=case_id,
            person_id=suspect["id"],
        )
        if first_q:
            events.append(("interrogation", first_q, "第一次讯问"))
        if path == "summons":
            hours = self.delay(plan, "summons_hours", lambda: self.late_tail((2, 10), (12.5, 15), 0.02))
            end = self.at(caught, hours * H if hours is not None else None)
            measure_id = self.measure(
                st, suspect, case_id, "criminal_summons", caught, 12, "hours", end, "released", plan
            )
            filled = plan.get("times_filled", rng.random() > 0.03)
            self.document(
                st,
                "summons_certificate",
                caught - 10 * MIN,
                case_id=case_id,
                person_id=suspect["id"],
                measure_id=measure_id,
                arrival_time_filled=filled,
                leave_time_filled=filled and end is not None,
                signed_by_subject=True,
            )
            if rng.random() < 0.5:
                transfer_at = self.at(caught, rng.uniform(20, 80) * D)
        elif path == "detention":
            to_facility = self.at(
                caught,
                self.delay(
                    plan, "to_facility_delay", lambda: self.late_tail((2 * H, 20 * H), (25 * H, 30 * H), 0.03)
                ),
            )
            family = self.at(
                caught,
                self.delay(
                    plan, "family_delay", lambda: self.late_tail((1 * H, 20 * H), (25 * H, 40 * H), 0.03)
                ),
            )
            request_delay = self.delay(
                plan,
                "arrest_request_delay",
                lambda: self.late_tail((1 * D, 2.9 * D), (3.2 * D, 4.5 * D), 0.04),
            )
            extended = plan.get("extend", rng.random() < 0.12)
            if extended and request_delay is not None and "arrest_request_delay" not in plan:
                request_delay = rng.uniform(3.5, 6.8) * D
            requested = self.at(caught, request_delay)
            decision = self.at(
                requested, self.delay(plan, "arrest_decision_delay", lambda: rng.uniform(3, 7) * D)
            )
            approve = plan.get("approve", rng.random() < 0.8)
            detention_end = decision if decision else None
            detention_id = self.measure(
                st,
                suspect,
                case_id,
                "criminal_detention",
                caught,
                3,
                "days",
                detention_end,
                "changed" if decision else "",
                plan,
                sent=to_facility,
                family=family,
            )
            self.document(
                st,
                "detention_warrant",
                caught - 20 * MIN,
                case_id=case_id,
                person_id=suspect["id"],
                measure_id=detention_id,
            )
            self.document(
                st,
                "detention_notice",
                family,
                served=family,
                served_to=f"{self.name()}（家属）",
                recipient="family",
                case_id=case_id,
                person_id=suspect["id"],
                measure_id=detention_id,
                late_reason="" if family is None or family - caught < 24 * H else "家属联系电话无法接通",
            )
            events.append(("measure_taken", caught, "刑事拘留"))
            if extended and requested:
                self.limit_change(
                    st,
                    measure_id=detention_id,
                    case_id=case_id,
                    clock="arrest_request",
                    moment=caught + int(2.5 * D),
                    value=7,
                    unit="days",
                    reason="complex_case",
                )
            if requested:
                self.document(
                    st,
                    "arrest_request",
                    requested,
                    served=requested,
                    recipient="procuratorate",
                    case_id=case_id,
                    person_id=suspect["id"],
                    measure_id=detention_id,
                )
            if decision and approve:
                self.document(
                    st,
                    "arrest_approval",
                    decision,
                    direction="received",
                    case_id=case_id,
                    person_id=suspect["id"],
                    measure_id=detention_id,
                    is_favourable=True,
                )
                transfer_delay = self.delay(
                    plan, "transfer_delay", lambda: self.late_tail((25 * D, 57 * D), (62 * D, 70 * D), 0.03)
                )
                transfer_at = self.at(decision, transfer_delay)
                notice = self.at(decision, rng.uniform(2, 20) * H)
                arrest_id = self.measure(
                    st,
                    suspect,
                    case_id,
                    "arrest",
                    decision,
                    2,
                    "months",
                    transfer_at,
                    "transferred_for_prosecution" if transfer_at else "",
                    plan,
                    sent=self.at(decision, 2 * H),
                    family=notice,
                )
                self.document(
                    st,
                    "arrest_notice",
                    notice,
                    served=self.at(notice, rng.uniform(0, 2) * H),
                    recipient="family",
                    case_id=case_id,
                    person_id=suspect["id"],
                    measure_id=arrest_id,
                )
                self.document(
                    st,
                    "arrest_execution_receipt",
                    self.at(decision, rng.uniform(0.2, 2.5) * D),
                    recipient="procuratorate",
                    case_id=case_id,
                    measure_id=arrest_id,
                )
                second = self.at(decision, rng.uniform(0.2, 0.9) * D)
                self.session(
                    st,
                    case_id=case_id,
                    person=suspect,
                    start=second,
                    kind="interrogation",
                    location="detention_centre",
                )
                if (
                    transfer_at is None
                    and decision
                    and self.now - decision > 50 * D
                    and "transfer_delay" not in plan
                ):
                    self.limit_change(
                        st,
                        measure_id=arrest_id,
                        case_id=case_id,
                        clock="custody",
                        moment=decision + int(53 * D),
                        value=3,
                        unit="months",
                        reason="complex_case",
                    )
            elif decision:
                self.document(
                    st,
                    "no_arrest_decision",
                    decision,
                    direction="received",
                    case_id=case_id,
                    person_id=suspect["id"],
                    measure_id=detention_id,
                    is_favourable=False,
                )
                bail_start = decision + int(rng.uniform(1, 5) * H)
                if bail_start <= self.now:
                    self.bail(st, suspect, case_id, bail_start, plan, events)
                    transfer_at = None
        elif path in ("bail", "rsdl"):
            kind = "bail" if path == "bail" else "residential_surveillance"
            start = plan.get("measure_start", caught + int(rng.uniform(2, 8) * H))
            if start <= self.now:
                transfer_at = self.bail(st, suspect, case_id, start, plan, events, kind=kind)
        if transfer_at:
            row.update(
                investigation_concluded_at=transfer_at - int(rng.uniform(1, 3) * D),
                transferred_for_prosecution_at=transfer_at,
                status="transferred_for_prosecution",
            )
            self.document(
                st,
                "prosecution_transfer",
                transfer_at,
                served=transfer_at,
                recipient="procuratorate",
                case_id=case_id,
                person_id=suspect["id"],
            )
            row["closed_at"] = self.at(transfer_at, rng.uniform(1, 6) * D)
            last = max(last, transfer_at)
        return last

    def bail(self, st, suspect, case_id, start, plan, events, kind="bail") -> int | None:
        rng = self.rng
        months = 12 if kind == "bail" else 6
        end_delay = self.delay(plan, "bail_end_delay", lambda: rng.uniform(0.15, 0.9) * months * 30 * D)
        end = self.at(start, end_delay)
        measure_id = self.measure(
            st,
            suspect,
            case_id,
            kind,
            start,
            months,
            "months",
            end,
            "transferred_for_prosecution" if end else "",
            plan,
        )
        self.document(
            st,
            "bail_decision" if kind == "bail" else "rsdl_decision",
            start,
            served=start,
            recipient="suspect",
            case_id=case_id,
            person_id=suspect["id"],
            measure_id=measure_id,
        )
        events.append(("measure_taken", start, "取保候审" if kind == "bail" else "监视居住"))
        # Investigation goes on while on bail — usually.
        if not plan.get("idle_on_bail") and rng.random() > 0.1:
            for _ in range(rng.randint(1, 3)):
                moment = self.at(start, rng.uniform(5, 150) * D)
                if moment and (end is None or moment < end):
                    events.append(("evidence_collected", moment, "补充调取证据"))
        return end

    def measure(
        self, st, person, case_id, kind, start, limit, unit, end, end_reason, plan, sent=None, family=None
    ):
        self.touch(case_id, start)
        return self.add(
            m.CoerciveMeasure,
            st,
            {
                "external_id": self.ext(st, "CS"),
                "person_id": person["id"],
                "case_id": case_id,
                "kind": kind,
                "decided_by": "procuratorate" if kind == "arrest" else "police",
                "decided_at": start - int(self.rng.uniform(10, 60) * MIN),
                "started_at": start,
                "limit_value": limit,
                "limit_unit": unit,
                "ended_at": end,
                "end_reason": end_reason if end else "",
                "sent_to_facility_at": sent,
                "family_notified_at": family,
                "location": "江州市看守所" if kind in ("criminal_detention", "arrest") else "",
            },
            first=start,
            last=end or sent or family or start,
        )

    def limit_change(self, st, *, clock, moment, value=None, unit="", reason="", kind="extension", **links):
        if moment > self.now:
            return None
        return self.add(
            m.LimitChange,
            st,
            {
                "external_id": self.ext(st, "QX"),
                "clock": clock,
                "kind": kind,
                "reason": reason,
                "effective_at": moment,
                "new_limit_value": value,
                "new_limit_unit": unit,
                "approved_at": moment - int(self.rng.uniform(1, 6) * H),
                "approved_by": f"{self.name()}（分局负责人）",
                **links,
            },
            first=moment,
        )

    def property_item(self, st, case, case_id, owner, index, plan):
        rng = self.rng
        name, kind, value = rng.choice(ITEMS.get(case["cause"], DEFAULT_ITEMS))
        seizure = plan.get("seizure_kind") or {"deposit": "freeze", "equity": "freeze"}.get(
            kind, "seizure" if case["kind"] == "criminal" else "admin_seizure"
        )
        seized = plan.get("seized_at") or (
            case.get("filed_at") or case.get("decided_at") or case["accepted_at"]
        ) + int(rng.uniform(0, 3) * D)
        if seized > self.now:
            return None  # not taken yet
        held = seizure not in ("freeze",)
        stored = (
            self.at(
                seized,
                self.delay(
                    plan, "store_delay", lambda: self.late_tail((1 * H, 20 * H), (25 * H, 60 * H), 0.05)
                ),
            )
            if held
            else None
        )
        closed = case.get("closed_at")
        disposed = None
        status = "stored" if stored else "seized"
        returned = confiscated = None
        if closed and not plan.get("keep"):
            disposed = self.at(closed, rng.uniform(2, 40) * D)
            if disposed:
                if kind in ("drugs", "weapon") or case["cause"] in ("赌博", "开设赌场"):
                    confiscated, status = disposed, "confiscated"
                elif seizure == "freeze":
                    status = "released"
                else:
                    returned, status = disposed, "returned"
        expires = None
        if seizure == "freeze":
            expires = plan.get("expires_at") or seized + 180 * D
            if not disposed:
                status = "seized"
        elif seizure == "admin_seizure":
            expires = seized + 30 * D
        elif seizure == "preservation":
            expires = seized + 7 * D
        receipt = plan.get("receipt", rng.random() > 0.02)
        signed_holder = plan.get("list_signed", rng.random() > 0.03)
        # Property the police do not hold (freezes, sealing) is registered with the custodian
        # (CW02) within the day. No random draws for this or the inspectorate filing below, so
        # the rest of the city does not shift when these fields are filled.
        registered = stored if held else self.at(seized, plan.get("registration_delay", 8 * H))
        item_id = self.add(
            m.Property,
            st,
            {
                "external_id": self.ext(st, "CW"),
                "case_id": case_id,
                "owner_id": owner["id"] if owner else None,
                "name": name,
                "kind": kind,
                "seizure_kind": seizure,
                "quantity": 1,
                "value": value or None,
                "status": plan.get("status", status),
                "seized_at": seized,
                "seized_by_id": rng.choice(st.officers)[0],
                "held_by_police": held,
                "receipt_issued": receipt,
                "list_signed_by_officer": True,
                "list_signed_by_holder": signed_holder,
                "list_signed_by_witness": rng.random() > 0.05,
                "list_has_details": True,
                "stored_at": stored,
                "storage_location": rng.choice(STORAGE).format(rng.randint(1, 60)) if stored else "",
                "custodian_registered_at": registered,
                # The inspectorate filing (CW03) usually follows within a working shift.
                "inspectorate_filed_at": self.at(registered, plan.get("inspectorate_delay", 6 * H)),
                "is_perishable": kind == "perishable",
                "expires_at": expires,
                "returned_at": returned,
                "confiscated_at": confiscated,
                "disposed_at": disposed,
                **plan.get("extra", {}),
            },
            first=seized,
            last=disposed or stored or seized,
        )
        if held:
            self.document(
                st,
                "seizure_list",
                seized,
                served=seized,
                recipient="suspect",
                case_id=case_id,
                property_id=item_id,
                signed_by_subject=signed_holder,
                signed_by_witness=True,
            )
        else:
            self.document(
                st,
                "freeze_order",
                seized,
                served=seized,
                recipient="bank",
                case_id=case_id,
                property_id=item_id,
            )
        due = plan.get("due_back_at")
        if due is not None or (stored and rng.random() < 0.06):
            out = (
                (due - int(rng.uniform(20, 40) * H))
                if due is not None
                else self.at(stored, rng.uniform(1, 20) * D)
            )
            if out:
                due_back = due if due is not None else out + int(rng.uniform(4, 48) * H)
                back = (
                    NEVER
                    if due is not None
                    else self.at(
                        out,
                        self.late_tail(
                            (2 * H, (due_back - out) * 0.95),
                            ((due_back - out) * 1.1, (due_back - out) * 1.5),
                            0.05,
                        ),
                    )
                )
                self.add(
                    m.PropertyMovement,
                    st,
                    {
                        "external_id": self.ext(st, "DY"),
                        "property_id": item_id,
                        "purpose": rng.choice(["appraisal", "identification", "interrogation"]),
                        "moved_out_at": out,
                        "due_back_at": due_back,
                        "returned_at": back,
                        "approved_by": self.name(),
                    },
                    first=out,
                    last=back,
                )
        return item_id

    def case_file(self, st, case, case_id, plan):
        rng = self.rng
        built = self.at(case["accepted_at"], rng.uniform(2, 30) * H)
        if built is None:
            return
        closed = case.get("closed_at")
        archived = None
        if closed:
            archived = self.at(
                closed,
                self.delay(
                    plan, "archive_delay", lambda: self.late_tail((2 * D, 12 * D), (15 * D, 40 * D), 0.06)
                ),
            )
        self.add(
            m.CaseFile,
            st,
            {
                "external_id": self.ext(st, "JZ"),
                "case_id": case_id,
                "built_at": built,
                "e_file_built_at": self.at(built, rng.uniform(0, 3) * D) if rng.random() > 0.04 else None,
                "archived_at": archived,
                "volumes": rng.choice([1, 1, 1, 2]),
            },
            first=built,
            last=archived or built,
        )

    def admin_case(self, st, accepted: int, incident=None, plan: dict | None = None) -> int:
        plan = plan or {}
        rng = self.rng
        cause = plan.get("cause") or rng.choices(*self.admin_causes)[0]
        row = self.case_row(
            st, kind="administrative", cause=cause, accepted=accepted, incident=incident, plan=plan
        )
        fast = plan.get("fast_track", rng.random() < 0.2)
        row.update(
            admin_type=plan.get("admin_type", "public_order" if rng.random() < 0.85 else "other_penalty"),
            is_fast_track=fast,
        )
        case_id = self.ids[m.Case] + 1
        events: list = []
        last = accepted
        violator = self.person(
            st, role="violator", case_id=case_id, minor=plan.get("minor", rng.random() < 0.03), at=accepted
        )
        victim = None
        if cause in ("殴打他人", "故意损毁财物", "盗窃", "诈骗", "非法侵入住宅") and rng.random() < 0.5:
            victim = self.person(st, role="victim", case_id=case_id, at=accepted)
            moment = self.at(accepted, rng.uniform(0.2, 5) * H)
            self.session(st, case_id=case_id, person=victim, start=moment, kind="inquiry", location="scene")
        summons_at = plan.get("summons_at", accepted + int(rng.uniform(0.2, 3) * H))
        summons_at = summons_at if summons_at <= self.now else None
        if summons_at is not None and plan.get("summons", rng.random() < 0.7):
            hours = self.delay(plan, "summons_hours", lambda: self.late_tail((1.5, 7.5), (8.3, 10), 0.03))
            end = self.at(summons_at, hours * H if hours is not None else None)
            limit = 24 if (hours or 0) > 8 and rng.random() < 0.7 else 8
            measure_id = self.measure(
                st,
                violator,
                case_id,
                "admin_summons",
                summons_at,
                limit,
                "hours",
                end,
                "released" if end else "",
                plan,
                # The family is told within the half hour (RY05); no random draw, so the rest
                # of the city does not shift.
                family=self.at(summons_at, plan.get("summons_family_delay", 30 * MIN)),
            )
            filled = plan.get("times_filled", rng.random() > 0.03)
            self.document(
                st,
                "summons_certificate",
                summons_at - 15 * MIN,
                served=summons_at - 15 * MIN,
                recipient="suspect",
                case_id=case_id,
                person_id=violator["id"],
                measure_id=measure_id,
                arrival_time_filled=filled,
                leave_time_filled=filled and end is not None,
                signed_by_subject=True,
            )
            visit_id = self.visit(
                st,
                person=violator,
                case_id=case_id,
                entered=summons_at + int(5 * MIN),
                stay_hours=(hours - 0.2) if hours is not None else NEVER,
                checks=plan.get("checks"),
                centre=rng.random() < 0.2,
                extra=plan.get("visit_extra"),
            )
            questioned = self.at(summons_at, rng.uniform(0.2, 1.5) * H)
            self.session(
                st,
                case_id=case_id,
                person=violator,
                start=questioned,
                kind="inquiry",
                visit_id=visit_id,
                av_complete=plan.get("av_complete"),
                guardian=plan.get("guardian"),
                signed=plan.get("signed"),
            )
            if questioned:
                events.append(("inquiry", questioned, "询问违法嫌疑人"))
        if plan.get("appraisal_received_at"):
            received = plan["appraisal_received_at"]
            events.append(("appraisal_commissioned", received - int(6 * D), "伤情鉴定委托"))
            events.append(("appraisal_received", received, "伤情鉴定意见"))
            self.document(st, "appraisal_opinion", received, direction="received", case_id=case_id)
        usual = (6 * H, 40 * H) if fast else (1 * D, 26 * D)
        late = (49 * H, 60 * H) if fast else (31 * D, 45 * D)
        decision_delay = self.delay(plan, "decision_delay", lambda: self.late_tail(usual, late, 0.05))
        decided = self.at(accepted, decision_delay)
        if (
            decided is None
            and not fast
            and self.now - accepted > 25 * D
            and rng.random() < 0.5
            and "decision_delay" not in plan
        ):
            self.limit_change(
                st,
                case_id=case_id,
                clock="handling",
                moment=accepted + int(25 * D),
                value=60,
                unit="days",
                reason="complex_case",
            )
            self.document(st, "extension_approval", accepted + int(25 * D), case_id=case_id)
        if decided:
            decision = (
                plan.get("decision")
                or rng.choices(["penalty", "no_penalty", "mediated", "transferred"], [70, 10, 15, 5])[0]
            )
            row.update(decided_at=decided, decision=decision, status="decided")
            last = decided
            if decision == "mediated":
                events.append(("mediation_started", decided - int(rng.uniform(1, 3) * D), "组织双方调解"))
                events.append(("mediation_succeeded", decided, "达成调解协议"))
            if decision == "penalty":
                served = self.at(
                    decided,
                    self.delay(
                        plan, "served_delay", lambda: self.late_tail((0, 1.5 * D), (2.2 * D, 4 * D), 0.04)
                    ),
                )
                self.document(
                    st,
                    "penalty_decision",
                    decided,
                    served=served,
                    served_to=violator["name"],
                    recipient="suspect",
                    case_id=case_id,
                    person_id=violator["id"],
                )
                if victim is not None:
                    copy = self.at(
                        decided,
                        self.delay(
                            plan,
                            "victim_copy_delay",
                            lambda: self.late_tail((0.1 * D, 1.6 * D), (2.3 * D, 5 * D), 0.05),
                        ),
                    )
                    self.document(
                        st,
                        "decision_copy_to_victim",
                        decided,
                        served=copy,
                        served_to=victim["name"],
                        recipient="victim",
                        case_id=case_id,
                        person_id=victim["id"],
                    )
                if plan.get(
                    "detention", cause in ("殴打他人", "吸毒", "卖淫嫖娼", "寻衅滋事") and rng.random() < 0.35
                ):
                    executed = self.at(
                        decided,
                        self.delay(
                            plan,
                            "execute_delay",
                            lambda: self.late_tail((0.5 * H, 6 * H), (25 * H, 30 * H), 0.02),
                        ),
                    )
                    days = rng.choice([5, 7, 10, 10, 15])
                    self.touch(case_id, executed or decided)
                    measure_id = self.add(
                        m.CoerciveMeasure,
                        st,
                        {
                            "external_id": self.ext(st, "CS"),
                            "person_id": violator["id"],
                            "case_id": case_id,
                            "kind": "admin_detention",
                            "decided_at": decided,
                            "started_at": executed or decided,
                            "limit_value": days,
                            "limit_unit": "days",
                            "ended_at": self.at(executed, days * D),
                            "end_reason": "executed" if self.at(executed, days * D) else "",
                            "family_notified_at": self.at(decided, rng.uniform(0.5, 8) * H),
                            "location": "江州市拘留所",
                        },
                        first=decided,
                        last=executed or decided,
                    )
                    if executed:
                        self.document(
                            st,
                            "detention_execution",
                            executed,
                            direction="received",
                            case_id=case_id,
                            person_id=violator["id"],
                            measure_id=measure_id,
                        )
            row["closed_at"] = self.at(
                decided, self.delay(plan, "close_delay", lambda: rng.uniform(0, 3) * D)
            )
        self.receipt(st, row, case_id)
        n_items = plan.get("items", 1 if rng.random() < 0.15 else 0)
        for index in range(n_items):
            self.property_item(st, row, case_id, violator, index, plan.get("item", {}) if index == 0 else {})
        self.case_file(st, row, case_id, plan)
        finished = self.finish_case(st, row, events=events, last=max(last, row.get("closed_at") or 0))
        assert finished == case_id
        return case_id

    # --- a station's year ---------------------------------------------------------------

    def station_year(self, st: Station, incidents: int) -> None:
        rng = self.rng
        st.hot_addresses = [self.address(st)[1] for _ in range(3)]
        for _ in range(incidents):
            received = self.when()
            incident = self.incident(st, received)
            category = incident["category"]
            if category in ("criminal", "administrative") and rng.random() < 0.97:
                accepted = self.at(received, rng.uniform(0.3, 5) * H)
                if accepted:
                    if category == "criminal":
                        self.criminal_case(st, accepted, incident)
                    else:
                        self.admin_case(st, accepted, incident)
        # Cases from reports and the police's own discoveries (about a tenth of all).
        for _ in range(max(1, incidents // 30)):
            accepted = self.when()
            if rng.random() < 0.4:
                self.criminal_case(st, accepted)
            else:
                self.admin_case(st, accepted)
        # People questioned on the street and kept for verification (留置盘问).
        for _ in range(max(1, incidents // 60)):
            start = self.when()
            incident = self.incident(st, start - int(20 * MIN), {"category": "other"})
            self.continued_questioning(st, incident, start, {})

    def continued_questioning(self, st, incident, start, plan):
        rng = self.rng
        person = self.person(
            st, role="other", incident_id=incident["id"], at=start, extra=plan.get("person_extra")
        )
        hours = self.delay(plan, "hours", lambda: self.late_tail((1, 11), (12.5, 14), 0.03))
        end = self.at(start, hours * H if hours is not None else None)
        self.add(
            m.CoerciveMeasure,
            st,
            {
                "external_id": self.ext(st, "CS"),
                "person_id": person["id"],
                "kind": "continued_questioning",
                "decided_at": start,
                "started_at": start,
                "limit_value": 12,
                "limit_unit": "hours",
                "ended_at": end,
                "end_reason": "released" if end else "",
                "family_notified_at": self.at(start, rng.uniform(10, 50) * MIN),
            },
            first=start,
            last=end,
        )
        self.visit(
            st,
            person=person,
            case_id=None,
            entered=start + int(5 * MIN),
            stay_hours=(hours - 0.1) if hours else NEVER,
            extra=plan.get("visit_extra"),
        )

    # --- guaranteed examples of every risk family -------------------------------------

    def scenarios(self, st: Station, families: list[str]) -> None:
        now = self.now
        for family in families:
            for level, age in zip(("blue", "yellow", "red"), SCENARIO_AGES[family], strict=True):
                # A little jitter so that examples at different stations don't share a minute;
                # small enough never to move one into the next colour.
                age += self.rng.uniform(-1, 1) * min(abs(age) * 0.015, 30 * MIN)
                SCENARIOS[family](self, st, now - int(age), level)


VICTIM_PHRASES = {
    "盗窃": "被盗",
    "诈骗": "被骗",
    "电信网络诈骗": "被电信网络诈骗",
    "抢劫": "被抢劫",
    "故意伤害": "被故意伤害",
    "殴打他人": "被殴打",
    "故意损毁财物": "财物被损毁",
    "非法侵入住宅": "住宅被侵入",
}


def _case_name(cause: str, people: dict) -> str:
    """Case names as case-handling systems write them: 林秀英被盗案, 陈志强寻衅滋事案."""
    victim = people.get("victim")
    offender = people.get("suspect") or people.get("violator")
    if victim and cause in VICTIM_PHRASES:
        return f"{victim}{VICTIM_PHRASES[cause]}案"
    if offender:
        return f"{offender}{cause}案"
    return f"{cause}案"


def _district(branch: Unit) -> str:
    """The district a branch polices: 鼓楼分局 → 鼓楼区, 清河县局 → 清河县."""
    name = branch.short_name or branch.name
    if name.endswith("县局"):
        return name[:-2] + "县"
    if name.endswith("分局"):
        return name[:-2] + "区"
    return DISTRICTS[branch.pk % len(DISTRICTS)]


def _year(moment: int) -> int:
    return time.gmtime(moment + 8 * H).tm_year


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# Ages (seconds before now of the act that starts the clock) for blue, yellow, red.
SCENARIO_AGES = {
    "filing_review": (2.3 * D, 3.3 * D, 4.6 * D),
    "filed_not_investigated": (40 * D, 70 * D, 100 * D),
    "zhian_overdue": (24.5 * D, 28.5 * D, 35 * D),
    "fast_track": (38 * H, 45 * H, 52 * H),
    "penalty_not_served": (1.3 * D, 2.3 * D, 3.5 * D),
    "arrest_request": (2.3 * D, 3.3 * D, 4.6 * D),
    "detention_24h": (13 * H, 21 * H, 27 * H),
    "custody_2m": (48 * D, 55 * D, 63 * D),
    "bail_12m": (338 * D, 353 * D, 372 * D),
    "rsdl_6m": (166 * D, 175 * D, 188 * D),
    "admin_summons_8h": (6.3 * H, 7.3 * H, 9 * H),
    "criminal_summons_12h": (9.5 * H, 11.3 * H, 13 * H),
    "continued_questioning": (9.5 * H, 11.3 * H, 13.5 * H),
    "property_not_stored": (13 * H, 21 * H, 27 * H),
    "property_borrowed": (-2 * H, 0.5 * H, 26 * H),
    "offsite_not_registered": (13 * H, 21 * H, 27 * H),
    "inspectorate_filing": (13 * H, 21 * H, 27 * H),
    "admin_seizure_30d": (24 * D, 28 * D, 35 * D),
    "freeze_expiring": (155 * D, 175 * D, 182 * D),
    "closed_case_property": (35 * D, 65 * D, 95 * D),
    "area_overstay": (17 * H, 21 * H, 26 * H),
    "file_not_archived": (10 * D, 13 * D, 20 * D),
    "incident_result": (13 * H, 21 * H, 27 * H),
    "callback": (2.2 * D, 3.2 * D, 4.5 * D),
    "dispatch_late": (3 * H, 6 * H, 9 * H),
    "incident_not_registered": (6 * H, 20 * H, 30 * H),
    "jurisdiction_transfer": (13 * H, 21 * H, 27 * H),
    "no_filing_notice": (2.3 * D, 3.3 * D, 4.6 * D),
    "withdrawal_notice": (2.3 * D, 3.3 * D, 4.6 * D),
    "supplementary": (21 * D, 26 * D, 33 * D),
    "admin_detention_not_executed": (13 * H, 21 * H, 27 * H),
    "appraisal_notice": (4.2 * D, 5.2 * D, 6.5 * D),
    "repeat_dispute": (2 * D, 9 * D, 20 * D),
    "form_defects": (1 * D, 2 * D, 3 * D),
    "legal_aid": (2.3 * D, 3.3 * D, 4.6 * D),
    "arrest_decision_wait": (5.5 * D, 6.5 * D, 7.6 * D),
    "vulnerable_questioning": (3.1 * H, 3.6 * H, 4.6 * H),
    "unrelated_property": (2.3 * D, 3.3 * D, 4.6 * D),
    "perishable": (2 * D, 3.5 * D, 8 * D),
    "release_delayed": (0.6 * H, 1.3 * H, 2.6 * H),
    "measure_change_reply": (2.3 * D, 3.3 * D, 4.6 * D),
    "criminal_appraisal_notice": (4 * D, 6 * D, 11 * D),
}


def _criminal_detained(g: DemoGenerator, st: Station, caught: int, **plan) -> int:
    return g.criminal_case(
        st,
        caught - int(1.2 * D),
        plan={
            "decline": False,
            "filing_delay": 0.5 * D,
            "suspect": True,
            "catch_at": caught,
            "measure": "detention",
            **plan,
        },
    )


def _criminal_with_item(g: DemoGenerator, st: Station, accepted: int, item: dict, **plan) -> int:
    """A filed criminal case with no suspect in custody and one item of property as given."""
    return g.criminal_case(
        st,
        accepted,
        plan={"decline": False, "filing_delay": 0.5 * D, "suspect": False, "items": 1, "item": item, **plan},
    )


def _dispute_incident(g, st, moment, **plan):
    return g.incident(st, moment, {"category": "dispute", "source": "call_110", **plan})


def _repeat_calls(g, st, t, calls: int, level: str) -> None:
    """The same address calls about the same dispute ``calls`` times in a month; on the
    red one a party is a released prisoner."""
    address = g.address(st)[1]
    flags = ["is_released_prisoner"] if level == "red" else []
    for i in range(calls):
        _dispute_incident(g, st, t - int(i * 4 * D), location_key=address, parties=True, party_flags=flags)


SCENARIOS = {
    # 受而不立: accepted, no filing decision yet.
    "filing_review": lambda g, st, t, level: g.criminal_case(
        st, t, plan={"decline": False, "filing_delay": NEVER, "tier": "standard", "suspect": False}
    ),
    # 立而不侦: filed, then nothing.
    "filed_not_investigated": lambda g, st, t, level: g.criminal_case(
        st, t - int(D), plan={"decline": False, "filing_delay": D, "idle": True, "suspect": False, "items": 0}
    ),
    # 治安案件超期: 30 days from acceptance, no decision.
    "zhian_overdue": lambda g, st, t, level: g.admin_case(
        st, t, plan={"fast_track": False, "admin_type": "public_order", "decision_delay": NEVER}
    ),
    # 快速办理 48 h.
    "fast_track": lambda g, st, t, level: g.admin_case(
        st,
        t,
        plan={
            "fast_track": True,
            "decision_delay": NEVER,
            "summons_at": t + int(10 * MIN),
            "summons_hours": 3,
        },
    ),
    # 处罚决定书 not served.
    "penalty_not_served": lambda g, st, t, level: g.admin_case(
        st,
        t - int(3 * D),
        plan={
            "fast_track": False,
            "decision_delay": 3 * D,
            "decision": "penalty",
            "served_delay": NEVER,
            "detention": False,
        },
    ),
    # 拘留后提请批捕: no request yet.
    "arrest_request": lambda g, st, t, level: _criminal_detained(
        g, st, t, arrest_request_delay=NEVER, extend=False
    ),
    # 拘留后 24 h: not sent to the 看守所, family not told, not yet interrogated — and still in the area.
    "detention_24h": lambda g, st, t, level: _criminal_detained(
        g,
        st,
        t,
        to_facility_delay=NEVER,
        family_delay=NEVER,
        first_interrogation_delay=NEVER,
        arrest_request_delay=NEVER,
        stay_hours=NEVER,
    ),
    # 逮捕后两个月: not yet transferred, no extension.
    "custody_2m": lambda g, st, t, level: _criminal_detained(
        g,
        st,
        t - int(4 * D),
        arrest_request_delay=2 * D,
        arrest_decision_delay=2 * D,
        approve=True,
        transfer_delay=NEVER,
        extend=False,
    ),
    # 取保候审 12 months.
    "bail_12m": lambda g, st, t, level: g.criminal_case(
        st,
        t - int(2 * D),
        plan={
            "decline": False,
            "filing_delay": D,
            "suspect": True,
            "catch_at": t - int(6 * H),
            "measure": "bail",
            "measure_start": t,
            "bail_end_delay": NEVER,
        },
    ),
    # 监视居住 6 months.
    "rsdl_6m": lambda g, st, t, level: g.criminal_case(
        st,
        t - int(2 * D),
        plan={
            "decline": False,
            "filing_delay": D,
            "suspect": True,
            "catch_at": t - int(6 * H),
            "measure": "rsdl",
            "measure_start": t,
            "bail_end_delay": NEVER,
        },
    ),
    # 治安传唤 8 h, still in the handling area.
    "admin_summons_8h": lambda g, st, t, level: g.admin_case(
        st,
        t - int(20 * MIN),
        plan={
            "summons": True,
            "summons_at": t,
            "summons_hours": NEVER,
            "decision_delay": NEVER,
            "fast_track": False,
        },
    ),
    # 刑事传唤 12 h.
    "criminal_summons_12h": lambda g, st, t, level: g.criminal_case(
        st,
        t - int(D),
        plan={
            "decline": False,
            "filing_delay": 0.5 * D,
            "suspect": True,
            "catch_at": t,
            "measure": "summons",
            "summons_hours": NEVER,
            "stay_hours": NEVER,
        },
    ),
    # 继续盘问 12 h.
    "continued_questioning": lambda g, st, t, level: g.continued_questioning(
        st, g.incident(st, t - int(20 * MIN), {"category": "other"}), t, {"hours": NEVER}
    ),
    # 涉案财物 24 h 未入库.
    "property_not_stored": lambda g, st, t, level: _criminal_with_item(
        g,
        st,
        t - int(2 * D),
        {"seized_at": t, "store_delay": NEVER, "seizure_kind": "seizure", "status": "seized"},
    ),
    # 冻结财物未向保管人登记 (CW02; t = the freeze).
    "offsite_not_registered": lambda g, st, t, level: _criminal_with_item(
        g, st, t - int(2 * D), {"seized_at": t, "seizure_kind": "freeze", "registration_delay": NEVER}
    ),
    # 入库后未向督察备案 (CW03; t = storage).
    "inspectorate_filing": lambda g, st, t, level: _criminal_with_item(
        g,
        st,
        t - int(2 * D),
        {
            "seized_at": t - int(1 * H),
            "store_delay": 1 * H,
            "seizure_kind": "seizure",
            "inspectorate_delay": NEVER,
        },
    ),
    # 调用财物逾期未归还 (t = the due time; the blue one is due in two hours).
    "property_borrowed": lambda g, st, t, level: _criminal_with_item(
        g, st, t - int(20 * D), {"seizure_kind": "seizure", "due_back_at": t, "keep": True}
    ),
    # 行政扣押 30 days.
    "admin_seizure_30d": lambda g, st, t, level: g.admin_case(
        st,
        t - int(2 * H),
        plan={
            "decision_delay": NEVER,
            "fast_track": False,
            "items": 1,
            "item": {"seized_at": t, "seizure_kind": "admin_seizure", "keep": True},
        },
    ),
    # 冻结 6 months about to lapse.
    "freeze_expiring": lambda g, st, t, level: _criminal_with_item(
        g,
        st,
        t - int(3 * D),
        {"seized_at": t, "seizure_kind": "freeze", "expires_at": t + 180 * D, "keep": True},
        cause="电信网络诈骗",
        filing_delay=D,
    ),
    # 案件终结后财物未处置.
    "closed_case_property": lambda g, st, t, level: g.admin_case(
        st,
        t - int(5 * D),
        plan={
            "decision_delay": 5 * D,
            "decision": "no_penalty",
            "close_delay": 0,
            "items": 1,
            "item": {"seizure_kind": "admin_seizure", "keep": True, "status": "stored"},
        },
    ),
    # 办案区滞留: still in the area.
    "area_overstay": lambda g, st, t, level: g.admin_case(
        st,
        t - int(30 * MIN),
        plan={
            "summons": True,
            "summons_at": t - int(5 * MIN),
            "summons_hours": NEVER,
            "decision_delay": NEVER,
            "checks": level != "red",
        },
    ),
    # 结案后未按期归档 (working days; the patrol counts them).
    "file_not_archived": lambda g, st, t, level: g.admin_case(
        st,
        t - int(6 * D),
        plan={"decision_delay": 6 * D, "close_delay": 0, "archive_delay": NEVER, "detention": False},
    ),
    # 处警结果未录入.
    "incident_result": lambda g, st, t, level: g.incident(
        st,
        t - int(50 * MIN),
        {
            "category": "assistance",
            "source": "call_110",
            "dispose_delay": 40 * MIN,
            "disposal": "resolved_on_scene",
            "jurisdiction": "own",
            "result_delay": NEVER,
        },
    ),
    # 纠纷警情未回访.
    "callback": lambda g, st, t, level: _dispute_incident(
        g, st, t - int(60 * MIN), dispose_delay=50 * MIN, callback_delay=NEVER, disposal="mediated"
    ),
    # 出警超时 (urban limit 5 min): 4.2 min = 84 % of it, 5 min on the dot, 9 min.
    "dispatch_late": lambda g, st, t, level: g.incident(
        st,
        t,
        {
            "category": "assistance",
            "source": "call_110",
            "emergency": True,
            "arrival_minutes": {"blue": 4.2, "yellow": 5.0, "red": 9.0}[level],
        },
    ),
    # 刑事类警情未受案.
    "incident_not_registered": lambda g, st, t, level: g.incident(
        st, t, {"category": "criminal", "source": "call_110", "disposal": "pending", "dispose_delay": NEVER}
    ),
    # 非本单位管辖未及时移送.
    "jurisdiction_transfer": lambda g, st, t, level: g.incident(
        st, t, {"category": "administrative", "jurisdiction": "other_unit", "transfer_delay": NEVER}
    ),
    # 不予立案通知书未送达.
    "no_filing_notice": lambda g, st, t, level: g.criminal_case(
        st,
        t - int(D),
        plan={"decline": True, "filing_delay": D, "complainant": True, "decline_notice_delay": NEVER},
    ),
    # 撤案未告知.
    "withdrawal_notice": lambda g, st, t, level: g.criminal_case(
        st,
        t - int(40 * D),
        plan={
            "decline": False,
            "filing_delay": D,
            "suspect": False,
            "withdraw_at": t,
            "withdraw_notice_delay": NEVER,
            "items": 0,
        },
    ),
    # 退回补充侦查 1 month.
    "supplementary": lambda g, st, t, level: _criminal_detained(
        g,
        st,
        t - int(70 * D),
        arrest_request_delay=2 * D,
        arrest_decision_delay=3 * D,
        approve=True,
        transfer_delay=40 * D,
        supplementary_at=t,
    ),
    # 行政拘留决定未送拘留所执行.
    "admin_detention_not_executed": lambda g, st, t, level: g.admin_case(
        st,
        t - int(8 * H),
        plan={
            "decision_delay": 8 * H,
            "decision": "penalty",
            "detention": True,
            "execute_delay": NEVER,
            "cause": "殴打他人",
        },
    ),
    # 鉴定意见未按期送达 (5 days).
    "appraisal_notice": lambda g, st, t, level: g.admin_case(
        st,
        t - int(8 * D),
        plan={"decision_delay": NEVER, "appraisal_received_at": t, "cause": "殴打他人", "fast_track": False},
    ),
    # 重复报警: the same address calls again (2nd call yellow, 3rd red).
    "repeat_dispute": lambda g, st, t, level: _repeat_calls(
        g, st, t, {"blue": 1, "yellow": 2, "red": 3}[level], level
    ),
    # Form defects on detection (red): a record without the person's signature, a minor
    # questioned without a guardian, a major case interrogated without full recording,
    # five checks missing, a summons certificate without times, no 受案回执.
    "form_defects": lambda g, st, t, level: _criminal_detained(
        g,
        st,
        t,
        signed=False,
        minor=True,
        guardian=False,
        av_complete=False,
        major=True,
        checks=False,
        taken_out=True,
        _no_receipt=True,
        arrest_request_delay=1.5 * D if level != "red" else NEVER,
    ),
}


SCENARIOS.update(
    {
        # 应通知法律援助未通知: a deaf suspect without a defender, found three days ago.
        "legal_aid": lambda g, st, t, level: _criminal_detained(
            g,
            st,
            t,
            arrest_request_delay=1.5 * D,
            suspect_extra={"is_disabled": True, "special_situation_found_at": t, "has_defender": False},
        ),
        # 提请批捕后检察院逾期未决定.
        "arrest_decision_wait": lambda g, st, t, level: _criminal_detained(
            g, st, t - int(1.5 * D), arrest_request_delay=1.5 * D, arrest_decision_delay=NEVER
        ),
        # 特殊人员继续盘问超4小时: a 15-year-old.
        "vulnerable_questioning": lambda g, st, t, level: g.continued_questioning(
            st,
            g.incident(st, t - int(15 * MIN), {"category": "other"}),
            t,
            {
                "hours": NEVER,
                "person_extra": {"age": 15, "is_minor": True},
                "visit_extra": {"room_kind": "waiting"},
            },
        ),
        # 与案件无关财物未3日内退还.
        "unrelated_property": lambda g, st, t, level: _criminal_with_item(
            g,
            st,
            t - int(8 * D),
            {"seizure_kind": "seizure", "keep": True, "extra": {"found_unrelated_at": t}},
            filing_delay=D,
        ),
        # 易腐财物未及时处理.
        "perishable": lambda g, st, t, level: g.admin_case(
            st,
            t - int(H),
            plan={
                "decision_delay": NEVER,
                "cause": "盗窃",
                "items": 1,
                "item": {
                    "seized_at": t,
                    "seizure_kind": "admin_seizure",
                    "keep": True,
                    "extra": {
                        "name": "冷冻海鲜一批",
                        "kind": "perishable",
                        "is_perishable": True,
                        "value": 3_600,
                    },
                },
            },
        ),
        # 作出非羁押处理后未立即放行.
        "release_delayed": lambda g, st, t, level: g.admin_case(
            st,
            t - int(5 * H),
            plan={
                "summons": True,
                "summons_at": t - int(4 * H),
                "summons_hours": NEVER,
                "decision_delay": NEVER,
                "visit_extra": {"release_decision_at": t},
            },
        ),
        # 变更强制措施申请答复逾期 (3 days).
        "measure_change_reply": lambda g, st, t, level: _criminal_detained(
            g,
            st,
            t - int(20 * D),
            arrest_request_delay=2 * D,
            arrest_decision_delay=3 * D,
            approve=True,
            transfer_delay=NEVER,
            extra_events=[("measure_change_applied", t, "律师申请变更强制措施")],
        ),
        # 鉴定意见未告知 (criminal; design 5 / 10 days): an opinion in, no notice out.
        "criminal_appraisal_notice": lambda g, st, t, level: g.criminal_case(
            st,
            t - int(15 * D),
            plan={
                "cause": "故意伤害",
                "decline": False,
                "filing_delay": D,
                "suspect": False,
                "extra_events": [
                    ("appraisal_commissioned", t - int(7 * D), "委托伤情鉴定"),
                    ("appraisal_received", t, "收到伤情鉴定意见"),
                ],
                "extra_documents": [("appraisal_opinion", t, "")],
            },
        ),
    }
)


def _in_area_incident_and_defence_opinion(g: DemoGenerator, st: Station) -> None:
    """Two "red on detection" items the families above do not cover: an injury in the
    handling area never reported, and a lawyer's written opinion not put in the file."""
    now = g.now
    g.admin_case(
        st,
        now - int(3 * H),
        plan={
            "summons": True,
            "summons_at": now - int(2.5 * H),
            "summons_hours": NEVER,
            "decision_delay": NEVER,
            "visit_extra": {"incident_kind": "injury", "incident_at": now - int(H)},
        },
    )
    g.criminal_case(
        st,
        now - int(30 * D),
        plan={
            "decline": False,
            "filing_delay": D,
            "suspect": False,
            "extra_documents": [("defence_opinion", now - int(5 * D), "")],
        },
    )


# --------------------------------------------------------------------------------------


def _stations() -> list[tuple[Unit, Unit]]:
    """(station, branch) for every case-handling unit below a branch, in tree order."""
    stations = Unit.objects.filter(level="station", kind__in=["police_station", "brigade"]).select_related(
        "parent"
    )
    # By code, not by path: paths compare as text ("/1/13/" < "/1/9/").
    return [(s, s.parent) for s in stations.order_by("parent__code", "code")]


def _venues(gen: DemoGenerator, pairs) -> dict[int, tuple[int, int]]:
    """A handling area at each police station, a case-handling centre at each branch."""
    venue_of: dict[int, tuple[int, int]] = {}
    centres: dict[int, int] = {}
    for station, branch in pairs:
        if branch.pk not in centres:
            centre_unit = Unit.objects.filter(parent=branch, kind="case_centre").first() or branch
            centres[branch.pk] = gen.add(
                m.Venue,
                None,
                {
                    "code": f"ZX{branch.code}",
                    "name": f"{branch.display_name}执法办案管理中心",
                    "kind": "handling_centre",
                    "unit_id": centre_unit.pk,
                    "is_active": True,
                },
            )
        area = gen.add(
            m.Venue,
            None,
            {
                "code": f"BAQ{station.code}",
                "name": f"{station.display_name}办案区",
                "kind": "handling_area",
                "unit_id": station.pk,
                "is_active": True,
            },
        )
        venue_of[station.pk] = (area, centres[branch.pk])
    return venue_of


def seed(*, scale: str = "small", stdout=None, examples: bool = True) -> dict:
    """Seed the demo city's elements (after ``supervision``'s units and officers).
    ``examples=False`` leaves out the guaranteed risk-family examples (benchmarks)."""
    started = time.monotonic()
    now = int(timezone.now().timestamp())
    rng = random.Random(20260301)
    sink = make_sink()
    generator = DemoGenerator(now=now, rng=rng, sink=sink, scale=scale)
    per_station = SCALES[scale]
    pairs = _stations()
    officers: dict[int, list] = {}
    for officer in Officer.objects.filter(unit__in=[s for s, _b in pairs]).values_list(
        "unit_id", "pk", "badge_no", "name"
    ):
        officers.setdefault(officer[0], []).append(officer[1:])
    families = list(SCENARIOS)
    siblings: dict[int, list[int]] = {}
    for station, branch in pairs:
        siblings.setdefault(branch.pk, []).append(station.pk)

    def load(index: int, station: Unit, branch: Unit) -> None:
        st = Station(
            unit_id=station.pk,
            code=station.code,
            name=station.display_name,
            branch_index=list(siblings).index(branch.pk),
            officers=officers.get(station.pk, []),
            venue_id=venue_of[station.pk][0],
            centre_venue_id=venue_of[station.pk][1],
            region=branch.code[:6],
            district=_district(branch),
        )
        if len(st.officers) < 2:
            return
        # Brigades handle fewer, bigger cases; stations most of the calls.
        brigade = station.kind == "brigade"
        generator.station_year(st, per_station // 4 if brigade else per_station)
        # Every family once per branch, spread over its stations; all of them at the
        # branch's first station (东街派出所 in the demo city, where the demo logins are).
        position = siblings[branch.pk].index(station.pk)
        mine = [
            f for i, f in enumerate(families) if position == 0 or i % len(siblings[branch.pk]) == position
        ]
        if examples and not brigade:
            generator.scenarios(st, mine)
            if position == 0:
                _in_area_incident_and_defence_opinion(generator, st)
        sink.flush(ORDER)
        if stdout is not None and scale == "city" and index % 10 == 9:
            stdout.write(f"  … {index + 1}/{len(pairs)} units, {time.monotonic() - started:.0f}s")

    # The small demo is one transaction. The city commits unit by unit — so the database
    # never holds a year of pending foreign-key checks — with the secondary indexes of
    # the element tables dropped while it loads and rebuilt at the end, as bulk loads do.
    bulk = scale == "city" and connection.vendor == "postgresql"
    with transaction.atomic():
        venue_of = _venues(generator, pairs)
        sink.flush(ORDER)
        if not bulk:
            for index, (station, branch) in enumerate(pairs):
                load(index, station, branch)
    if bulk:
        with _without_secondary_indexes(ORDER[1:], stdout):
            for index, (station, branch) in enumerate(pairs):
                with transaction.atomic():
                    load(index, station, branch)
    with transaction.atomic():
        sink.finish(ORDER)
        counts = {model._meta.model_name: sink.counts.get(model, 0) for model in ORDER}
        _record(counts, scale)
    if stdout is not None:
        stdout.write("  " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    return counts


@contextmanager
def _without_secondary_indexes(models, stdout):
    """Drop the non-unique indexes of these tables, and put back exactly what was there
    (``pg_indexes.indexdef``) when done — also when the load fails."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(t) for t in tables)}")
        if stdout is not None:
            stdout.write(f"  {len(indexes)} indexes rebuilt in {time.monotonic() - started:.0f}s")


def _record(counts: dict, scale: str) -> None:
    """One ingestion row per element type (channel: demo) and one audit event, so the
    history shows where the demo data came from."""
    from .ingest import specs

    now = timezone.now()
    codes = {spec.model._meta.model_name: spec.code for spec in specs().values()}
    m.Ingestion.objects.bulk_create(
        [
            m.Ingestion(
                element_type=codes[name],
                channel=m.Ingestion.Channel.DEMO,
                status=m.Ingestion.Status.COMMITTED,
                started_at=now,
                finished_at=now,
                received=count,
                created=count,
                progress_done=count,
            )
            for name, count in counts.items()
            if name in codes and count
        ]
    )
    audit_record(actor=None, action="demo.seed", changes={"scale": scale, **counts}, note="cases")
