"""The patrol engine: evaluate a risk point, compare with the open warnings, write only what
changed.

``evaluate`` runs the rule's one set-based query. ``plan`` compares its rows with the
warnings of the rule in scope and decides what to create, update, reopen and resolve —
nothing at all when the data did not change. ``apply`` writes the plan: warnings,
one ``WarningEvent`` per condition change, and the arithmetic in words (computed in
Python only for the rows that changed, and checked against the SQL due time).

The services (``alerts.services``) wrap this in transactions, locks and job runs; the
dry run of a configuration change uses ``evaluate`` and ``diff_rows`` without writing.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import Q, Subquery
from django.utils import timezone

from . import bulk, webhooks
from .choices import (
    LEVEL_RANK,
    OPEN_WORKFLOW_STATES,
    ClearReason,
    EventKind,
    ItemKind,
    Level,
    WarningSource,
    WorkflowAction,
    WorkflowState,
)
from .deadlines import Calendar, get_calendar
from .exemptions import matcher as exemption_matcher
from .models import RiskPoint, Warning, WarningEvent, WorkflowEvent
from .rules.base import RiskPointRule, RuleContext

logger = logging.getLogger(__name__)

# What the patrol owns on a warning and compares before writing.
CONDITION_FIELDS = ("level", "due_at", "start_at", "calendar_missing", "late_at", "detail")
ROUTING_FIELDS = ("unit_id", "officer_id", "case_id", "element_label")
COMPARED_FIELDS = CONDITION_FIELDS + ROUTING_FIELDS
WARNING_FIELDS = (
    "id",
    "fingerprint",
    "peak_level",
    "cleared_at",
    "clear_reason",
    "element_id",
    "kind",
    "workflow_state",
    "exempted",
    *COMPARED_FIELDS,
)
# Tolerance between the SQL and the Python due time: PostgreSQL computes to the
# microsecond; SQLite (the demo) drops fractions of a second.
AGREEMENT_TOLERANCE = datetime.timedelta(seconds=1)


def planner_settings() -> None:
    """Tune the planner for a rule's query, for the rest of the current transaction.

    A rule's query is many small correlated subqueries over a candidate set that is usually
    small, but their summed cost estimates pass PostgreSQL's JIT thresholds: compiling them
    then took nearly all of a rule's time (10.4 s of 10.5 s for AJ11 on 15,000 criminal cases,
    to find no row). Nothing here runs long enough for compiled code to pay back."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def relaxed_commit() -> None:
    """Do not wait for the WAL flush at the commit of the current transaction (a chunk's).

    A chunk commits its warnings and its own ``done`` mark together, so a commit lost to a
    server crash loses both: the chunk is still claimed, its heartbeat goes stale and the
    resume sweep runs it again — consistent, never half-written. Waiting for the flush of
    each of the ~100 chunks cost ~0.6 s of a 7 s first patrol (30,000 cases)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def fingerprint(rule: RiskPointRule, element_id: int) -> str:
    return f"{rule.code}:{rule.element}:{element_id}"


def context_for(
    rule: RiskPointRule,
    config: RiskPoint,
    *,
    as_of: datetime.datetime,
    late_since: datetime.datetime,
    unit=None,
    since: datetime.datetime | None = None,
    thresholds: dict | None = None,
    params: dict | None = None,
) -> RuleContext:
    merged_thresholds, merged_params = rule.config(
        config.thresholds if thresholds is None else thresholds, config.params if params is None else params
    )
    return RuleContext(
        as_of=as_of,
        late_since=late_since,
        thresholds=merged_thresholds,
        params=merged_params,
        unit=unit,
        since=since,
    )


def row_values(row: dict) -> dict:
    """The warning fields a rule row stands for."""
    detail = {}
    if row.get("limit_value") is not None:
        detail = {"limit_value": row["limit_value"], "limit_unit": row["limit_unit"]}
    return {
        "level": row["level"],
        "due_at": row["due_at"],
        "start_at": row["start_at"],
        "calendar_missing": bool(row["calendar_missing"]),
        "late_at": row["act_at"] if row["late"] else None,
        "detail": detail,
        "unit_id": row["unit_id"],
        "officer_id": row["officer_id"],
        "case_id": row["case_id"],
        "element_label": (row["label"] or "")[:200],
    }


@dataclass
class Plan:
    create: list[dict] = field(default_factory=list)  # pending rows with no warning to reopen
    record_late: list[dict] = field(default_factory=list)  # late acts never recorded as a breach
    reopen: list[tuple[dict, dict]] = field(default_factory=list)  # (warning, row)
    update: list[tuple[dict, dict]] = field(default_factory=list)  # (warning, row)
    resolve: list[tuple[dict, str, dict | None]] = field(default_factory=list)  # (warning, reason, late row)
    # A condition back after its problem was closed out: a new item linked to the old one.
    regression_of: dict[int, int] = field(default_factory=dict)  # element id -> closed warning id
    unchanged: int = 0
    open_after: int = 0

    @property
    def writes(self) -> bool:
        return bool(self.create or self.record_late or self.reopen or self.update or self.resolve)

    def summary(self) -> dict:
        escalated = de_escalated = changed = 0
        for warning, row in self.update:
            old, new = LEVEL_RANK[warning["level"]], LEVEL_RANK[row["level"]]
            escalated += new > old
            de_escalated += new < old
            changed += new == old and _condition_changed(warning, row)
        escalated += sum(1 for w, _r, late in self.resolve if late is not None and w["level"] != Level.RED)
        return {
            "new": len(self.create) + len(self.reopen),
            "escalated": escalated,
            "de_escalated": de_escalated,
            "changed": changed,
            "resolved": len(self.resolve),
            "late": len(self.record_late) + sum(1 for _w, _r, late in self.resolve if late is not None),
            "open": self.open_after,
            "unchanged": self.unchanged,
        }


def _condition_changed(warning: dict, row: dict) -> bool:
    values = row_values(row)
    return any(warning[name] != values[name] for name in CONDITION_FIELDS)


def _differs(warning: dict, row: dict) -> bool:
    values = row_values(row)
    return any(warning[name] != values[name] for name in COMPARED_FIELDS)


def scoped_warnings(rule: RiskPointRule, config: RiskPoint, ctx: RuleContext):
    """The warnings of this rule the run is responsible for: all of them, or those of the
    run's unit subtree, or of the elements changed since ``ctx.since``."""
    qs = Warning.objects.filter(risk_point=config, source=WarningSource.PATROL)
    if ctx.unit is not None:
        qs = qs.in_unit_subtree(ctx.unit)
    if ctx.since is not None:
        changed = rule.model._default_manager.filter(rule.since_q(ctx.since)).values("pk")
        qs = qs.filter(element_id__in=Subquery(changed))
    return qs


def _latest_cleared(fingerprints: Iterable[str]) -> dict[str, dict]:
    latest: dict[str, dict] = {}
    fingerprints = list(fingerprints)
    for offset in range(0, len(fingerprints), 1000):
        batch = fingerprints[offset : offset + 1000]
        rows = (
            Warning.objects.filter(fingerprint__in=batch, cleared_at__isnull=False)
            .order_by("fingerprint", "-cleared_at", "-id")
            .values(*WARNING_FIELDS)
        )
        for row in rows:
            latest.setdefault(row["fingerprint"], row)
    return latest


def plan(
    rule: RiskPointRule,
    config: RiskPoint,
    rows: list[dict],
    ctx: RuleContext,
    *,
    resolve_reason: str = ClearReason.CONDITION_CLEARED,
) -> Plan:
    """Compare the rule's rows with its open warnings in scope."""
    result = Plan()
    open_map = {
        w["fingerprint"]: w
        for w in scoped_warnings(rule, config, ctx).filter(cleared_at__isnull=True).values(*WARNING_FIELDS)
    }
    by_fp = {fingerprint(rule, row["element_id"]): row for row in rows}
    without_open = [fp for fp in by_fp if fp not in open_map]
    latest = _latest_cleared(without_open) if without_open else {}

    for fp, row in by_fp.items():
        warning = open_map.get(fp)
        if row["late"]:
            if warning is not None:
                # The act came, after the deadline: the breach is recorded, the condition is over.
                result.resolve.append((warning, ClearReason.LATE, row))
                continue
            previous = latest.get(fp)
            if (
                previous
                and previous["clear_reason"] == ClearReason.LATE
                and previous["due_at"] == row["due_at"]
            ):
                result.unchanged += 1  # this late act is already on record
                continue
            result.record_late.append(row)
            continue
        result.open_after += 1
        if warning is None:
            previous = latest.get(fp)
            if previous is not None and previous["workflow_state"] == WorkflowState.CLOSED:
                result.create.append(row)
                result.regression_of[row["element_id"]] = previous["id"]
            elif previous is not None and previous["clear_reason"] != ClearReason.LATE:
                result.reopen.append((previous, row))
            else:
                result.create.append(row)
        elif _differs(warning, row):
            result.update.append((warning, row))
        else:
            result.unchanged += 1
    for fp, warning in open_map.items():
        if fp not in by_fp:
            result.resolve.append((warning, resolve_reason, None))
    return result


def _explain(rule, ctx, rows: list[dict], calendar: Calendar, errors: list[str]) -> dict[int, list]:
    """The arithmetic of the rows that are written, and the agreement check of the SQL due
    time against the Python deadline module (a mismatch is reported on the run)."""
    changes = rule.changes_for([row["element_id"] for row in rows])
    explained = {}
    for row in rows:
        steps, python_due = rule.explain(row, changes.get(row["element_id"], []), calendar, ctx)
        explained[row["element_id"]] = steps
        if (
            python_due is not None
            and row["due_at"] is not None
            and abs(python_due - row["due_at"]) > AGREEMENT_TOLERANCE
        ):
            message = (
                f"{rule.code}: element {row['element_id']} due {row['due_at'].isoformat()} in SQL, "
                f"{python_due.isoformat()} in Python"
            )
            logger.error("deadline disagreement %s", message)
            errors.append(message)
    return explained


def apply(rule: RiskPointRule, config: RiskPoint, the_plan: Plan, ctx: RuleContext, *, run=None) -> list[str]:
    """Write the plan. Returns the errors found on the way (deadline disagreements)."""
    if not the_plan.writes:
        return []
    now = timezone.now()
    errors: list[str] = []
    explained_rows = (
        the_plan.create
        + the_plan.record_late
        + [row for _w, row in the_plan.reopen]
        + [row for w, row in the_plan.update if _condition_changed(w, row)]
        + [row for _w, _reason, row in the_plan.resolve if row is not None]
    )
    explanations = _explain(rule, ctx, explained_rows, get_calendar(), errors) if explained_rows else {}
    events: list[dict] = []
    flow: list[WorkflowEvent] = []
    exempt = exemption_matcher()
    if exempt:
        exempt.unit_paths({row["unit_id"] for row in the_plan.create})

    run_id = run.pk if run is not None else None

    def new_warning(row: dict, *, cleared: bool) -> dict:
        values = row_values(row)
        # The workflow of a new item: a red one is a problem to rectify, anything else a
        # reminder; the sweep notifies it (next_action_at = now) unless an exemption covers it.
        exempted = not cleared and bool(
            exempt.covering(
                unit_id=row["unit_id"],
                risk_point_id=config.pk,
                element_type=rule.element,
                element_id=row["element_id"],
            )
        )
        # Every column the model would fill (its defaults for the workflow's own fields):
        # the rows are written as arrays, not model instances (``bulk``).
        return {
            **_new_warning_defaults(),
            "source": WarningSource.PATROL,
            "risk_point_id": config.pk,
            "fingerprint": fingerprint(rule, row["element_id"]),
            "element_type": rule.element,
            "element_id": row["element_id"],
            "peak_level": row["level"],
            "explanation": explanations.get(row["element_id"], []),
            "raised_at": now,
            "level_changed_at": now,
            "cleared_at": now if cleared else None,
            "clear_reason": ClearReason.LATE if cleared else "",
            "run_id": run_id,
            "created_at": now,
            "updated_at": now,
            "kind": ItemKind.PROBLEM if cleared or row["level"] == Level.RED else ItemKind.REMINDER,
            "workflow_state": WorkflowState.AUTO_RESOLVED if cleared else WorkflowState.NEW,
            "next_action_at": None if cleared or exempted else now,
            "exempted": exempted,
            "regression_of_id": None if cleared else the_plan.regression_of.get(row["element_id"]),
            **values,
        }

    raised_ids = bulk.create_warnings(
        [new_warning(row, cleared=False) for row in the_plan.create]
        + [new_warning(row, cleared=True) for row in the_plan.record_late],
        now=now,
        run_id=run_id,
    )

    updates: list[tuple[int, dict]] = []
    for warning, row in the_plan.update:
        values = row_values(row)
        fields = {**values, "updated_at": now, "run": run}
        old, new = warning["level"], row["level"]
        condition = _condition_changed(warning, row)
        if old != new:
            fields["level_changed_at"] = now
        if new == Level.RED and warning["kind"] == ItemKind.REMINDER:
            # Escalating to red turns a reminder into a problem: the sweep gives it a deadline.
            fields["kind"] = ItemKind.PROBLEM
            if warning["workflow_state"] in OPEN_WORKFLOW_STATES and not warning["exempted"]:
                fields["next_action_at"] = now
            flow.append(_flow(warning, WorkflowAction.BECAME_PROBLEM, warning["workflow_state"], now))
        fields["peak_level"] = max(warning["peak_level"], new, key=lambda level: LEVEL_RANK[level])
        if condition:
            fields["explanation"] = explanations.get(row["element_id"], [])
        updates.append((warning["id"], fields))
        if LEVEL_RANK[new] > LEVEL_RANK[old]:
            events.append(
                bulk.event_row(warning["id"], EventKind.ESCALATED, old, new, row["due_at"], now, run_id)
            )
        elif LEVEL_RANK[new] < LEVEL_RANK[old]:
            events.append(
                bulk.event_row(warning["id"], EventKind.DE_ESCALATED, old, new, row["due_at"], now, run_id)
            )
        elif condition:
            events.append(
                bulk.event_row(warning["id"], EventKind.CHANGED, old, new, row["due_at"], now, run_id)
            )
    for warning, row in the_plan.reopen:
        values = row_values(row)
        updates.append(
            (
                warning["id"],
                {
                    **values,
                    "peak_level": max(
                        warning["peak_level"], row["level"], key=lambda level: LEVEL_RANK[level]
                    ),
                    "explanation": explanations.get(row["element_id"], []),
                    "cleared_at": None,
                    "clear_reason": "",
                    "level_changed_at": now,
                    "updated_at": now,
                    "run": run,
                    **_reopen_workflow(warning, row, now),
                },
            )
        )
        if warning["workflow_state"] == WorkflowState.AUTO_RESOLVED:
            flow.append(_flow(warning, WorkflowAction.REOPENED, WorkflowState.NEW, now))
        events.append(
            bulk.event_row(
                warning["id"], EventKind.REOPENED, warning["level"], row["level"], row["due_at"], now, run_id
            )
        )
    for warning, reason, row in the_plan.resolve:
        fields = {"cleared_at": now, "clear_reason": reason, "updated_at": now, "run": run}
        if warning["workflow_state"] in OPEN_WORKFLOW_STATES:
            # Resolved by the data before anyone closed it out: kept, and marked so.
            fields.update(workflow_state=WorkflowState.AUTO_RESOLVED, next_action_at=None)
            flow.append(_flow(warning, WorkflowAction.AUTO_RESOLVED, WorkflowState.AUTO_RESOLVED, now))
        if row is not None:  # recorded late: the breach is red, whatever it was before
            fields.update(row_values(row))
            fields.update(
                peak_level=Level.RED, level=Level.RED, explanation=explanations.get(row["element_id"], [])
            )
            if warning["level"] != Level.RED:
                fields["level_changed_at"] = now
                events.append(
                    bulk.event_row(
                        warning["id"],
                        EventKind.ESCALATED,
                        warning["level"],
                        Level.RED,
                        row["due_at"],
                        now,
                        run_id,
                    )
                )
        updates.append((warning["id"], fields))
        level = Level.RED if row is not None else warning["level"]
        events.append(
            bulk.event_row(
                warning["id"], EventKind.CLEARED, level, level, warning["due_at"], now, run_id, reason
            )
        )
    bulk.update(Warning, updates)
    bulk.insert(WarningEvent, events)
    WorkflowEvent.objects.bulk_create(flow, batch_size=2000)
    # Webhooks for these moves are fanned out after commit, by id (bulk_create set the keys).
    webhooks.queue_patrol_moves(event_ids=[event.pk for event in flow], raised_ids=raised_ids)
    return errors


def _flow(warning: dict, action: str, to_state: str, now) -> WorkflowEvent:
    return WorkflowEvent(
        warning_id=warning["id"],
        action=action,
        from_state=warning["workflow_state"],
        to_state=to_state,
        occurred_at=now,
    )


def _reopen_workflow(warning: dict, row: dict, now) -> dict:
    """A condition back before anyone closed its item: an item the patrol had resolved
    starts over (notified again); one still being worked on keeps its state."""
    kind = ItemKind.PROBLEM if row["level"] == Level.RED else warning["kind"]
    if warning["workflow_state"] != WorkflowState.AUTO_RESOLVED:
        return {"kind": kind}
    return {
        "kind": kind,
        "workflow_state": WorkflowState.NEW,
        "escalation_step": 0,
        "rectify_due_at": None,
        "next_action_at": None if warning["exempted"] else now,
    }


_DEFAULTS: dict = {}


def _new_warning_defaults() -> dict:
    """The model's defaults for the columns a new patrol warning does not set (the workflow's
    department, assignee, escalation step …), computed once per process; columns with a
    callable default (times) are always set by the patrol."""
    if not _DEFAULTS:
        for model_field in Warning._meta.concrete_fields:
            if model_field.primary_key or callable(model_field.default):
                continue
            _DEFAULTS[model_field.attname] = model_field.get_default()
    return _DEFAULTS


# ---------------------------------------------------------------------------------------
# Reusing an evaluation: a rule whose inputs did not change since its last full evaluation,
# and none of whose rows changes level by time before now, would find exactly the warnings
# it left. It is not evaluated again.

STATE_VERSION = 1
# Beyond this many writing transactions since a snapshot a table counts as changed (bounds
# the memory of the per-run set).
MAX_WRITERS = 100_000
_TABLE_MARKS: dict[tuple, dict] = {}  # per process and run: table -> mark (read once per run)


def _table_names() -> set[str]:
    from django.apps import apps

    return {model._meta.db_table for model in apps.get_models()}


def _tables_read(sql: str) -> list[str]:
    """Every table the rule's SQL reads (ORM-quoted or written out), found by name."""
    import re

    return sorted(_table_names() & set(re.findall(r"[a-z][a-z0-9_]*", sql)))


def _table_marks(tables: list[str], run_id: int | None) -> dict[str, dict]:
    """For each table: its row count and the snapshot it was counted in (``xmax``, the
    first transaction not yet visible, and ``xip``, those still running). Read once per run
    and process, before the rules that record it are evaluated: what commits in between is
    seen by the next run as a change (cautious, never lost)."""
    cache = _TABLE_MARKS.setdefault(("run", run_id), {}) if run_id is not None else {}
    if len(_TABLE_MARKS) > 200:  # keep only recent runs
        for key in list(_TABLE_MARKS)[:-100]:
            _TABLE_MARKS.pop(key, None)
    with connection.cursor() as cursor:
        for table in tables:
            if table in cache:
                continue
            cursor.execute(
                "SELECT count(*), txid_snapshot_xmax(txid_current_snapshot()), "  # noqa: S608
                "ARRAY(SELECT txid_snapshot_xip(txid_current_snapshot())) "
                f"FROM {connection.ops.quote_name(table)}"
            )
            count, xmax, xip = cursor.fetchone()
            cache[table] = {"count": count, "xmax": xmax, "xip": sorted(xip or [])}
    return {table: cache[table] for table in tables}


def _written_since(table: str, xmax: int, xip: list[int], run_id: int | None) -> bool:
    """Whether a row version of ``table`` was written by a transaction that an earlier
    snapshot (``xmax``, ``xip``) did not see: one at or after its ``xmax`` or running then.
    ``age(xmin)`` gives each version's transaction relative to ours (frozen ones are old).
    The transactions that wrote the table since the oldest snapshot asked about are read
    once per run (one pass over the table), then every rule's question is a set lookup: a
    rule reused later in the run answers as of that reading, as if evaluated then; what
    commits afterwards is still unseen by its recorded snapshot, so the next run sees it."""
    lowest = min([xmax, *xip])
    key = ("writers", run_id, table)
    known = _TABLE_MARKS.get(key) if run_id is not None else None
    if known is None or known["since"] > lowest:
        # The table name comes from the model registry, never from input.
        query = (
            "WITH me AS (SELECT COALESCE(txid_current_if_assigned(), "  # noqa: S608
            "txid_snapshot_xmax(txid_current_snapshot())) AS ref) "
            "SELECT ARRAY(SELECT DISTINCT me.ref - age(t.xmin) "
            f"FROM {connection.ops.quote_name(table)} t, me WHERE me.ref - age(t.xmin) >= %s "
            f"LIMIT {MAX_WRITERS + 1})"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [lowest])
            writers = cursor.fetchone()[0] or []
        if len(writers) > MAX_WRITERS:
            return True  # written by that many transactions since: changed, without keeping them
        known = {"since": lowest, "writers": set(writers)}
        if run_id is not None:
            _TABLE_MARKS[key] = known
    stopped = set(xip)
    return any(writer >= xmax or writer in stopped for writer in known["writers"])


def _warning_mark(config: RiskPoint) -> list:
    from django.db.models import Count, Max

    mark = Warning.objects.filter(risk_point=config, source=WarningSource.PATROL).aggregate(
        n=Count("id"), last=Max("id"), open=Count("id", filter=Q(cleared_at__isnull=True))
    )
    return [mark["n"], mark["last"], mark["open"]]


@dataclass
class Reuse:
    """What decides whether a rule's last full evaluation still stands."""

    key: str
    tables: list[str]
    marks: dict[str, dict]
    run_id: int | None = None

    def state(self, *, ctx: RuleContext, config: RiskPoint, next_at) -> dict:
        """The record of a full evaluation just written (after its writes)."""
        return {
            "v": STATE_VERSION,
            "key": self.key,
            "tables": {t: [m["count"], m["xmax"], m["xip"]] for t, m in self.marks.items()},
            "warnings": _warning_mark(config),
            "as_of": ctx.as_of.isoformat(),
            "next_at": next_at.isoformat() if next_at else None,
        }

    def still_stands(self, state: dict | None, *, ctx: RuleContext, config: RiskPoint) -> bool:
        reason = self.changed(state, ctx=ctx, config=config)
        if reason:
            logger.debug("evaluating again: %s", reason)
        return reason is None

    def changed(self, state: dict | None, *, ctx: RuleContext, config: RiskPoint) -> str | None:
        """Why the last full evaluation no longer stands (``None``: it does)."""
        if not state or state.get("v") != STATE_VERSION:
            return "no evaluation on record"
        if state.get("key") != self.key:
            return "code or configuration changed"
        if ctx.as_of < datetime.datetime.fromisoformat(state["as_of"]):
            return "earlier instant"
        if state["next_at"] and ctx.as_of >= datetime.datetime.fromisoformat(state["next_at"]):
            return "a level changes by time"
        if sorted(state["tables"]) != self.tables:
            return "other tables"
        for table, (count, xmax, xip) in state["tables"].items():
            if self.marks[table]["count"] != count:
                return f"rows added or deleted in {table}"
            if _written_since(table, xmax, xip, self.run_id):
                return f"rows written in {table}"
        if state["warnings"] != _warning_mark(config):
            return "warnings added or removed"
        return None


def reuse_for(rule: RiskPointRule, config: RiskPoint, ctx: RuleContext, run_id: int | None) -> Reuse | None:
    """The reuse check of a rule, or ``None`` when its result may change with the clock in
    ways the framework does not know (its own ``rows``, an instant in its own query) or
    the database cannot tell changes apart (SQLite, the embedded demo)."""
    if connection.vendor != "postgresql":
        return None
    if getattr(rule.evaluate, "__func__", None) is not RiskPointRule.evaluate:
        return None  # evaluated some other way (replaced on the instance): only through it
    full = replace(ctx, unit=None, since=None)
    static = _static_key(rule, config, full)
    if static is None:
        return None
    key, tables = static
    return Reuse(key=key, tables=tables, marks=_table_marks(tables, run_id), run_id=run_id)


_STATIC: dict[tuple, tuple[str, list[str]] | None] = {}


def _static_key(rule: RiskPointRule, config: RiskPoint, ctx: RuleContext) -> tuple[str, list[str]] | None:
    """(key, tables read) of the rule under this configuration, or ``None`` when it is
    not time-independent. Compiling the queries costs more than the rest of a reused rule,
    so it is done once per process, configuration and day (rules that depend on the
    instant show it in their own query, and are never reused)."""
    import hashlib
    import json

    lookback = (ctx.as_of - ctx.late_since).total_seconds()
    # The declarations the framework reads besides the rule's own query.
    declared = [
        repr(getattr(rule, name, None))
        for name in ("effective_from", "effective_to", "custody", "clock", "units", "month_end", "due_before")
    ]
    declared.append(repr(rule.limit_expression(ctx)[1]) if hasattr(rule, "limit_expression") else "")
    material = json.dumps(
        [rule.code, config.enabled, ctx.thresholds, ctx.params, lookback, declared],
        sort_keys=True,
        default=str,
    )
    cache_key = (material, ctx.as_of.date())
    if cache_key not in _STATIC:
        if len(_STATIC) > 2000:
            _STATIC.clear()
        result = None
        own = rule.time_independent(ctx)
        if own:
            # The rule's own query (the same at any instant) and the framework's code: the key
            # changes with either, and with the configuration.
            own_sql, own_params = own
            digest = hashlib.sha256(
                json.dumps([material, _framework_version(), own_sql, [str(p) for p in own_params]]).encode()
            )
            tables = _tables_read(" ".join((own_sql, *rule.framework_tables())))
            result = (digest.hexdigest()[:32], tables)
        _STATIC[cache_key] = result
    return _STATIC[cache_key]


_FRAMEWORK: list[str] = []


def _framework_version() -> str:
    """A digest of the code that turns a rule's own query into warnings (the deadline SQL,
    the levels, this engine): a deploy that changes it evaluates every rule again."""
    import hashlib
    import inspect

    if not _FRAMEWORK:
        from .deadlines import sql as deadline_sql
        from .rules import base

        modules = (base, deadline_sql, inspect.getmodule(plan))
        source = "".join(inspect.getsource(module) for module in modules)
        _FRAMEWORK.append(hashlib.sha256(source.encode()).hexdigest()[:16])
    return _FRAMEWORK[0]


def last_state(rule_code: str) -> dict | None:
    """The record of the rule's latest full evaluation (on its patrol chunk)."""
    from .models import PatrolChunk

    chunk = (
        PatrolChunk.objects.filter(rule_code=rule_code, status="done", counts__has_key="state")
        .order_by("-finished_at", "-id")
        .values_list("counts", flat=True)
        .first()
    )
    return chunk["state"] if chunk else None
