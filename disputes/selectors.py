"""Reads of the disputes app, shared by pages, the API, the jobs and the review pack.

Every read that serves a person starts from ``Dispute.objects.visible_to(user)``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import AuditEvent, Unit, User

from . import scoring
from .choices import (
    COLOUR_RANK,
    OPEN_STATUSES,
    Answer,
    AutoFact,
    ChecklistKind,
    Consequence,
    DisputeStatus,
    DisputeType,
    Factor,
    NoticeFlag,
    NoticeStatus,
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

# --------------------------------------------------------------------------------------
# Configuration


def scoring_model_active() -> ScoringModel:
    """The active model version (the default one is created on first use)."""
    model = ScoringModel.objects.filter(is_active=True).first()
    if model is None:
        from .services import config_ensure_defaults

        model = config_ensure_defaults()
    return model


def active_config() -> tuple[ScoringModel, dict]:
    model = scoring_model_active()
    return model, scoring.validate_config(model.config)


def checklist_items(*, kind: str | None = None, active_only: bool = True) -> QuerySet[ChecklistItem]:
    if not ChecklistItem.objects.exists():
        from .services import config_ensure_defaults

        config_ensure_defaults()
    qs = ChecklistItem.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("kind", "order", "pk")


def visit_interval_days(colour: str, config: dict) -> int:
    return int(config["visit_interval_days"].get(colour, 7))


# --------------------------------------------------------------------------------------
# Facts for the risk model (set-based: a fixed number of queries for any number of disputes)


@dataclass
class DisputeFacts:
    facts: scoring.Facts
    answers: dict[str, bool]  # factor → decided by checklist answers
    auto: dict[str, str | None]  # auto fact → "yes" / "no" / None (not known)
    earlier_any: int = 0


def dispute_facts_many(
    dispute_ids: Iterable[int], config: dict, today: datetime.date | None = None
) -> dict[int, DisputeFacts]:
    """The facts of each dispute, from its fields, parties, links and checklist answers."""
    today = today or timezone.localdate()
    ids = list(dispute_ids)
    if not ids:
        return {}
    window = datetime.timedelta(days=config["repeat_window_days"])
    rows = {
        r["pk"]: r
        for r in Dispute.objects.filter(pk__in=ids).values(
            "pk",
            "occurred_at",
            "resolved_on",
            "dispute_type",
            "consequence",
            "has_threat",
            "threat_to_kill",
            "weapons_involved",
            "crowd_size",
            "cross_department",
        )
    }
    repeat: dict[int, set] = defaultdict(set)
    older_same_party: dict[int, set] = defaultdict(set)
    earlier_any: dict[int, set] = defaultdict(set)
    for link in DisputeLink.objects.filter(dispute_id__in=ids).values(
        "dispute_id", "earlier_id", "reason", "earlier__occurred_at"
    ):
        own = rows[link["dispute_id"]]["occurred_at"]
        earlier_any[link["dispute_id"]].add(link["earlier_id"])
        if link["earlier__occurred_at"] >= own - window:
            repeat[link["dispute_id"]].add(link["earlier_id"])
        elif link["reason"] == "same_party":
            older_same_party[link["dispute_id"]].add(link["earlier_id"])
    parties: dict[int, list[dict]] = defaultdict(list)
    for party in DisputeParty.objects.filter(dispute_id__in=ids).values(
        "dispute_id",
        "id_number",
        "person_id",
        "is_released_prisoner",
        "is_drug_user",
        "has_mental_disorder_risk",
        "earlier_disputes",
    ):
        parties[party["dispute_id"]].append(party)
    items = {i.pk: i for i in ChecklistItem.objects.filter(is_active=True).exclude(factor="")}
    decided: dict[int, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for answer in ChecklistAnswer.objects.filter(dispute_id__in=ids, item_id__in=items).values(
        "dispute_id", "item_id", "answer"
    ):
        if answer["answer"] == Answer.UNKNOWN:
            continue
        decided[answer["dispute_id"]][items[answer["item_id"]].factor].append(answer["answer"] == Answer.YES)

    first_age_band = min((d for d, _ in config["age_bands"]), default=None)
    result = {}
    for pk, row in rows.items():
        own_parties = parties.get(pk, [])
        occurred_on = timezone.localtime(row["occurred_at"]).date()
        days = max(0, ((row["resolved_on"] or today) - occurred_on).days)
        facts = scoring.Facts(
            dispute_type=row["dispute_type"],
            consequence=row["consequence"],
            repeat_calls=len(repeat.get(pk, ())),
            has_threat=row["has_threat"],
            threat_to_kill=row["threat_to_kill"],
            weapons=row["weapons_involved"],
            flagged_party=any(
                p["is_released_prisoner"] or p["is_drug_user"] or p["has_mental_disorder_risk"]
                for p in own_parties
            ),
            prior_disputes=len(older_same_party.get(pk, ())),
            crowd_size=row["crowd_size"],
            days_unresolved=days,
            cross_department=row["cross_department"],
        )
        answers = {factor: any(values) for factor, values in decided.get(pk, {}).items()}
        if answers.get(Factor.PRIOR_DISPUTES) and facts.repeat_calls:
            # An earlier dispute inside the window is already weighed as a repeat call.
            answers[Factor.PRIOR_DISPUTES] = bool(facts.prior_disputes)
        all_identified = bool(own_parties) and all(p["id_number"] for p in own_parties)

        def flag(name: str, parties=own_parties, identified=all_identified) -> str | None:
            if any(p[name] for p in parties):
                return Answer.YES
            return Answer.NO if identified else None

        any_earlier = bool(earlier_any.get(pk)) or any(p["earlier_disputes"] for p in own_parties)
        auto = {
            AutoFact.RELEASED_PRISONER: flag("is_released_prisoner"),
            AutoFact.DRUG_USER: flag("is_drug_user"),
            AutoFact.MENTAL_DISORDER: flag("has_mental_disorder_risk"),
            AutoFact.PRIOR_DISPUTES: Answer.YES if any_earlier else (Answer.NO if all_identified else None),
            AutoFact.THREAT: Answer.YES if row["has_threat"] else Answer.NO,
            AutoFact.THREAT_TO_KILL: Answer.YES if row["threat_to_kill"] else None,
            AutoFact.WEAPONS: Answer.YES if row["weapons_involved"] else Answer.NO,
            AutoFact.REPEAT_CALLS: Answer.YES if facts.repeat_calls else Answer.NO,
            AutoFact.CROWD: Answer.YES if row["crowd_size"] >= scoring.crowd_threshold(config) else Answer.NO,
            AutoFact.UNRESOLVED_AGE: (
                None if first_age_band is None else (Answer.YES if days > first_age_band else Answer.NO)
            ),
            AutoFact.INJURY_OR_DAMAGE: (
                None
                if not row["consequence"]
                else (Answer.NO if row["consequence"] == Consequence.NONE else Answer.YES)
            ),
        }
        result[pk] = DisputeFacts(
            facts=facts, answers=answers, auto=auto, earlier_any=len(earlier_any.get(pk, ()))
        )
    return result


def dispute_proposal(
    dispute: Dispute,
    *,
    answers: dict[int, str] | None = None,
    overrides: dict | None = None,
    today: datetime.date | None = None,
) -> tuple[scoring.Proposal, ScoringModel]:
    """The colour the active model proposes for ``dispute`` — optionally with unsaved
    checklist answers (``{item_id: answer}``) and field values (for the live preview)."""
    model, config = active_config()
    gathered = dispute_facts_many([dispute.pk], config, today)[dispute.pk]
    facts = gathered.facts
    for name, value in (overrides or {}).items():
        if name == "weapons_involved":
            facts.weapons = bool(value)
        elif hasattr(facts, name):
            setattr(facts, name, value)
    decided = dict(gathered.answers)
    if answers is not None:
        items = {i.pk: i for i in ChecklistItem.objects.filter(pk__in=answers).exclude(factor="")}
        by_factor: dict[str, list[bool]] = defaultdict(list)
        for item_id, value in answers.items():
            item = items.get(item_id)
            if item is None or value not in (Answer.YES, Answer.NO):
                continue
            by_factor[item.factor].append(value == Answer.YES)
        decided = {factor: any(values) for factor, values in by_factor.items()}
        if decided.get(Factor.PRIOR_DISPUTES) and facts.repeat_calls:
            decided[Factor.PRIOR_DISPUTES] = bool(facts.prior_disputes)
    facts = facts.with_answers(decided, min_crowd=scoring.crowd_threshold(config))
    return scoring.propose(facts, config), model


# --------------------------------------------------------------------------------------
# Lists


def dispute_list(*, fetched_by: User, filters: dict | None = None) -> QuerySet[Dispute]:
    from .filtersets import DisputeFilterSet

    qs = Dispute.objects.visible_to(fetched_by).select_related("unit", "community_officer", "incident")
    return DisputeFilterSet(filters or {}, queryset=qs, request=None).qs


@dataclass
class TriageRow:
    dispute: Dispute
    missing: list[str] = field(default_factory=list)
    to_confirm: int = 0


def dispute_missing_many(disputes: list[Dispute], today: datetime.date | None = None) -> dict[int, TriageRow]:
    """What each dispute still lacks before it can be assessed or followed up."""
    today = today or timezone.localdate()
    ids = [d.pk for d in disputes]
    active_items = list(checklist_items())
    answered: dict[int, dict[int, bool]] = defaultdict(dict)
    for a in ChecklistAnswer.objects.filter(dispute_id__in=ids).values(
        "dispute_id", "item_id", "answered_by_id"
    ):
        answered[a["dispute_id"]][a["item_id"]] = a["answered_by_id"] is not None
    parties: dict[int, list[dict]] = defaultdict(list)
    for p in DisputeParty.objects.filter(dispute_id__in=ids).values("dispute_id", "name", "id_number"):
        parties[p["dispute_id"]].append(p)
    rows = {}
    for d in disputes:
        missing = []
        if d.classified_by_id is None:
            missing.append(_("classification to confirm"))
        own = answered.get(d.pk, {})
        unanswered = [i for i in active_items if i.pk not in own]
        for kind, label in ((ChecklistKind.PERSONS, _("八必查")), (ChecklistKind.RISK, _("八必判"))):
            count = sum(1 for i in unanswered if i.kind == kind)
            if count:
                missing.append(_("%(list)s: %(count)s unanswered") % {"list": label, "count": count})
        to_confirm = sum(1 for item in active_items if item.pk in own and not own[item.pk])
        if not parties.get(d.pk):
            missing.append(_("no parties recorded"))
        for p in parties.get(d.pk, []):
            if not p["id_number"]:
                missing.append(_("no ID number for %(name)s") % {"name": p["name"]})
        if d.community_officer_id is None:
            missing.append(_("no community officer"))
        if d.status == DisputeStatus.IN_PROGRESS and not d.township:
            missing.append(_("no township recorded"))
        if d.is_visit_overdue(today):
            missing.append(_("follow-up visit overdue since %(date)s") % {"date": d.next_visit_due})
        rows[d.pk] = TriageRow(dispute=d, missing=missing, to_confirm=to_confirm)
    return rows


def dispute_triage(
    *, fetched_by: User, unit: Unit | None = None, today: datetime.date | None = None
) -> dict[str, list[TriageRow]]:
    """The daily triage list (每日研判) of a station, or of everything the user sees.

    ``to_assess``: new disputes, red then yellow then blue by the proposed colour, oldest
    first; ``visits``: disputes being resolved whose visit is due today or overdue;
    ``reassess``: disputes whose proposal is now redder than their confirmed colour.
    """
    today = today or timezone.localdate()
    qs = Dispute.objects.visible_to(fetched_by).select_related("unit", "community_officer")
    if unit is not None:
        qs = qs.in_unit_subtree(unit)
    to_assess = list(
        qs.filter(status=DisputeStatus.NEW)
        .with_colour_rank("proposed_colour")
        .order_by("colour_rank", "-proposed_score", "occurred_at")
    )
    visits = list(
        qs.filter(status=DisputeStatus.IN_PROGRESS, next_visit_due__lte=today)
        .with_colour_rank()
        .order_by("next_visit_due", "colour_rank", "occurred_at")
    )
    reassess = [
        d
        for d in qs.filter(status=DisputeStatus.IN_PROGRESS).exclude(proposed_colour="").exclude(colour="")
        if COLOUR_RANK[d.proposed_colour] < COLOUR_RANK[d.colour]
    ]
    missing = dispute_missing_many([*to_assess, *visits, *reassess], today)
    return {
        "to_assess": [missing[d.pk] for d in to_assess],
        "visits": [missing[d.pk] for d in visits],
        "reassess": [missing[d.pk] for d in reassess],
    }


def dispute_colour_counts(*, fetched_by: User, today: datetime.date | None = None) -> dict:
    """Open disputes by colour (and still to assess), with overdue visits: the overview panel."""
    today = today or timezone.localdate()
    qs = Dispute.objects.visible_to(fetched_by)
    open_qs = qs.filter(status__in=OPEN_STATUSES)
    counts = dict(
        open_qs.filter(status=DisputeStatus.IN_PROGRESS)
        .values_list("colour")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "red": counts.get(RiskColour.RED, 0),
        "yellow": counts.get(RiskColour.YELLOW, 0),
        "blue": counts.get(RiskColour.BLUE, 0),
        "new": open_qs.filter(status=DisputeStatus.NEW).count(),
        "overdue": qs.visit_overdue(today).count(),
        "awaiting_township": qs.filter(status=DisputeStatus.RESOLVED).count(),
    }


@dataclass
class NoticeRow:
    dispute: Dispute
    flags: list[str]
    days_open: int


def dispute_for_notice(*, fetched_by: User, today: datetime.date | None = None) -> list[NoticeRow]:
    """Disputes to list for notice (通报): unresolved for long, or where work is poor —
    not assessed in time, a visit long overdue, or the township has not closed the loop."""
    today = today or timezone.localdate()
    config = active_config()[1]
    tz = timezone.get_current_timezone()

    def day_start(days_ago: int) -> datetime.datetime:
        return datetime.datetime.combine(
            today - datetime.timedelta(days=days_ago), datetime.time.min, tzinfo=tz
        )

    long_cut = day_start(config["long_unresolved_days"])
    assess_cut = day_start(config["assess_within_days"])
    overdue_cut = today - datetime.timedelta(days=config["visit_overdue_notice_days"])
    township_cut = today - datetime.timedelta(days=config["township_confirm_days"])
    qs = Dispute.objects.visible_to(fetched_by).select_related("unit", "community_officer")
    conditions = {
        NoticeFlag.LONG_UNRESOLVED: Q(status__in=OPEN_STATUSES, occurred_at__lt=long_cut),
        NoticeFlag.NOT_ASSESSED: Q(status=DisputeStatus.NEW, occurred_at__lt=assess_cut),
        NoticeFlag.VISIT_OVERDUE: Q(status=DisputeStatus.IN_PROGRESS, next_visit_due__lt=overdue_cut),
        NoticeFlag.LOOP_OPEN: Q(status=DisputeStatus.RESOLVED, resolved_on__lt=township_cut),
    }
    combined = Q()
    for condition in conditions.values():
        combined |= condition
    flagged: dict[int, list[str]] = defaultdict(list)
    for flag, condition in conditions.items():
        for pk in qs.filter(condition).values_list("pk", flat=True):
            flagged[pk].append(str(flag.label))
    rows = [
        NoticeRow(dispute=d, flags=flagged[d.pk], days_open=d.days_open(today))
        for d in qs.filter(combined).with_colour_rank().order_by("unit__path", "colour_rank", "occurred_at")
    ]
    return rows


def dispute_visits_due(*, fetched_by: User, today: datetime.date) -> QuerySet[Dispute]:
    return Dispute.objects.visible_to(fetched_by).filter(
        status=DisputeStatus.IN_PROGRESS, next_visit_due__lte=today
    )


# --------------------------------------------------------------------------------------
# The dispute page


def dispute_parties(dispute: Dispute) -> QuerySet[DisputeParty]:
    return dispute.parties.select_related("person").order_by("pk")


def dispute_links(*, dispute: Dispute, fetched_by: User) -> dict[str, list]:
    """Earlier and later disputes linked by party, address or phone — only those the
    user may see (a repeat call in a sibling station still counts in the score)."""
    visible = Dispute.objects.visible_to(fetched_by).values("pk")
    earlier = (
        DisputeLink.objects.filter(dispute=dispute, earlier__in=visible)
        .select_related("earlier", "earlier__unit")
        .order_by("-earlier__occurred_at")
    )
    later = (
        DisputeLink.objects.filter(earlier=dispute, dispute__in=visible)
        .select_related("dispute", "dispute__unit")
        .order_by("dispute__occurred_at")
    )
    hidden = DisputeLink.objects.filter(dispute=dispute).exclude(earlier__in=visible).count()
    return {"earlier": list(earlier), "later": list(later), "hidden": hidden}


def dispute_checklists(
    dispute: Dispute,
) -> list[tuple[str, list[tuple[ChecklistItem, ChecklistAnswer | None]]]]:
    answers = {a.item_id: a for a in dispute.answers.select_related("answered_by")}
    result = []
    for kind, label in ChecklistKind.choices:
        items = list(checklist_items(kind=kind))
        # Answers to items since deactivated stay visible on the record.
        retired = [a.item for a in answers.values() if a.item.kind == kind and not a.item.is_active]
        result.append((label, [(item, answers.get(item.pk)) for item in [*items, *retired]]))
    return result


@dataclass
class TimelineEntry:
    at: datetime.datetime
    kind: str
    title: str
    actor: str = ""
    detail: str = ""
    colour: str = ""


def dispute_timeline(dispute: Dispute) -> list[TimelineEntry]:
    """Every step (全流程留痕): the dispute's own dated records and its audit trail, oldest first.

    Audit events are the who-and-when of each write; dated records add what happened in
    the world (the call, the visit on the day it took place).
    """
    from .timeline import describe_event

    entries: list[TimelineEntry] = []
    if dispute.incident_id:
        incident = dispute.incident
        entries.append(
            TimelineEntry(
                at=incident.received_at,
                kind="incident",
                title=_("Dispute call received (%(number)s)") % {"number": incident.number},
                detail=incident.summary,
            )
        )
    tz = timezone.get_current_timezone()
    for visit in dispute.visits.select_related("officer"):
        entries.append(
            TimelineEntry(
                at=datetime.datetime.combine(visit.visited_on, datetime.time(12, 0), tzinfo=tz),
                kind="visit",
                title=_("Follow-up visit: %(method)s, %(situation)s")
                % {"method": visit.get_method_display(), "situation": visit.get_situation_display()},
                actor=str(visit.officer or ""),
                detail=visit.outcome,
            )
        )
    notice_ids = [str(pk) for pk in dispute.notices.values_list("pk", flat=True)]
    events = AuditEvent.objects.filter(
        Q(target_type="disputes.dispute", target_id=str(dispute.pk))
        | Q(target_type="disputes.disputenotice", target_id__in=notice_ids)
    ).order_by("occurred_at", "id")
    for event in events:
        title, detail, colour = describe_event(event)
        entries.append(
            TimelineEntry(
                at=event.occurred_at,
                kind="audit",
                title=title,
                actor=event.actor_name or _("Platform"),
                detail=detail,
                colour=colour,
            )
        )
    entries.sort(key=lambda e: e.at)
    return entries


def dispute_assessments(dispute: Dispute) -> QuerySet[RiskAssessment]:
    return dispute.assessments.select_related("assessed_by", "scoring_model")


def dispute_visits(dispute: Dispute) -> QuerySet[FollowUpVisit]:
    return dispute.visits.select_related("officer", "recorded_by")


def notice_list(*, fetched_by: User, status: str | None = None) -> QuerySet[DisputeNotice]:
    qs = DisputeNotice.objects.visible_to(fetched_by).select_related(
        "dispute", "dispute__unit", "issuing_unit", "drafted_by", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def notices_awaiting(*, fetched_by: User) -> QuerySet[DisputeNotice]:
    return notice_list(fetched_by=fetched_by, status=NoticeStatus.SUBMITTED)


def townships_known(*, fetched_by: User) -> list[str]:
    return list(
        Dispute.objects.visible_to(fetched_by)
        .exclude(township="")
        .values_list("township", flat=True)
        .distinct()
        .order_by("township")[:200]
    )


# --------------------------------------------------------------------------------------
# Monthly review (月度研判)


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
    nxt = datetime.datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=tz)
    return start, nxt


def previous_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _month_figures(qs: QuerySet[Dispute], month: datetime.date) -> dict:
    start, end = month_bounds(month)
    start_d, end_d = start.date(), end.date()
    new = qs.filter(occurred_at__gte=start, occurred_at__lt=end)
    by_colour = dict(new.values_list("colour").annotate(n=Count("pk")).order_by())
    by_type = dict(new.values_list("dispute_type").annotate(n=Count("pk")).order_by())
    resolved = qs.filter(resolved_on__gte=start_d, resolved_on__lt=end_d).count()
    # Closed by the township: historical records were closed by the incident's disposal.
    closed = qs.filter(closed_on__gte=start_d, closed_on__lt=end_d, historical=False).count()
    # Open at the end of the month: reported before it ended and not resolved by then.
    open_at_end = qs.filter(occurred_at__lt=end).filter(
        Q(resolved_on__isnull=True) | Q(resolved_on__gte=end_d)
    )
    visits = FollowUpVisit.objects.filter(
        dispute__in=qs, visited_on__gte=start_d, visited_on__lt=end_d
    ).count()
    notices = DisputeNotice.objects.filter(
        dispute__in=qs,
        decided_at__gte=start,
        decided_at__lt=end,
        status__in=[NoticeStatus.APPROVED, NoticeStatus.DELIVERED],
    ).count()
    return {
        "new": new.count(),
        "by_colour": {c: by_colour.get(c, 0) for c in [*RiskColour.values, ""]},
        "by_type": {t: by_type.get(t, 0) for t in [*DisputeType.values, ""]},
        "resolved": resolved,
        "closed": closed,
        "open_at_end": open_at_end.count(),
        "visits": visits,
        "notices": notices,
    }


def review_pack(*, fetched_by: User, month: datetime.date, unit: Unit | None = None) -> dict:
    """The monthly review pack for the branch leader's meeting: disputes by colour, type and
    station; unresolved key disputes with progress and next steps per station; change on
    last month. ``colour`` is each dispute's confirmed colour when the pack is produced
    (unassessed disputes count under ""); the printed pack is the frozen record."""
    month = month.replace(day=1)
    qs = Dispute.objects.visible_to(fetched_by)
    if unit is not None:
        qs = qs.in_unit_subtree(unit)
    this = _month_figures(qs, month)
    last = _month_figures(qs, previous_month(month))
    start, end = month_bounds(month)
    stations = []
    new = qs.filter(occurred_at__gte=start, occurred_at__lt=end)
    station_counts = defaultdict(lambda: {"new": 0, **dict.fromkeys([*RiskColour.values, ""], 0), "open": 0})
    for unit_id, colour, n in new.values_list("unit_id", "colour").annotate(n=Count("pk")).order_by():
        station_counts[unit_id][colour] += n
        station_counts[unit_id]["new"] += n
    end_d = end.date()
    open_at_end = qs.filter(occurred_at__lt=end).filter(
        Q(resolved_on__isnull=True) | Q(resolved_on__gte=end_d)
    )
    for unit_id, n in open_at_end.values_list("unit_id").annotate(n=Count("pk")).order_by():
        station_counts[unit_id]["open"] += n
    units = {u.pk: u for u in Unit.objects.filter(pk__in=station_counts)}
    for unit_id, counts in sorted(station_counts.items(), key=lambda kv: units[kv[0]].path):
        stations.append({"unit": units[unit_id], **counts})
    # Key disputes: red and yellow, still unresolved now, with the latest progress.
    key = (
        qs.filter(
            status__in=OPEN_STATUSES, colour__in=[RiskColour.RED, RiskColour.YELLOW], occurred_at__lt=end
        )
        .select_related("unit", "community_officer")
        .annotate(last_visit=Max("visits__visited_on"))
        .with_colour_rank()
        .order_by("unit__path", "colour_rank", "occurred_at")
    )
    last_outcomes = {}
    for visit in FollowUpVisit.objects.filter(dispute__in=key).order_by("dispute_id", "-visited_on", "-pk"):
        last_outcomes.setdefault(visit.dispute_id, visit)
    key_by_station: dict[int, dict] = {}
    for d in key:
        entry = key_by_station.setdefault(d.unit_id, {"unit": d.unit, "disputes": []})
        entry["disputes"].append(
            {"dispute": d, "last_visit": last_outcomes.get(d.pk), "days_open": d.days_open()}
        )

    def change(a: int, b: int) -> dict:
        return {"value": a, "previous": b, "delta": a - b}

    return {
        "month": month,
        "previous": previous_month(month),
        "unit": unit,
        "this": this,
        "last": last,
        "change": {
            "new": change(this["new"], last["new"]),
            "resolved": change(this["resolved"], last["resolved"]),
            "closed": change(this["closed"], last["closed"]),
            "open_at_end": change(this["open_at_end"], last["open_at_end"]),
            "visits": change(this["visits"], last["visits"]),
            **{f"colour_{c}": change(this["by_colour"][c], last["by_colour"][c]) for c in RiskColour.values},
        },
        "type_rows": [
            {
                "code": t,
                "label": label,
                "value": this["by_type"][t],
                "previous": last["by_type"][t],
                "delta": this["by_type"][t] - last["by_type"][t],
            }
            for t, label in [*DisputeType.choices, ("", _("Not classified"))]
        ],
        "stations": stations,
        "key_disputes": list(key_by_station.values()),
        "notice_list": [
            row
            for row in dispute_for_notice(fetched_by=fetched_by)
            if unit is None or row.dispute.unit.path.startswith(unit.path)
        ],
    }


def review_units(*, fetched_by: User) -> QuerySet[Unit]:
    """Units a review pack can be produced for: the user's branches and stations."""
    return (
        Unit.objects.visible_to(fetched_by)
        .filter(is_active=True)
        .exclude(kind__in=["legal_affairs", "case_centre"])
    )
