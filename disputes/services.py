"""Writes of the disputes app: ``<entity>_<action>(*, actor, …)``, atomic and audited.

Intake, matching, linking, automatic answers and proposals are set-based: a fixed number
of queries however many disputes a run touches (``dispute_refresh``). Every step a person
takes is a service here and lands in the audit trail, which the dispute page reads back as
its timeline.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import IncidentDisposal
from cases.models import Incident, Person
from supervision.audit import diff, snapshot
from supervision.choices import AuditSource, JobKind, UnitLevel
from supervision.models import JobRun, Officer, Unit, User
from supervision.roles import has_capability
from supervision.services import audit_record, audit_record_many, job_run_execute

from . import scoring, selectors
from .choices import (
    OPEN_STATUSES,
    UNCLOSED_STATUSES,
    Answer,
    AutoFact,
    ChecklistKind,
    DisputeOrigin,
    DisputeStatus,
    DisputeType,
    Factor,
    LinkReason,
    NoticeReason,
    NoticeStatus,
    ResolutionMethod,
    RiskColour,
)
from .models import (
    ChecklistAnswer,
    ChecklistItem,
    Dispute,
    DisputeLink,
    DisputeNotice,
    DisputeParty,
    FollowUpVisit,
    RiskAssessment,
    ScoringModel,
)

# How far back a repeat call is linked (the scoring window is shorter and configurable).
LINK_LOOKBACK_DAYS = 365

# A first guess at the dispute type from the incident summary; the officer confirms it.
TYPE_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    (DisputeType.LABOUR, ("工资", "欠薪", "讨薪", "工钱", "劳务", "包工头", "工伤")),
    (DisputeType.MARRIAGE, ("离婚", "婚姻", "夫妻", "前夫", "前妻", "男友", "女友", "恋爱", "分手", "彩礼")),
    (DisputeType.FAMILY, ("家庭", "赡养", "父子", "母子", "母女", "兄弟", "婆媳", "家暴", "子女", "遗产")),
    (DisputeType.LAND, ("土地", "宅基地", "山林", "田地", "地界", "承包地")),
    (DisputeType.DEBTS, ("欠款", "借款", "债务", "还钱", "讨债", "借钱")),
    (DisputeType.CONSUMER, ("消费", "退款", "商家", "店家", "退货", "质量问题")),
    (DisputeType.TRAFFIC, ("交通", "刮擦", "追尾", "车辆", "停车", "碰撞")),
    (DisputeType.NEIGHBOURHOOD, ("邻居", "邻里", "噪音", "漏水", "楼上", "楼下", "占道")),
]


# --------------------------------------------------------------------------------------
# Guards


def _require(actor: User | None, capability: str) -> None:
    if actor is not None and not has_capability(actor, capability):
        raise PermissionDenied(capability)


def _require_visible(actor: User | None, dispute: Dispute) -> None:
    """Services re-check scope: a caller that skipped the scoped views still cannot write."""
    if actor is not None and not Dispute.objects.visible_to(actor).filter(pk=dispute.pk).exists():
        raise PermissionDenied("out of scope")


def _json(changes: dict) -> dict:
    """Dates as ISO strings, so the audit trail stores them as JSON."""
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in changes.items()}


def _locked(dispute: Dispute) -> Dispute:
    return Dispute.objects.select_for_update().get(pk=dispute.pk)


# --------------------------------------------------------------------------------------
# Configuration: scoring model versions and checklist items

DEFAULT_CHECKLIST: list[dict] = [
    # 八必查: on the persons involved
    {
        "kind": ChecklistKind.PERSONS,
        "code": "p-released-prisoner",
        "text": "当事人是否为刑满释放（刑释解教）人员",
        "guidance": "按身份证号与重点人员标记比对（平台自动比对，民警核实）",
        "factor": Factor.FLAGGED_PARTY,
        "auto_fact": AutoFact.RELEASED_PRISONER,
    },
    {
        "kind": ChecklistKind.PERSONS,
        "code": "p-drug-user",
        "text": "当事人是否为吸毒人员",
        "guidance": "按身份证号与吸毒人员标记比对",
        "factor": Factor.FLAGGED_PARTY,
        "auto_fact": AutoFact.DRUG_USER,
    },
    {
        "kind": ChecklistKind.PERSONS,
        "code": "p-mental-disorder",
        "text": "当事人是否为有肇事肇祸风险的精神障碍患者",
        "guidance": "按身份证号与精神障碍标记比对，必要时向社区、卫生部门核实",
        "factor": Factor.FLAGGED_PARTY,
        "auto_fact": AutoFact.MENTAL_DISORDER,
    },
    {
        "kind": ChecklistKind.PERSONS,
        "code": "p-prior-disputes",
        "text": "当事人此前是否涉及其他矛盾纠纷警情",
        "guidance": "平台按身份证号、地址、来电号码关联既往纠纷",
        "factor": Factor.PRIOR_DISPUTES,
        "auto_fact": AutoFact.PRIOR_DISPUTES,
    },
    {
        "kind": ChecklistKind.PERSONS,
        "code": "p-eight-losses",
        "text": "当事人是否属“八失”人员，或近期情绪失控、行为反常",
        "guidance": "生活失意、心态失衡、行为失常、家庭失和、情感失落等",
        "factor": Factor.FLAGGED_PARTY,
        "auto_fact": "",
    },
    {
        "kind": ChecklistKind.PERSONS,
        "code": "p-criminal-record",
        "text": "当事人是否有违法犯罪前科或现实危害行为",
        "guidance": "查询违法犯罪记录",
        "factor": Factor.FLAGGED_PARTY,
        "auto_fact": "",
    },
    {
        "kind": ChecklistKind.PERSONS,
        "code": "p-background",
        "text": "当事人家庭、婚恋、经济、就业等基本情况是否已摸清",
        "guidance": "",
        "factor": "",
        "auto_fact": "",
    },
    {
        "kind": ChecklistKind.PERSONS,
        "code": "p-contacts",
        "text": "当事人身份、联系方式及可协助稳控的亲属是否已核实",
        "guidance": "",
        "factor": "",
        "auto_fact": "",
    },
    # 八必判: on the risk of the incident
    {
        "kind": ChecklistKind.RISK,
        "code": "r-threat-to-kill",
        "text": "是否有扬言杀人、“同归于尽”“要拼命”等极端言语",
        "guidance": "硬性触发：一经确认即赋红色",
        "factor": Factor.THREAT_TO_KILL,
        "auto_fact": AutoFact.THREAT_TO_KILL,
    },
    {
        "kind": ChecklistKind.RISK,
        "code": "r-threat",
        "text": "是否有威胁恐吓、扬言报复等言行",
        "guidance": "",
        "factor": Factor.THREAT,
        "auto_fact": AutoFact.THREAT,
    },
    {
        "kind": ChecklistKind.RISK,
        "code": "r-weapons",
        "text": "是否持械，或有条件、有迹象使用凶器、危险物品",
        "guidance": "硬性触发：一经确认即赋红色",
        "factor": Factor.WEAPONS,
        "auto_fact": AutoFact.WEAPONS,
    },
    {
        "kind": ChecklistKind.RISK,
        "code": "r-repeat-calls",
        "text": "是否为重复报警（同一当事人或地址近30日内多次报警）",
        "guidance": "",
        "factor": Factor.REPEAT_CALLS,
        "auto_fact": AutoFact.REPEAT_CALLS,
    },
    {
        "kind": ChecklistKind.RISK,
        "code": "r-crowd",
        "text": "是否涉及人数较多（5人以上）或可能引发群体性事件",
        "guidance": "",
        "factor": Factor.CROWD,
        "auto_fact": AutoFact.CROWD,
    },
    {
        "kind": ChecklistKind.RISK,
        "code": "r-long-unresolved",
        "text": "纠纷是否长期未化解（超过7日）",
        "guidance": "",
        "factor": "",
        "auto_fact": AutoFact.UNRESOLVED_AGE,
    },
    {
        "kind": ChecklistKind.RISK,
        "code": "r-cross-department",
        "text": "是否需要多个部门联合调处（跨部门、跨行业或专业性强）",
        "guidance": "",
        "factor": Factor.CROSS_DEPARTMENT,
        "auto_fact": "",
    },
    {
        "kind": ChecklistKind.RISK,
        "code": "r-harm",
        "text": "是否已造成人身伤害或财产损失",
        "guidance": "按行为后果分类自动判断",
        "factor": "",
        "auto_fact": AutoFact.INJURY_OR_DAMAGE,
    },
]


def config_ensure_defaults(**kwargs) -> ScoringModel:
    """Create the default scoring model (v1) and checklists when none exist. Idempotent;
    also connected to ``post_migrate``."""
    with transaction.atomic():
        if not ChecklistItem.objects.exists():
            ChecklistItem.objects.bulk_create(
                [
                    ChecklistItem(order=i, **{k: str(v) for k, v in item.items()})
                    for i, item in enumerate(DEFAULT_CHECKLIST)
                ],
                ignore_conflicts=True,
            )
        model = ScoringModel.objects.filter(is_active=True).first()
        if model is None:
            try:
                with transaction.atomic():
                    model = ScoringModel.objects.create(
                        version=(ScoringModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1,
                        config=scoring.default_config(),
                        is_active=True,
                        note="practice.md §7",
                    )
            except IntegrityError:
                model = ScoringModel.objects.get(is_active=True)
    return model


@transaction.atomic
def scoring_model_publish(*, actor: User, config: dict, note: str) -> ScoringModel:
    """Publish a new version and make it active. Earlier versions stay for explaining old scores."""
    _require(actor, "configure_disputes")
    try:
        config = scoring.validate_config(config)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    current = ScoringModel.objects.select_for_update().filter(is_active=True).first()
    version = (ScoringModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    ScoringModel.objects.filter(is_active=True).update(is_active=False)
    model = ScoringModel.objects.create(
        version=version, config=config, is_active=True, note=note, created_by=actor
    )
    before = current.config if current else {}
    audit_record(
        actor=actor,
        action="scoring_model.publish",
        target=model,
        changes=diff(before, config),
        note=note,
    )
    # Open disputes get proposals under the new version (their confirmed colours stay).
    transaction.on_commit(lambda: dispute_refresh(Dispute.objects.filter(status__in=OPEN_STATUSES)))
    return model


@transaction.atomic
def checklist_item_save(*, actor: User, item: ChecklistItem | None, data: dict) -> ChecklistItem:
    """Add or change a checklist item (the legal-affairs unit keeps the lists)."""
    _require(actor, "configure_disputes")
    fields = ("kind", "code", "text", "guidance", "factor", "auto_fact", "order", "is_active")
    if item is None:
        item = ChecklistItem(**{k: data[k] for k in fields if k in data})
        before = {}
    else:
        before = snapshot(item, fields)
        for key in fields:
            if key in data:
                setattr(item, key, data[key])
    item.full_clean()
    item.save()
    audit_record(
        actor=actor, action="checklist_item.save", target=item, changes=diff(before, snapshot(item, fields))
    )
    return item


# --------------------------------------------------------------------------------------
# Intake and refresh (set-based)


@dataclass
class IntakeResult:
    created: int = 0
    parties: int = 0
    links: int = 0
    refreshed: int = 0

    def as_counts(self) -> dict:
        return {
            "created": self.created,
            "parties": self.parties,
            "links": self.links,
            "refreshed": self.refreshed,
        }


def _type_guess_case():
    from django.db.models import Case, CharField, Value, When

    whens = []
    for dispute_type, words in TYPE_KEYWORDS:
        condition = Q()
        for word in words:
            condition |= Q(summary__contains=word)
        whens.append(When(condition, then=Value(str(dispute_type))))
    return Case(*whens, default=Value(""), output_field=CharField())


INTAKE_CHUNK = 5000
REFRESH_CHUNK = 2000

# How a historical incident's disposal reads as a resolution (see ``historical_before``).
HISTORICAL_METHOD = {
    IncidentDisposal.RESOLVED_ON_SCENE: ResolutionMethod.POLICE_MEDIATION,
    IncidentDisposal.MEDIATED: ResolutionMethod.POLICE_MEDIATION,
    IncidentDisposal.ACCEPTED_AS_CASE: ResolutionMethod.CASE,
    IncidentDisposal.TRANSFERRED: ResolutionMethod.OTHER,
    IncidentDisposal.REFERRED_ELSEWHERE: ResolutionMethod.OTHER,
    IncidentDisposal.NO_ACTION: ResolutionMethod.SELF_SETTLED,
}


def dispute_intake(
    *,
    actor: User | None = None,
    incidents: QuerySet[Incident] | None = None,
    historical_before: datetime.date | None = None,
) -> IntakeResult:
    """Every dispute incident becomes a dispute record — once. Then refresh every
    unclosed dispute: parties, flags, repeat-call links, automatic answers, proposals.

    Idempotent (the incident is unique on the dispute; parties are unique per person)
    and set-based: a fixed number of queries per chunk of incidents, however many.

    ``historical_before`` is for going live on years of data: a dispute incident received
    before that date and already disposed of becomes a *historical* record, closed as the
    incident was disposed of — kept for repeat calls and history, never triaged.
    """
    result = IntakeResult()
    source = incidents if incidents is not None else Incident.objects.all()
    new_incidents = (
        source.filter(is_dispute=True)
        .filter(~Exists(Dispute.objects.filter(incident=OuterRef("pk"))))
        .annotate(type_guess=_type_guess_case())
        .order_by("pk")
    )
    last_pk = 0
    created_ids: list[int] = []
    while True:
        rows = list(
            new_incidents.filter(pk__gt=last_pk).values(
                "pk",
                "unit_id",
                "received_at",
                "location",
                "location_key",
                "caller_phone",
                "summary",
                "has_threat",
                "weapons_involved",
                "crowd_size",
                "officer_id",
                "type_guess",
                "disposal",
                "disposed_at",
            )[:INTAKE_CHUNK]
        )
        if not rows:
            break
        last_pk = rows[-1]["pk"]
        created = _intake_chunk(rows, actor=actor, historical_before=historical_before)
        created_ids += [d.pk for d in created if d.status == DisputeStatus.CLOSED]
        result.created += len(created)
    if created_ids:
        # Historical records are closed, but their parties still link later repeat calls.
        for chunk in _chunks(created_ids, REFRESH_CHUNK):
            with transaction.atomic():
                result.parties += _take_in_parties(chunk)
    marker = timezone.now()
    with transaction.atomic():
        unclosed = Dispute.objects.filter(status__in=UNCLOSED_STATUSES)
        # Incident facts only ever raise a dispute's facts: an officer's finding is not undone.
        with_incident = unclosed.filter(incident__isnull=False)
        with_incident.filter(incident__has_threat=True, has_threat=False).update(
            has_threat=True, updated_at=marker
        )
        with_incident.filter(incident__weapons_involved=True, weapons_involved=False).update(
            weapons_involved=True, updated_at=marker
        )
        with_incident.filter(incident__crowd_size__gt=F("crowd_size")).update(
            crowd_size=Subquery(Incident.objects.filter(pk=OuterRef("incident_id")).values("crowd_size")[:1]),
            updated_at=marker,
        )
    refresh = dispute_refresh(Dispute.objects.filter(status__in=UNCLOSED_STATUSES), marker=marker)
    result.parties += refresh.parties
    result.links, result.refreshed = refresh.links, refresh.refreshed
    return result


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def _intake_chunk(
    rows: list[dict], *, actor: User | None, historical_before: datetime.date | None
) -> list[Dispute]:
    marker = timezone.now()
    disputes = []
    for r in rows:
        dispute = Dispute(
            unit_id=r["unit_id"],
            incident_id=r["pk"],
            origin=DisputeOrigin.INTAKE,
            occurred_at=r["received_at"],
            location=r["location"],
            location_key=r["location_key"],
            caller_phone=r["caller_phone"],
            summary=r["summary"],
            dispute_type=r["type_guess"],
            has_threat=r["has_threat"],
            weapons_involved=r["weapons_involved"],
            crowd_size=r["crowd_size"],
            community_officer_id=r["officer_id"],
            created_at=marker,
            updated_at=marker,
        )
        received_on = timezone.localtime(r["received_at"]).date()
        if historical_before and received_on < historical_before and r["disposal"] in HISTORICAL_METHOD:
            disposed_on = timezone.localtime(r["disposed_at"] or r["received_at"]).date()
            dispute.historical = True
            dispute.status = DisputeStatus.CLOSED
            dispute.resolved_on = dispute.closed_on = max(received_on, disposed_on)
            dispute.resolution_method = HISTORICAL_METHOD[r["disposal"]]
            dispute.resolution_outcome = _("Disposed of before the platform went live: %(disposal)s") % {
                "disposal": IncidentDisposal(r["disposal"]).label
            }
        disputes.append(dispute)
    # A concurrent run that took the same incident keeps its row (ignore_conflicts) …
    Dispute.objects.bulk_create(disputes, batch_size=1000, ignore_conflicts=True)
    # … and the rows this run inserted are those carrying its timestamp.
    created = list(
        Dispute.objects.filter(incident_id__in=[r["pk"] for r in rows], created_at=marker).only(
            "pk", "unit_id", "incident_id", "occurred_at", "status"
        )
    )
    audit_record_many(
        actor=actor,
        action="dispute.intake",
        items=[(d, {"incident": d.incident_id, "status": d.status}) for d in created],
    )
    return created


def dispute_refresh(disputes: QuerySet[Dispute], *, marker: datetime.datetime | None = None) -> IntakeResult:
    """Bring ``disputes`` up to date with the data, set-based (by chunks): take in new
    persons of their incidents, match parties against the person flags, link repeat calls,
    detect threat language, fill automatic checklist answers and recompute the proposals."""
    result = IntakeResult()
    marker = marker or timezone.now()
    config = selectors.active_config()[1]
    ids = list(disputes.order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(ids, REFRESH_CHUNK):
        with transaction.atomic():
            result.parties += _take_in_parties(chunk)
            _match_flags(chunk, marker)
            if config["threat_phrases"]:
                phrase_q = Q()
                for phrase in config["threat_phrases"]:
                    phrase_q |= Q(summary__contains=phrase)
                # Threat language in the summary (a hard trigger).
                Dispute.objects.filter(pk__in=chunk).filter(phrase_q, threat_to_kill=False).update(
                    threat_to_kill=True, updated_at=marker
                )
            result.links += _link_repeats(chunk)
            _auto_answer(chunk, config)
            result.refreshed += _propose(chunk, config)
    return result


def _take_in_parties(ids: list[int]) -> int:
    """Parties from the incidents' person records not yet taken in."""
    persons = list(
        Person.objects.filter(incident__dispute__in=ids)
        .filter(
            ~Exists(DisputeParty.objects.filter(person=OuterRef("pk"), dispute=OuterRef("incident__dispute")))
        )
        .values("pk", "incident__dispute", "name", "id_number", "phone")
    )
    if persons:
        DisputeParty.objects.bulk_create(
            [
                DisputeParty(
                    dispute_id=p["incident__dispute"],
                    person_id=p["pk"],
                    name=p["name"],
                    id_number=p["id_number"],
                    phone=p["phone"],
                )
                for p in persons
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
    return len(persons)


def _match_flags(ids: list[int], marker: datetime.datetime) -> None:
    """Data collision: each party's flags are the OR over every person record with its ID number."""
    same_person = Person.objects.filter(
        (Q(id_number=OuterRef("id_number")) & ~Q(id_number="")) | Q(pk=OuterRef("person_id"))
    )
    DisputeParty.objects.filter(dispute_id__in=ids).update(
        is_released_prisoner=Exists(same_person.filter(is_released_prisoner=True)),
        is_drug_user=Exists(same_person.filter(is_drug_user=True)),
        has_mental_disorder_risk=Exists(same_person.filter(has_mental_disorder_risk=True)),
        matched_at=marker,
    )


def _link_repeats(ids: list[int]) -> int:
    own = list(Dispute.objects.filter(pk__in=ids).values("pk", "occurred_at", "location_key", "caller_phone"))
    if not own:
        return 0
    since = min(r["occurred_at"] for r in own) - datetime.timedelta(days=LINK_LOOKBACK_DAYS)
    own_parties = defaultdict(set)
    for dispute_id, id_number in (
        DisputeParty.objects.filter(dispute_id__in=ids)
        .exclude(id_number="")
        .values_list("dispute_id", "id_number")
    ):
        own_parties[dispute_id].add(id_number)
    keys = {r["location_key"] for r in own if r["location_key"]}
    phones = {r["caller_phone"] for r in own if r["caller_phone"]}
    id_numbers = set().union(*own_parties.values()) if own_parties else set()
    by_key, by_phone, by_id = defaultdict(list), defaultdict(list), defaultdict(list)
    recent = Dispute.objects.filter(occurred_at__gte=since)
    for r in recent.filter(location_key__in=keys).values("pk", "occurred_at", "location_key"):
        by_key[r["location_key"]].append(r)
    for r in recent.filter(caller_phone__in=phones).values("pk", "occurred_at", "caller_phone"):
        by_phone[r["caller_phone"]].append(r)
    for r in (
        DisputeParty.objects.filter(id_number__in=id_numbers)
        .values("dispute_id", "id_number", "dispute__occurred_at")
        .distinct()
    ):
        by_id[r["id_number"]].append({"pk": r["dispute_id"], "occurred_at": r["dispute__occurred_at"]})

    def earlier(row: dict, other: dict) -> bool:
        return other["pk"] != row["pk"] and (other["occurred_at"], other["pk"]) < (
            row["occurred_at"],
            row["pk"],
        )

    links = set()
    earlier_count: dict[tuple[int, str], set] = defaultdict(set)
    for row in own:
        for other in by_key.get(row["location_key"], ()) if row["location_key"] else ():
            if earlier(row, other) and other["occurred_at"] >= row["occurred_at"] - datetime.timedelta(
                days=LINK_LOOKBACK_DAYS
            ):
                links.add((row["pk"], other["pk"], LinkReason.SAME_ADDRESS))
        for other in by_phone.get(row["caller_phone"], ()) if row["caller_phone"] else ():
            if earlier(row, other) and other["occurred_at"] >= row["occurred_at"] - datetime.timedelta(
                days=LINK_LOOKBACK_DAYS
            ):
                links.add((row["pk"], other["pk"], LinkReason.SAME_PHONE))
        for id_number in own_parties.get(row["pk"], ()):
            for other in by_id.get(id_number, ()):
                if earlier(row, other):
                    earlier_count[(row["pk"], id_number)].add(other["pk"])
                    if other["occurred_at"] >= row["occurred_at"] - datetime.timedelta(
                        days=LINK_LOOKBACK_DAYS
                    ):
                        links.add((row["pk"], other["pk"], LinkReason.SAME_PARTY))
    existing = set(
        DisputeLink.objects.filter(dispute_id__in=ids).values_list("dispute_id", "earlier_id", "reason")
    )
    new = links - existing
    if new:
        DisputeLink.objects.bulk_create(
            [DisputeLink(dispute_id=a, earlier_id=b, reason=r) for a, b, r in new],
            batch_size=1000,
            ignore_conflicts=True,
        )
    # Each party's count of earlier disputes (any time), for the party list.
    parties = list(
        DisputeParty.objects.filter(dispute_id__in=ids)
        .exclude(id_number="")
        .only("pk", "dispute_id", "id_number", "earlier_disputes")
    )
    changed = []
    for party in parties:
        count = len(earlier_count.get((party.dispute_id, party.id_number), ()))
        if party.earlier_disputes != count:
            party.earlier_disputes = count
            changed.append(party)
    if changed:
        DisputeParty.objects.bulk_update(changed, ["earlier_disputes"], batch_size=1000)
    return len(new)


def _auto_answer(ids: list[int], config: dict) -> None:
    """Answer items that have an ``auto_fact`` from the data, unless an officer answered them."""
    items = list(ChecklistItem.objects.filter(is_active=True).exclude(auto_fact=""))
    if not items:
        return
    facts = selectors.dispute_facts_many(ids, config)
    existing = {
        (a.dispute_id, a.item_id): a
        for a in ChecklistAnswer.objects.filter(dispute_id__in=ids, item__in=items).only(
            "pk", "dispute_id", "item_id", "answer", "answered_by_id"
        )
    }
    now = timezone.now()
    to_create, to_update = [], []
    for dispute_id, gathered in facts.items():
        for item in items:
            value = gathered.auto.get(item.auto_fact)
            if value is None:
                continue
            answer = existing.get((dispute_id, item.pk))
            if answer is None:
                to_create.append(
                    ChecklistAnswer(
                        dispute_id=dispute_id, item=item, question=item.text, answer=value, answered_at=now
                    )
                )
            elif answer.answered_by_id is None and answer.answer != value:
                answer.answer = value
                answer.answered_at = now
                to_update.append(answer)
    if to_create:
        ChecklistAnswer.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
    if to_update:
        ChecklistAnswer.objects.bulk_update(to_update, ["answer", "answered_at"], batch_size=1000)


def _propose(ids: list[int], config: dict) -> int:
    """Recompute the proposed colour and score of open disputes (confirmed colours stay)."""
    open_ids = list(Dispute.objects.filter(pk__in=ids, status__in=OPEN_STATUSES).values_list("pk", flat=True))
    facts = selectors.dispute_facts_many(open_ids, config)
    threshold = scoring.crowd_threshold(config)
    disputes = list(Dispute.objects.filter(pk__in=open_ids).only("pk", "proposed_score", "proposed_colour"))
    changed = []
    for dispute in disputes:
        gathered = facts[dispute.pk]
        proposal = scoring.propose(gathered.facts.with_answers(gathered.answers, min_crowd=threshold), config)
        if (dispute.proposed_score, dispute.proposed_colour) != (proposal.score, proposal.colour):
            dispute.proposed_score, dispute.proposed_colour = proposal.score, proposal.colour
            changed.append(dispute)
    if changed:
        Dispute.objects.bulk_update(changed, ["proposed_score", "proposed_colour"], batch_size=1000)
    return len(changed)


def dispute_intake_run(
    *,
    business_date: datetime.date,
    triggered_by: str = AuditSource.JOB,
    occasion: str = "",
    rerun: bool = False,
) -> JobRun | None:
    """The daily intake and triage refresh (one ``JobRun`` per date; ``occasion`` names an
    extra run, e.g. after an ingestion, so that it is not mistaken for the day's run)."""
    period = business_date.isoformat() + (f"#{occasion}" if occasion else "")

    def work(run: JobRun) -> dict:
        return dispute_intake().as_counts()

    return job_run_execute(
        kind=JobKind.DISPUTE_INTAKE, period=period[:30], work=work, triggered_by=triggered_by, rerun=rerun
    )


# --------------------------------------------------------------------------------------
# Opening by hand, classification, parties


@transaction.atomic
def dispute_open(
    *,
    actor: User,
    unit: Unit,
    occurred_at: datetime.datetime,
    summary: str,
    location: str = "",
    location_key: str = "",
    caller_phone: str = "",
    dispute_type: str = "",
    consequence: str = "",
    cause: str = "",
    has_threat: bool = False,
    weapons_involved: bool = False,
    crowd_size: int = 0,
    parties: Iterable[dict] = (),
    community_officer: Officer | None = None,
) -> Dispute:
    """Open a dispute by hand (a walk-in, a dispute found on a visit, one handed over by the township)."""
    _require(actor, "handle_disputes")
    if not Unit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied("out of scope")
    if unit.level != UnitLevel.STATION:
        raise ValidationError({"unit": _("A dispute belongs to a station.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Describe the dispute.")})
    now = timezone.now()
    if occurred_at > now:
        raise ValidationError({"occurred_at": _("The time cannot be in the future.")})
    dispute = Dispute.objects.create(
        unit=unit,
        origin=DisputeOrigin.MANUAL,
        occurred_at=occurred_at,
        location=location,
        location_key=location_key or location,
        caller_phone=caller_phone,
        summary=summary.strip(),
        dispute_type=dispute_type,
        consequence=consequence,
        cause=cause,
        classified_by=actor if dispute_type and consequence and cause else None,
        has_threat=has_threat,
        weapons_involved=weapons_involved,
        crowd_size=crowd_size,
        community_officer=community_officer or actor.officer,
    )
    party_rows = [p for p in parties if (p.get("name") or "").strip()]
    DisputeParty.objects.bulk_create(
        [
            DisputeParty(
                dispute=dispute,
                name=p["name"].strip(),
                id_number=(p.get("id_number") or "").strip().upper(),
                phone=(p.get("phone") or "").strip(),
            )
            for p in party_rows
        ]
    )
    audit_record(
        actor=actor,
        action="dispute.open",
        target=dispute,
        changes={
            **snapshot(dispute, ["unit_id", "occurred_at", "dispute_type", "summary"]),
            "parties": len(party_rows),
        },
    )
    dispute_refresh(Dispute.objects.filter(pk=dispute.pk))
    dispute.refresh_from_db()
    return dispute


@transaction.atomic
def dispute_party_add(
    *, actor: User, dispute: Dispute, name: str, id_number: str = "", phone: str = ""
) -> DisputeParty:
    _require(actor, "handle_disputes")
    _require_visible(actor, dispute)
    if dispute.status == DisputeStatus.CLOSED:
        raise ValidationError(_("The loop of this dispute is closed."), code="closed")
    if not name.strip():
        raise ValidationError({"name": _("A name is required.")})
    party = DisputeParty.objects.create(
        dispute=dispute, name=name.strip(), id_number=id_number.strip().upper(), phone=phone.strip()
    )
    audit_record(
        actor=actor,
        action="dispute.party_add",
        target=dispute,
        changes={"party": party.pk, "name": party.name},
    )
    dispute_refresh(Dispute.objects.filter(pk=dispute.pk))
    return party


CLASSIFICATION_FIELDS = (
    "dispute_type",
    "consequence",
    "cause",
    "cause_detail",
    "has_threat",
    "threat_to_kill",
    "weapons_involved",
    "crowd_size",
    "cross_department",
)


@transaction.atomic
def dispute_classify(*, actor: User, dispute: Dispute, **values) -> Dispute:
    """Record type, consequence and cause (and the facts the officer found)."""
    _require(actor, "handle_disputes")
    _require_visible(actor, dispute)
    dispute = _locked(dispute)
    if dispute.status == DisputeStatus.CLOSED:
        raise ValidationError(_("The loop of this dispute is closed."), code="closed")
    unknown = set(values) - set(CLASSIFICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for required in ("dispute_type", "consequence", "cause"):
        if not values.get(required, getattr(dispute, required)):
            raise ValidationError({required: _("This field is required.")})
    before = snapshot(dispute, CLASSIFICATION_FIELDS)
    for key, value in values.items():
        setattr(dispute, key, value)
    dispute.classified_by = actor
    dispute.updated_at = timezone.now()
    dispute.full_clean(exclude=["incident", "unit", "community_officer"])
    dispute.save()
    changes = diff(before, snapshot(dispute, CLASSIFICATION_FIELDS))
    audit_record(actor=actor, action="dispute.classify", target=dispute, changes=changes)
    dispute_refresh(Dispute.objects.filter(pk=dispute.pk))
    dispute.refresh_from_db()
    return dispute


@transaction.atomic
def dispute_checklist_answer(
    *, actor: User, dispute: Dispute, answers: dict[int, tuple[str, str]] | dict[int, str]
) -> int:
    """Record answers ``{item_id: answer}`` or ``{item_id: (answer, note)}``. Returns how many changed."""
    _require(actor, "handle_disputes")
    _require_visible(actor, dispute)
    if dispute.status == DisputeStatus.CLOSED:
        raise ValidationError(_("The loop of this dispute is closed."), code="closed")
    items = {i.pk: i for i in ChecklistItem.objects.filter(pk__in=answers)}
    existing = {a.item_id: a for a in ChecklistAnswer.objects.filter(dispute=dispute, item_id__in=items)}
    now = timezone.now()
    changed = {}
    for item_id, value in answers.items():
        answer, note = value if isinstance(value, tuple) else (value, "")
        if item_id not in items:
            raise ValidationError(_("Unknown checklist item."))
        if answer not in Answer.values:
            raise ValidationError(_("Answer yes, no or not known."))
        item = items[item_id]
        row = existing.get(item_id)
        if row is None:
            ChecklistAnswer.objects.create(
                dispute=dispute,
                item=item,
                question=item.text,
                answer=answer,
                note=note,
                answered_by=actor,
                answered_at=now,
            )
            changed[item.code] = answer
        elif (row.answer, row.note, row.answered_by_id) != (answer, note, actor.pk):
            if row.answer != answer or row.note != note or row.answered_by_id is None:
                changed[item.code] = answer
            row.answer, row.note, row.answered_by, row.answered_at, row.question = (
                answer,
                note,
                actor,
                now,
                item.text,
            )
            row.save(update_fields=["answer", "note", "answered_by", "answered_at", "question"])
    if changed:
        audit_record(actor=actor, action="dispute.checklist", target=dispute, changes={"answers": changed})
        dispute_refresh(Dispute.objects.filter(pk=dispute.pk))
    return len(changed)


# --------------------------------------------------------------------------------------
# Assessment: confirm or override the proposed colour


@transaction.atomic
def dispute_assess(
    *,
    actor: User,
    dispute: Dispute,
    colour: str,
    override_reason: str = "",
    community_officer: Officer | None = None,
) -> RiskAssessment:
    """Confirm the proposed colour, or override it with a reason (研判赋色).

    The proposal is recomputed here from the record as it stands, so what is stored is
    exactly what the officer confirmed against. The first assessment starts follow-up:
    the first visit is due within the colour's interval.
    """
    _require(actor, "handle_disputes")
    _require_visible(actor, dispute)
    dispute = _locked(dispute)
    if dispute.status not in OPEN_STATUSES:
        raise ValidationError(_("Only a dispute still being resolved can be assessed."))
    if colour not in RiskColour.values:
        raise ValidationError({"colour": _("Choose red, yellow or blue.")})
    if dispute.classified_by_id is None:
        raise ValidationError(_("Confirm the classification first."), code="unclassified")
    unanswered = ChecklistItem.objects.filter(is_active=True).exclude(
        pk__in=ChecklistAnswer.objects.filter(dispute=dispute, answered_by__isnull=False).values("item_id")
    )
    if unanswered.exists():
        raise ValidationError(
            _("Answer every checklist item first (%(count)s left).") % {"count": unanswered.count()},
            code="checklist_incomplete",
        )
    proposal, model = selectors.dispute_proposal(dispute)
    override_reason = override_reason.strip()
    if colour != proposal.colour and not override_reason:
        raise ValidationError(
            {"override_reason": _("Give the reason for a colour other than the proposed one.")}
        )
    config = selectors.active_config()[1]
    assessment = RiskAssessment.objects.create(
        dispute=dispute,
        scoring_model=model,
        score=proposal.score,
        proposed_colour=proposal.colour,
        factors=proposal.factors_json(),
        hard_triggers=proposal.hard_triggers,
        colour=colour,
        override_reason=override_reason if colour != proposal.colour else "",
        assessed_by=actor,
    )
    today = timezone.localdate()
    due = today + datetime.timedelta(days=selectors.visit_interval_days(colour, config))
    before = snapshot(dispute, ["status", "colour", "next_visit_due", "community_officer_id"])
    first = dispute.status == DisputeStatus.NEW
    if first or dispute.next_visit_due is None or due < dispute.next_visit_due:
        dispute.next_visit_due = due
    dispute.status = DisputeStatus.IN_PROGRESS
    dispute.colour = colour
    dispute.assessed_at = assessment.assessed_at
    dispute.proposed_colour, dispute.proposed_score = proposal.colour, proposal.score
    if community_officer is not None:
        dispute.community_officer = community_officer
    elif dispute.community_officer_id is None and actor.officer_id:
        dispute.community_officer_id = actor.officer_id
    dispute.updated_at = timezone.now()
    dispute.save()
    audit_record(
        actor=actor,
        action="dispute.assess",
        target=dispute,
        changes={
            **diff(before, snapshot(dispute, ["status", "colour", "next_visit_due", "community_officer_id"])),
            "previous_colour": before["colour"],
            "assessment": assessment.pk,
            "scoring_model": model.version,
            "score": proposal.score,
            "proposed_colour": proposal.colour,
            "colour": colour,
            "hard_triggers": proposal.hard_triggers,
            "override_reason": assessment.override_reason,
        },
    )
    followup_warnings_sync(disputes=Dispute.objects.filter(pk=dispute.pk), today=today)
    return assessment


@transaction.atomic
def dispute_triage_record(
    *,
    actor: User,
    dispute: Dispute,
    classification: dict,
    answers: dict[int, tuple[str, str]],
    colour: str,
    override_reason: str = "",
    community_officer: Officer | None = None,
) -> RiskAssessment:
    """The whole of one assessment (研判) as one step: classification, both checklists,
    then the colour — all or nothing."""
    dispute = dispute_classify(actor=actor, dispute=dispute, **classification)
    dispute_checklist_answer(actor=actor, dispute=dispute, answers=answers)
    return dispute_assess(
        actor=actor,
        dispute=dispute,
        colour=colour,
        override_reason=override_reason,
        community_officer=community_officer,
    )


@transaction.atomic
def dispute_assign(
    *,
    actor: User,
    dispute: Dispute,
    community_officer: Officer | None = None,
    township: str | None = None,
    next_steps: str | None = None,
) -> Dispute:
    """Record who answers for the dispute: the community officer, the township, the next steps."""
    _require(actor, "handle_disputes")
    _require_visible(actor, dispute)
    dispute = _locked(dispute)
    if dispute.status == DisputeStatus.CLOSED:
        raise ValidationError(_("The loop of this dispute is closed."), code="closed")
    fields = ["community_officer_id", "township", "next_steps"]
    before = snapshot(dispute, fields)
    if community_officer is not None:
        if not Officer.objects.visible_to(actor).filter(pk=community_officer.pk).exists():
            raise PermissionDenied("officer out of scope")
        dispute.community_officer = community_officer
    if township is not None:
        dispute.township = township.strip()
    if next_steps is not None:
        dispute.next_steps = next_steps.strip()
    changes = diff(before, snapshot(dispute, fields))
    if changes:
        dispute.updated_at = timezone.now()
        dispute.save()
        audit_record(actor=actor, action="dispute.assign", target=dispute, changes=changes)
    return dispute


# --------------------------------------------------------------------------------------
# Follow-up visits, resolution, closing the loop


@transaction.atomic
def dispute_visit_record(
    *,
    actor: User,
    dispute: Dispute,
    visited_on: datetime.date,
    method: str,
    situation: str,
    outcome: str,
    next_steps: str = "",
    next_due: datetime.date | None = None,
    officer: Officer | None = None,
) -> FollowUpVisit:
    """Record a follow-up visit (回访). The next visit is due within the colour's interval
    of this one; the officer may set it sooner, not later. Clears an overdue warning."""
    _require(actor, "handle_disputes")
    _require_visible(actor, dispute)
    dispute = _locked(dispute)
    today = timezone.localdate()
    if dispute.status == DisputeStatus.NEW:
        raise ValidationError(_("Assess the dispute before recording follow-up visits."), code="not_assessed")
    if dispute.status == DisputeStatus.CLOSED:
        raise ValidationError(_("The loop of this dispute is closed."), code="closed")
    if visited_on > today:
        raise ValidationError({"visited_on": _("A visit cannot be in the future.")})
    if visited_on < timezone.localtime(dispute.occurred_at).date():
        raise ValidationError({"visited_on": _("A visit cannot be before the dispute was reported.")})
    if not outcome.strip():
        raise ValidationError({"outcome": _("Record what was found and done.")})
    config = selectors.active_config()[1]
    in_progress = dispute.status == DisputeStatus.IN_PROGRESS
    if in_progress:
        latest = visited_on + datetime.timedelta(days=selectors.visit_interval_days(dispute.colour, config))
        if next_due is None:
            next_due = latest
        elif next_due > latest:
            raise ValidationError(
                {
                    "next_due": _(
                        "A %(colour)s dispute is visited at least every %(days)s days: by %(date)s."
                    )
                    % {
                        "colour": dispute.get_colour_display(),
                        "days": selectors.visit_interval_days(dispute.colour, config),
                        "date": latest,
                    }
                }
            )
        elif next_due <= visited_on:
            raise ValidationError({"next_due": _("The next visit comes after this one.")})
    else:
        next_due = None  # after resolution, visits are recorded but no longer scheduled
    visit = FollowUpVisit.objects.create(
        dispute=dispute,
        visited_on=visited_on,
        method=method,
        situation=situation,
        outcome=outcome.strip(),
        next_steps=next_steps.strip(),
        next_due=next_due,
        officer=officer or actor.officer or dispute.community_officer,
        recorded_by=actor,
    )
    visit.full_clean()
    before = snapshot(dispute, ["next_visit_due", "last_visit_on", "next_steps"])
    if dispute.last_visit_on is None or visited_on >= dispute.last_visit_on:
        dispute.last_visit_on = visited_on
        if in_progress:
            dispute.next_visit_due = next_due
        if next_steps.strip():
            dispute.next_steps = next_steps.strip()
    dispute.updated_at = timezone.now()
    dispute.save()
    audit_record(
        actor=actor,
        action="dispute.visit",
        target=dispute,
        changes=_json(
            {
                "visit": visit.pk,
                "visited_on": visited_on,
                "method": method,
                "situation": situation,
                "next_due": next_due,
                **diff(before, snapshot(dispute, ["next_visit_due", "last_visit_on", "next_steps"])),
            }
        ),
    )
    followup_warnings_sync(disputes=Dispute.objects.filter(pk=dispute.pk), today=today)
    return visit


@transaction.atomic
def dispute_resolve(
    *,
    actor: User,
    dispute: Dispute,
    resolved_on: datetime.date,
    method: str,
    outcome: str,
    township: str,
) -> Dispute:
    """Resolve (化解) with a recorded outcome and the township that answers for it. The loop
    is closed only when the township confirms (``dispute_township_confirm``)."""
    _require(actor, "handle_disputes")
    _require_visible(actor, dispute)
    dispute = _locked(dispute)
    errors = {}
    if dispute.status == DisputeStatus.NEW:
        raise ValidationError(_("Assess the dispute before resolving it."), code="not_assessed")
    if dispute.status != DisputeStatus.IN_PROGRESS:
        raise ValidationError(_("This dispute is already resolved."))
    if not (outcome or "").strip():
        errors["outcome"] = _("A dispute is resolved only with a recorded outcome.")
    if not (township or "").strip():
        errors["township"] = _("Record the township responsible.")
    if resolved_on > timezone.localdate():
        errors["resolved_on"] = _("The date cannot be in the future.")
    elif resolved_on < timezone.localtime(dispute.occurred_at).date():
        errors["resolved_on"] = _("The date cannot be before the dispute was reported.")
    if errors:
        raise ValidationError(errors)
    fields = [
        "status",
        "resolved_on",
        "resolution_method",
        "resolution_outcome",
        "township",
        "next_visit_due",
    ]
    before = snapshot(dispute, fields)
    dispute.status = DisputeStatus.RESOLVED
    dispute.resolved_on = resolved_on
    dispute.resolution_method = method
    dispute.resolution_outcome = outcome.strip()
    dispute.township = township.strip()
    dispute.next_visit_due = None
    dispute.updated_at = timezone.now()
    dispute.full_clean(exclude=["incident", "unit", "community_officer"])
    dispute.save()
    audit_record(
        actor=actor,
        action="dispute.resolve",
        target=dispute,
        changes={
            "method": method,
            "outcome": dispute.resolution_outcome,
            **diff(before, snapshot(dispute, fields)),
        },
    )
    followup_warnings_sync(disputes=Dispute.objects.filter(pk=dispute.pk), today=timezone.localdate())
    return dispute


@transaction.atomic
def dispute_township_confirm(
    *,
    actor: User,
    dispute: Dispute,
    confirmed: bool,
    confirmed_by: str,
    confirmed_on: datetime.date,
    note: str = "",
) -> Dispute:
    """Record the township's answer: confirmed closes the loop (闭环); not confirmed sends
    the dispute back to being resolved, with the reason, and schedules a visit."""
    _require(actor, "handle_disputes")
    _require_visible(actor, dispute)
    dispute = _locked(dispute)
    if dispute.status != DisputeStatus.RESOLVED:
        raise ValidationError(_("Only a resolved dispute awaits the township."))
    if not confirmed_by.strip():
        raise ValidationError({"confirmed_by": _("Who confirmed for the township?")})
    if confirmed_on > timezone.localdate() or (dispute.resolved_on and confirmed_on < dispute.resolved_on):
        raise ValidationError({"confirmed_on": _("The date must be between the resolution and today.")})
    if not confirmed and not note.strip():
        raise ValidationError({"note": _("Say why the township does not confirm.")})
    fields = ["status", "closed_on", "township_confirmed_by", "resolved_on", "next_visit_due"]
    before = snapshot(dispute, fields)
    if confirmed:
        dispute.status = DisputeStatus.CLOSED
        dispute.closed_on = confirmed_on
        dispute.township_confirmed_by = confirmed_by.strip()
        action = "dispute.township_confirm"
    else:
        config = selectors.active_config()[1]
        dispute.status = DisputeStatus.IN_PROGRESS
        dispute.resolved_on = None
        dispute.next_visit_due = timezone.localdate() + datetime.timedelta(
            days=selectors.visit_interval_days(dispute.colour, config)
        )
        action = "dispute.township_reject"
    dispute.updated_at = timezone.now()
    dispute.save()
    audit_record(
        actor=actor,
        action=action,
        target=dispute,
        changes={"confirmed_by": confirmed_by.strip(), **diff(before, snapshot(dispute, fields))},
        note=note.strip(),
    )
    return dispute


# --------------------------------------------------------------------------------------
# Overdue follow-ups → warnings


def dispute_overdue_followups(*, today: datetime.date) -> QuerySet[Dispute]:
    """The overdue set, set-based: disputes being resolved whose visit was due before ``today``.
    The one seam the warning machinery reads (one warning per overdue dispute)."""
    return Dispute.objects.visit_overdue(today)


def followup_warnings_sync(*, disputes: QuerySet[Dispute] | None = None, today: datetime.date) -> dict:
    """Raise a warning for each overdue dispute and clear it for the others.

    ``disputes`` limits the sync (a visit just recorded); ``None`` means every dispute (the
    daily sweep). Returns counts.
    """
    from . import warnings

    return warnings.sync(disputes=disputes, today=today)


def dispute_sweep_run(
    *, business_date: datetime.date, triggered_by: str = AuditSource.JOB, rerun: bool = False
) -> JobRun | None:
    """The daily overdue-visit sweep (one ``JobRun`` per date)."""

    def work(run: JobRun) -> dict:
        counts = followup_warnings_sync(today=business_date)
        counts["overdue"] = dispute_overdue_followups(today=business_date).count()
        return counts

    return job_run_execute(
        kind=JobKind.DISPUTE_SWEEP,
        period=business_date.isoformat(),
        work=work,
        triggered_by=triggered_by,
        rerun=rerun,
    )


# --------------------------------------------------------------------------------------
# Written notices (抄告) to the political-legal committee


def _issuing_bureau(unit: Unit) -> Unit:
    """The branch or county bureau a station belongs to (the one that signs the notice)."""
    if unit.level == UnitLevel.STATION and unit.parent_id:
        return unit.parent
    return unit


def default_recipient(unit: Unit) -> str:
    """中共某县（区）委政法委员会, from the issuing bureau's name; editable in the draft."""
    bureau = _issuing_bureau(unit)
    name = bureau.short_name or bureau.name
    for suffix, area in (("县公安局", "县"), ("县局", "县"), ("分局", "区"), ("公安局", "")):
        if name.endswith(suffix):
            return f"中共{name[: -len(suffix)]}{area}委政法委员会"
    return "县（区）委政法委员会"


def notice_eligible_reasons(dispute: Dispute, today: datetime.date | None = None) -> list[str]:
    """Which notice reasons the record supports: red for 民转刑/刑转命, or unresolved long."""
    config = selectors.active_config()[1]
    reasons = []
    if dispute.colour == RiskColour.RED:
        reasons += [NoticeReason.CIVIL_TO_CRIMINAL, NoticeReason.CRIMINAL_TO_HOMICIDE]
    if dispute.days_open(today) >= config["long_unresolved_days"]:
        reasons.append(NoticeReason.LONG_UNRESOLVED)
    return [str(r) for r in reasons]


NOTICE_TEXT_FIELDS = ("reason", "recipient", "assessment", "suggestions")


@transaction.atomic
def notice_draft(
    *, actor: User, dispute: Dispute, reason: str, recipient: str, assessment: str, suggestions: str
) -> DisputeNotice:
    """Draft a written notice after the risk has been assessed (经评估)."""
    _require(actor, "draft_dispute_notices")
    _require_visible(actor, dispute)
    dispute = _locked(dispute)
    if dispute.status not in UNCLOSED_STATUSES or dispute.status == DisputeStatus.NEW:
        raise ValidationError(_("A notice follows an assessment of a dispute not yet closed."))
    if reason not in notice_eligible_reasons(dispute):
        raise ValidationError(
            {"reason": _("A notice is for a red dispute likely to escalate, or one unresolved for long.")}
        )
    if not assessment.strip() or not suggestions.strip() or not recipient.strip():
        raise ValidationError(_("Recipient, assessment and suggestions are required."))
    if dispute.notices.exclude(status__in=[NoticeStatus.DELIVERED, NoticeStatus.REJECTED]).exists():
        raise ValidationError(_("This dispute already has a notice in progress."))
    notice = DisputeNotice.objects.create(
        dispute=dispute,
        issuing_unit=_issuing_bureau(dispute.unit),
        reason=reason,
        recipient=recipient.strip(),
        assessment=assessment.strip(),
        suggestions=suggestions.strip(),
        drafted_by=actor,
    )
    audit_record(
        actor=actor, action="notice.draft", target=notice, unit=dispute.unit, changes={"reason": reason}
    )
    return notice


@transaction.atomic
def notice_update(*, actor: User, notice: DisputeNotice, **values) -> DisputeNotice:
    _require(actor, "draft_dispute_notices")
    _require_visible(actor, notice.dispute)
    notice = DisputeNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.status not in (NoticeStatus.DRAFT, NoticeStatus.REJECTED):
        raise ValidationError(_("Only a draft or a returned notice can be revised."))
    if "reason" in values and values["reason"] not in notice_eligible_reasons(notice.dispute):
        raise ValidationError(
            {"reason": _("A notice is for a red dispute likely to escalate, or one unresolved for long.")}
        )
    before = snapshot(notice, NOTICE_TEXT_FIELDS)
    for key in NOTICE_TEXT_FIELDS:
        if key in values:
            setattr(notice, key, values[key].strip())
    if notice.status == NoticeStatus.REJECTED:
        notice.status = NoticeStatus.DRAFT
    notice.save()
    audit_record(
        actor=actor,
        action="notice.update",
        target=notice,
        unit=notice.dispute.unit,
        changes=diff(before, snapshot(notice, NOTICE_TEXT_FIELDS)),
    )
    return notice


@transaction.atomic
def notice_submit(*, actor: User, notice: DisputeNotice) -> DisputeNotice:
    _require(actor, "draft_dispute_notices")
    _require_visible(actor, notice.dispute)
    notice = DisputeNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.status not in (NoticeStatus.DRAFT, NoticeStatus.REJECTED):
        raise ValidationError(_("Only a draft can be submitted for approval."))
    notice.status = NoticeStatus.SUBMITTED
    notice.submitted_at = timezone.now()
    notice.save(update_fields=["status", "submitted_at"])
    audit_record(actor=actor, action="notice.submit", target=notice, unit=notice.dispute.unit)
    return notice


@transaction.atomic
def notice_decide(*, actor: User, notice: DisputeNotice, approve: bool, note: str = "") -> DisputeNotice:
    """A leader approves (the document is generated from the record, numbered and stored)
    or returns the notice with a note."""
    _require(actor, "approve_notices")
    _require_visible(actor, notice.dispute)
    notice = (
        DisputeNotice.objects.select_for_update().select_related("dispute", "issuing_unit").get(pk=notice.pk)
    )
    if notice.status != NoticeStatus.SUBMITTED:
        raise ValidationError(_("Only a notice awaiting approval can be decided."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the notice is returned.")})
    notice.decided_by = actor
    notice.decided_at = timezone.now()
    notice.decision_note = note.strip()
    if not approve:
        notice.status = NoticeStatus.REJECTED
        notice.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(
            actor=actor, action="notice.reject", target=notice, unit=notice.dispute.unit, note=note.strip()
        )
        return notice
    year = timezone.localdate().year
    last = (
        DisputeNotice.objects.select_for_update()
        .filter(issuing_unit=notice.issuing_unit, year=year)
        .aggregate(n=Max("sequence"))["n"]
    )
    notice.year, notice.sequence = year, (last or 0) + 1
    notice.status = NoticeStatus.APPROVED
    from .documents import render_notice_pdf

    pdf = render_notice_pdf(notice)
    digest = hashlib.sha256(pdf).hexdigest()
    notice.document.save(f"notice-{notice.pk}-{year}-{notice.sequence}.pdf", ContentFile(pdf), save=False)
    notice.document_sha256 = digest
    notice.save()
    audit_record(
        actor=actor,
        action="notice.approve",
        target=notice,
        unit=notice.dispute.unit,
        changes={"number": notice.number, "document_sha256": digest},
        note=note.strip(),
    )
    return notice


@transaction.atomic
def notice_deliver(
    *, actor: User, notice: DisputeNotice, delivered_on: datetime.date, method: str, received_by: str
) -> DisputeNotice:
    _require(actor, "draft_dispute_notices")
    _require_visible(actor, notice.dispute)
    notice = DisputeNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != NoticeStatus.APPROVED:
        raise ValidationError(_("Only an approved notice can be delivered."))
    if not received_by.strip():
        raise ValidationError({"received_by": _("Who received it?")})
    if delivered_on > timezone.localdate() or delivered_on < timezone.localtime(notice.decided_at).date():
        raise ValidationError({"delivered_on": _("The date must be between the approval and today.")})
    notice.status = NoticeStatus.DELIVERED
    notice.delivered_on = delivered_on
    notice.delivery_method = method
    notice.received_by = received_by.strip()
    notice.delivery_recorded_by = actor
    notice.full_clean(exclude=["dispute", "issuing_unit", "drafted_by", "decided_by", "delivery_recorded_by"])
    notice.save()
    audit_record(
        actor=actor,
        action="notice.deliver",
        target=notice,
        unit=notice.dispute.unit,
        changes=_json({"delivered_on": delivered_on, "method": method, "received_by": notice.received_by}),
    )
    return notice
