"""Writes of the alerts app: the holiday calendar, the risk-point configuration and the
patrol (start, chunks, completion). Each is keyword-only, atomic and audited.

The patrol is one ``JobRun`` per business date split into ``PatrolChunk`` rows (one per
risk point). Each chunk is claimed with a conditional UPDATE, evaluated and written in
one transaction under a lock on its risk point, and marked done in that same
transaction; the chunk that finds no chunk left open finishes the run. So a worker
killed mid-chunk leaves nothing half-written, and the next trigger for the date (a
retry, the resume sweep) takes the run over and runs only what is not done.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from supervision.choices import AuditSource, JobKind, JobStatus
from supervision.models import JobRun, Unit, User
from supervision.services import audit_record, job_run_claim

from . import patrol as engine
from .choices import CalendarSource, ChunkStatus, ClearReason
from .deadlines import YearArrangement, build_days, invalidate_calendar
from .deadlines.calendar import library_arrangements
from .models import CalendarDay, CalendarYear, PatrolChunk, RiskPoint
from .rules import registry
from .rules.base import RiskPointRule

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)


# ---------------------------------------------------------------------------------------
# Holiday calendar


def _known_arrangements() -> dict[int, YearArrangement]:
    """The arrangements already in the table, by year (the table is the source of truth)."""
    years = set(CalendarYear.objects.values_list("year", flat=True))
    holidays: dict[int, dict] = {year: {} for year in years}
    workdays: dict[int, set] = {year: set() for year in years}
    rows = CalendarDay.objects.filter(known=True).filter(
        Q(is_workday=False, holiday__gt="") | Q(is_makeup_workday=True)
    )
    for day, holiday, makeup in rows.values_list("date", "holiday", "is_makeup_workday"):
        year = day.year if day.year in years else None
        if year is None:
            continue
        if makeup:
            workdays[year].add(day)
        else:
            holidays[year][day] = holiday
    return {
        year: YearArrangement(year=year, holidays=holidays[year], workdays=frozenset(workdays[year]))
        for year in years
    }


DAY_FIELDS = (
    "is_workday",
    "holiday",
    "is_makeup_workday",
    "known",
    "next_workday",
    "roll_known",
    "workday_seq",
    "unknown_seq",
)


def _write_days(arrangements: list[YearArrangement]) -> int:
    """Bring the table in line with ``arrangements``: insert missing dates, update the
    changed ones (an import shifts the working-day numbers of every later date)."""
    existing = {row["date"]: row for row in CalendarDay.objects.values("date", *DAY_FIELDS)}
    create, update = [], []
    for info in build_days(arrangements):
        values = {name: getattr(info, name) for name in DAY_FIELDS}
        row = existing.get(info.date)
        if row is None:
            create.append(CalendarDay(date=info.date, **values))
        elif any(row[name] != values[name] for name in DAY_FIELDS):
            update.append(CalendarDay(date=info.date, **values))
    CalendarDay.objects.bulk_create(create, batch_size=5000)
    CalendarDay.objects.bulk_update(update, list(DAY_FIELDS), batch_size=2000)
    transaction.on_commit(invalidate_calendar)
    return len(create) + len(update)


@transaction.atomic
def calendar_seed(*, actor: User | None = None) -> list[int]:
    """Load from the ``chinese-calendar`` library every year it knows that the platform
    does not (a year imported by staff is never overwritten). Returns the years added."""
    library = {a.year: a for a in library_arrangements()}
    known = _known_arrangements()
    missing = [year for year in library if year not in known]
    if not missing and CalendarDay.objects.exists():
        return []
    merged = {**{year: library[year] for year in missing}, **known}
    _write_days(list(merged.values()))
    now = timezone.now()
    CalendarYear.objects.bulk_create(
        [
            CalendarYear(
                year=year,
                source=CalendarSource.LIBRARY,
                holiday_count=len(library[year].holidays),
                workday_count=len(library[year].workdays),
                updated_at=now,
            )
            for year in missing
        ],
        ignore_conflicts=True,
    )
    if missing:
        audit_record(
            actor=actor,
            action="calendar.seed",
            changes={"years": [None, missing]},
            note="chinese-calendar",
            source=AuditSource.SYSTEM if actor is None else None,
        )
    return missing


@transaction.atomic
def calendar_year_import(
    *,
    actor: User,
    year: int,
    holidays: dict[datetime.date, str],
    workdays: set[datetime.date],
    source: str = CalendarSource.ANNOUNCEMENT,
    announcement: str = "",
) -> CalendarYear:
    """Replace one year's arrangement (holidays and make-up working days) and recompute the
    table. Deadlines use it from the next patrol on; warnings flagged for a missing
    calendar lose the flag then."""
    known = _known_arrangements()
    before = known.get(year)
    arrangement = YearArrangement(year=year, holidays=dict(holidays), workdays=frozenset(workdays))
    known[year] = arrangement
    # Dates of December of the year before (New Year's Day) belong to this arrangement only.
    if year - 1 in known:
        previous = known[year - 1]
        known[year - 1] = YearArrangement(
            year=year - 1,
            holidays={d: h for d, h in previous.holidays.items() if d not in holidays},
            workdays=frozenset(d for d in previous.workdays if d not in workdays),
        )
    _write_days(list(known.values()))
    row, _created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "source": source,
            "announcement": announcement,
            "holiday_count": len(holidays),
            "workday_count": len(workdays),
            "imported_by": actor,
            "updated_at": timezone.now(),
        },
    )

    def dates(values) -> list[str]:
        return sorted(d.isoformat() for d in values)

    audit_record(
        actor=actor,
        action="calendar.import",
        target=row,
        changes={
            "holidays": [dates(before.holidays) if before else None, dates(holidays)],
            "workdays": [dates(before.workdays) if before else None, dates(workdays)],
            "source": [None, source],
        },
    )
    return row


# ---------------------------------------------------------------------------------------
# Risk-point configuration


def risk_point_sync() -> int:
    """Create the configuration row of every risk point in the code that has none (with
    the rule's defaults; edits are never overwritten). Runs after migrations."""
    existing = set(RiskPoint.objects.values_list("code", flat=True))
    missing = [rule for rule in registry if rule.code not in existing]
    RiskPoint.objects.bulk_create(
        [RiskPoint(code=rule.code, ref=rule.ref, element_type=rule.element) for rule in missing],
        ignore_conflicts=True,
    )
    return len(missing)


def risk_point_config(code: str) -> RiskPoint:
    try:
        return RiskPoint.objects.get(code=code)
    except RiskPoint.DoesNotExist:
        risk_point_sync()
        return RiskPoint.objects.get(code=code)


@transaction.atomic
def risk_point_update(
    *,
    actor: User,
    risk_point: RiskPoint,
    enabled: bool,
    thresholds: dict,
    params: dict,
) -> RiskPoint:
    """Change a risk point's switch, thresholds or parameters; effective at the next patrol."""
    rule = registry[risk_point.code]
    locked = RiskPoint.objects.select_for_update().get(pk=risk_point.pk)
    clean_params = {
        name: rule.params[name].clean(value) for name, value in params.items() if name in rule.params
    }
    before = {"enabled": locked.enabled, "thresholds": locked.thresholds, "params": locked.params}
    after = {"enabled": enabled, "thresholds": thresholds, "params": clean_params}
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if not changes:
        return locked
    locked.enabled, locked.thresholds, locked.params = enabled, thresholds, clean_params
    locked.updated_by, locked.updated_at = actor, timezone.now()
    locked.save(update_fields=["enabled", "thresholds", "params", "updated_by", "updated_at"])
    audit_record(actor=actor, action="risk_point.update", target=locked, changes=changes, note=rule.ref)
    return locked


@dataclass
class DryRun:
    """What saving a configuration would change, compared with the configuration in force,
    both evaluated now on the same data."""

    new: int
    escalated: int
    de_escalated: int
    resolved: int
    unchanged: int
    open_before: int
    open_after: int


def risk_point_dry_run(*, risk_point: RiskPoint, enabled: bool, thresholds: dict, params: dict) -> DryRun:
    """Preview a configuration change: no writes."""
    rule = registry[risk_point.code]
    now = timezone.now()
    late_since = now - late_lookback()
    current_ctx = engine.context_for(rule, risk_point, as_of=now, late_since=late_since)
    clean_params = {
        name: rule.params[name].clean(value) for name, value in params.items() if name in rule.params
    }
    proposed_ctx = engine.context_for(
        rule, risk_point, as_of=now, late_since=late_since, thresholds=thresholds, params=clean_params
    )
    with transaction.atomic():  # read-only; the transaction scopes the planner settings
        engine.planner_settings()
        before = (
            {r["element_id"]: r for r in rule.evaluate(current_ctx) if not r["late"]}
            if risk_point.enabled
            else {}
        )
        after = {r["element_id"]: r for r in rule.evaluate(proposed_ctx) if not r["late"]} if enabled else {}
    from .choices import LEVEL_RANK

    new = escalated = de_escalated = unchanged = 0
    for element_id, row in after.items():
        old = before.get(element_id)
        if old is None:
            new += 1
        elif LEVEL_RANK[row["level"]] > LEVEL_RANK[old["level"]]:
            escalated += 1
        elif LEVEL_RANK[row["level"]] < LEVEL_RANK[old["level"]]:
            de_escalated += 1
        else:
            unchanged += 1
    resolved = sum(1 for element_id in before if element_id not in after)
    return DryRun(new, escalated, de_escalated, resolved, unchanged, len(before), len(after))


# ---------------------------------------------------------------------------------------
# The patrol


def late_lookback() -> datetime.timedelta:
    """How far back an act recorded after its deadline is still picked up as a breach."""
    return datetime.timedelta(days=getattr(settings, "ALERTS_LATE_LOOKBACK_DAYS", 7))


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)


def patrol_run(
    *,
    business_date: datetime.date,
    triggered_by: str = AuditSource.JOB,
    rerun: bool = False,
    rules: list[str] | None = None,
    unit: Unit | None = None,
    since: datetime.datetime | None = None,
    as_of: datetime.datetime | None = None,
    inline: bool | None = None,
) -> JobRun | None:
    """Start (or take over) the patrol of ``business_date`` and dispatch its chunks.

    The daily patrol is one run per business date: a second trigger finds it done (or
    running) and returns ``None``. A narrowed run (``rules``, ``unit`` or ``since``) is an
    ad-hoc run of its own. ``inline`` runs the chunks in this process (the management
    command, the embedded demo); otherwise they go to the Celery workers.
    """
    narrowed = bool(rules or unit or since)
    codes = [registry.resolve(code).code for code in rules] if rules else [rule.code for rule in registry]
    period = (
        business_date.isoformat() if not narrowed else f"{business_date.isoformat()}~{uuid.uuid4().hex[:8]}"
    )
    claim = job_run_claim(kind=JobKind.PATROL, period=period, triggered_by=triggered_by, rerun=rerun)
    if claim is None:
        return None
    run = claim.run
    if rerun or not run.options.get("as_of"):
        moment = as_of or timezone.now()
        run.options = {
            "as_of": moment.isoformat(),
            "late_since": (moment - late_lookback()).isoformat(),
            "rules": codes,
            "unit": unit.pk if unit else None,
            "unit_code": unit.code if unit else "",
            "since": since.isoformat() if since else None,
            "rerun": rerun,
        }
        JobRun.objects.filter(pk=run.pk).update(options=run.options)
    return _dispatch(run, rerun=rerun, resumed=claim.resumed, inline=inline)


def patrol_resume(*, run: JobRun, inline: bool | None = None) -> JobRun | None:
    """Take over a patrol run whose worker died (stale heartbeat) or that failed."""
    claim = job_run_claim(kind=run.kind, period=run.period, triggered_by=AuditSource.JOB)
    if claim is None:
        return None
    return _dispatch(claim.run, rerun=False, resumed=True, inline=inline)


def patrol_resume_stale(*, inline: bool | None = None) -> list[int]:
    """The sweep: resume every patrol run left running by a dead worker."""
    resumed = []
    for run in JobRun.objects.filter(
        kind=JobKind.PATROL, status=JobStatus.RUNNING, heartbeat_at__lt=_stale_before()
    ):
        if patrol_resume(run=run, inline=inline) is not None:
            resumed.append(run.pk)
    return resumed


def _dispatch(run: JobRun, *, rerun: bool, resumed: bool, inline: bool | None) -> JobRun:
    codes = run.options.get("rules") or [rule.code for rule in registry]
    risk_point_sync()
    PatrolChunk.objects.bulk_create(
        [PatrolChunk(run=run, rule_code=code) for code in codes], ignore_conflicts=True, batch_size=500
    )
    chunks = PatrolChunk.objects.filter(run=run)
    if rerun:
        chunks.update(status=ChunkStatus.PENDING, counts={}, error="", finished_at=None)
    elif resumed:
        # Failed chunks and chunks of a dead worker start again; done ones stay done.
        chunks.filter(
            Q(status=ChunkStatus.FAILED) | Q(status=ChunkStatus.RUNNING, heartbeat_at__lt=_stale_before())
        ).update(status=ChunkStatus.PENDING, error="")
    total = chunks.count()
    JobRun.objects.filter(pk=run.pk).update(progress_total=total, heartbeat_at=timezone.now())
    pending = _longest_first(list(chunks.filter(status=ChunkStatus.PENDING).values_list("id", "rule_code")))
    if inline is None:
        inline = settings.CELERY_TASK_ALWAYS_EAGER
    if inline:
        # In one process the run's progress is recorded about twice a second (and at the
        # end, below): per chunk it was a third of a reused rule's cost.
        reported = time.monotonic()
        for chunk_id in pending:
            report = time.monotonic() - reported > 0.5
            patrol_chunk_execute(chunk_id=chunk_id, report_progress=report)
            if report:
                reported = time.monotonic()
    else:
        from .tasks import patrol_chunk

        def send():
            for chunk_id in pending:
                patrol_chunk.apply_async(args=[chunk_id])

        transaction.on_commit(send)
    _progress(run.pk)
    run.refresh_from_db()
    return run


def _longest_first(chunks: list[tuple[int, str]]) -> list[int]:
    """Chunk ids, the risk points that took longest last time first, so that the workers
    finish together (longest-processing-time scheduling); unknown ones keep their order."""
    recent = (
        PatrolChunk.objects.filter(
            rule_code__in={code for _id, code in chunks},
            status=ChunkStatus.DONE,
            started_at__isnull=False,
            finished_at__isnull=False,
        )
        .order_by("-finished_at")
        .values_list("rule_code", "started_at", "finished_at")[: 5 * max(len(chunks), 1)]
    )
    took: dict[str, float] = {}
    for code, started, finished in recent:
        took.setdefault(code, (finished - started).total_seconds())
    order = {chunk_id: index for index, (chunk_id, _code) in enumerate(sorted(chunks))}
    return [chunk_id for chunk_id, code in sorted(chunks, key=lambda c: (-took.get(c[1], 0.0), order[c[0]]))]


def _claim_chunk(chunk_id: int) -> PatrolChunk | None:
    now = timezone.now()
    claimed = (
        PatrolChunk.objects.filter(pk=chunk_id)
        .filter(
            Q(status=ChunkStatus.PENDING) | Q(status=ChunkStatus.RUNNING, heartbeat_at__lt=_stale_before())
        )
        .update(
            status=ChunkStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            worker=f"{socket.gethostname()}:{os.getpid()}"[:100],
        )
    )
    if not claimed:
        return None
    return PatrolChunk.objects.select_related("run", "unit").get(pk=chunk_id)


def patrol_chunk_execute(*, chunk_id: int, report_progress: bool = True) -> dict | None:
    """Run one chunk: evaluate its risk point and write the changes, all in one transaction.

    Idempotent: a chunk already done (or being run by a live worker) is left alone. A
    transient database error puts the chunk back to pending and re-raises (the task
    retries); any other error marks it failed with the message, for the run's record.
    """
    chunk = _claim_chunk(chunk_id)
    if chunk is None:
        return None
    run = chunk.run
    try:
        with transaction.atomic():
            engine.relaxed_commit()
            counts = patrol_rule(
                rule_code=chunk.rule_code,
                run=run,
                as_of=datetime.datetime.fromisoformat(run.options["as_of"]),
                late_since=datetime.datetime.fromisoformat(run.options["late_since"]),
                unit=chunk.unit
                or (Unit.objects.get(pk=run.options["unit"]) if run.options.get("unit") else None),
                since=datetime.datetime.fromisoformat(run.options["since"])
                if run.options.get("since")
                else None,
                reuse_evaluation=not run.options.get("rerun"),
            )
            # ``attempts`` is this claim's token: if the chunk was taken over meanwhile (this
            # worker looked dead), the other claim's result stands and ours is rolled back.
            done = PatrolChunk.objects.filter(
                pk=chunk.pk, status=ChunkStatus.RUNNING, attempts=chunk.attempts
            ).update(
                status=ChunkStatus.DONE,
                counts=counts,
                error="",
                finished_at=timezone.now(),
                heartbeat_at=timezone.now(),
            )
            if not done:  # taken over by another worker meanwhile: let theirs count
                transaction.set_rollback(True)
                counts = None
    except TRANSIENT_ERRORS:
        PatrolChunk.objects.filter(pk=chunk.pk, status=ChunkStatus.RUNNING).update(status=ChunkStatus.PENDING)
        raise
    except IntegrityError as exc:
        # Another writer opened the same warning at the same moment: the constraint held; run again.
        logger.warning("patrol chunk %s lost a race: %s", chunk.pk, exc)
        PatrolChunk.objects.filter(pk=chunk.pk, status=ChunkStatus.RUNNING).update(status=ChunkStatus.PENDING)
        raise OperationalError(str(exc)) from exc
    except Exception as exc:
        logger.exception("patrol chunk %s (%s) failed", chunk.pk, chunk.rule_code)
        PatrolChunk.objects.filter(pk=chunk.pk).update(
            status=ChunkStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        counts = None
    if report_progress:  # (a worker always reports: the chunk that finds none open finishes the run)
        _progress(run.pk)
    return counts


def patrol_rule(
    *,
    rule_code: str,
    run: JobRun | None,
    as_of: datetime.datetime,
    late_since: datetime.datetime,
    unit: Unit | None = None,
    since: datetime.datetime | None = None,
    reuse_evaluation: bool = True,
) -> dict:
    """Evaluate one risk point and write what changed. Call inside a transaction: the risk
    point's configuration row is locked so that two patrols of the same rule take turns
    (the unique index on open warnings guards the rest).

    A rule whose last full evaluation still stands (``engine.Reuse``) is not evaluated
    again unless ``reuse_evaluation`` is off (a rerun)."""
    rule: RiskPointRule = registry[rule_code]
    config = RiskPoint.objects.select_for_update().filter(code=rule_code).first()
    if config is None:
        config = RiskPoint.objects.select_for_update().get(pk=risk_point_config(rule_code).pk)
    ctx = engine.context_for(rule, config, as_of=as_of, late_since=late_since, unit=unit, since=since)
    # Inside a caller's transaction (not the patrol's own) that caller's uncommitted writes
    # look like committed data to the snapshot comparison: no reuse there.
    own_transaction = len(getattr(connection, "atomic_blocks", ())) <= 1
    reuse = (
        engine.reuse_for(rule, config, ctx, run.pk if run else None)
        if reuse_evaluation and own_transaction
        else None
    )
    if reuse is not None:
        state = engine.last_state(rule_code)
        if reuse.still_stands(state, ctx=ctx, config=config):
            # Same code, configuration, data and warnings, and no level due to change yet:
            # the warnings are what an evaluation would leave. Nothing is read or written.
            open_now = (
                state["warnings"][2]
                if ctx.unit is None and ctx.since is None
                else engine.scoped_warnings(rule, config, ctx).filter(cleared_at__isnull=True).count()
            )
            return {
                **dict.fromkeys(SUMMED, 0),
                "open": open_now,
                "unchanged": open_now,
                "reused": 1,
                "state": state,
            }
    engine.planner_settings()
    next_at = None
    if not config.enabled:
        rows, reason = [], ClearReason.RULE_DISABLED
    elif reuse is not None:
        rows, next_at = rule.evaluate_with_next(ctx)
        reason = ClearReason.CONDITION_CLEARED
    else:
        rows, reason = rule.evaluate(ctx), ClearReason.CONDITION_CLEARED
    the_plan = engine.plan(rule, config, rows, ctx, resolve_reason=reason)
    errors = engine.apply(rule, config, the_plan, ctx, run=run)
    counts = the_plan.summary()
    if reuse is not None and ctx.unit is None and ctx.since is None:
        # Only a full evaluation vouches for every warning of the rule.
        counts["state"] = reuse.state(ctx=ctx, config=config, next_at=next_at)
    if errors:
        counts["errors"] = errors[:20]
    if the_plan.writes:
        audit_record(
            actor=None,
            action="warning.patrol",
            changes={key: [None, value] for key, value in counts.items() if key != "errors" and value},
            note=f"{rule.ref} {rule.code}" + (f" run {run.pk}" if run else ""),
        )
    return counts


def _progress(run_id: int) -> None:
    """Record progress; when no chunk is left open, finish the run (once: a conditional
    UPDATE, so that two chunks finishing together cannot both finish it)."""
    agg = PatrolChunk.objects.filter(run_id=run_id).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=ChunkStatus.DONE)),
        failed=Count("id", filter=Q(status=ChunkStatus.FAILED)),
    )
    finished = agg["done"] + agg["failed"]
    # Monotonic: a worker that counted before another chunk committed may write after the
    # run has finished; it must never move the progress backwards.
    JobRun.objects.filter(pk=run_id).update(
        progress_done=Greatest(F("progress_done"), Value(finished)),
        progress_total=agg["total"],
        heartbeat_at=timezone.now(),
    )
    if agg["total"] and finished == agg["total"]:
        _finish(run_id, failed=agg["failed"] > 0)


SUMMED = ("new", "escalated", "de_escalated", "changed", "resolved", "late", "open")


def _finish(run_id: int, *, failed: bool) -> None:
    chunks = list(PatrolChunk.objects.filter(run_id=run_id).values("rule_code", "status", "counts", "error"))
    totals = dict.fromkeys(SUMMED, 0)
    by_rule = {}
    errors = []
    for chunk in chunks:
        counts = chunk["counts"] or {}
        for key in SUMMED:
            totals[key] += counts.get(key, 0)
        by_rule[chunk["rule_code"]] = {
            key: counts.get(key, 0) for key in ("new", "escalated", "resolved", "open")
        }
        if chunk["error"]:
            errors.append(f"{chunk['rule_code']}: {chunk['error']}")
        errors += [f"{chunk['rule_code']}: {e}" for e in counts.get("errors", [])]
    summary = {
        "rules": len(chunks),
        **totals,
        "failed_rules": sum(c["status"] == ChunkStatus.FAILED for c in chunks),
        # Risk points whose last full evaluation still stood (nothing to read or write).
        "reused_rules": sum(bool((c["counts"] or {}).get("reused")) for c in chunks),
    }
    summary["by_rule"] = by_rule
    run = JobRun.objects.filter(pk=run_id, status=JobStatus.RUNNING).first()
    if run is None:
        return
    updated = JobRun.objects.filter(pk=run_id, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED if failed else JobStatus.SUCCEEDED,
        finished_at=timezone.now(),
        counts=summary,
        errors=errors,
        progress_done=len(chunks),
    )
    if updated:
        logger.info(
            "patrol %s finished: %s", run.period, {k: v for k, v in summary.items() if k != "by_rule"}
        )


__all__ = [
    "DryRun",
    "calendar_seed",
    "calendar_year_import",
    "late_lookback",
    "patrol_chunk_execute",
    "patrol_resume",
    "patrol_resume_stale",
    "patrol_rule",
    "patrol_run",
    "risk_point_dry_run",
    "risk_point_sync",
    "risk_point_update",
]


# ---------------------------------------------------------------------------------------
# Warnings of other sources (dispute lapses, and later human findings) in the same table


SOURCE_FIELDS = (
    "level",
    "due_at",
    "start_at",
    "unit_id",
    "officer_id",
    "case_id",
    "element_type",
    "element_id",
    "element_label",
    "detail",
)


def _source_values(row: dict) -> dict:
    return {
        "level": row["level"],
        "due_at": row.get("due_at"),
        "start_at": row.get("start_at"),
        "unit_id": row["unit_id"],
        "officer_id": row.get("officer_id"),
        "case_id": row.get("case_id"),
        "element_type": row.get("element_type") or "",
        "element_id": row.get("element_id"),
        "element_label": (row.get("element_label") or "")[:200],
        "detail": row.get("detail") or {},
    }


@transaction.atomic
def warning_source_sync(
    *, source: str, desired: list[dict], scope: Q, actor: User | None = None, run: JobRun | None = None
) -> dict:
    """Make the open warnings of ``source`` within ``scope`` exactly ``desired`` (rows keyed
    by ``fingerprint``): create or reopen what is missing, update what changed (escalations
    and de-escalations recorded as condition changes), clear what is no longer desired.
    Compares before writing: an unchanged set writes nothing. This is how dispute follow-up
    lapses (``disputes.warnings``) live beside the patrol's warnings."""
    from . import bulk
    from .choices import LEVEL_RANK, EventKind
    from .models import Warning, WarningEvent

    now = timezone.now()
    run_id = run.pk if run is not None else None
    wanted = {row["fingerprint"]: row for row in desired}
    existing = (
        Warning.objects.select_for_update()
        .filter(source=source)
        .filter(scope | Q(fingerprint__in=list(wanted)))
    )
    open_map = {w.fingerprint: w for w in existing.filter(cleared_at__isnull=True)}
    latest_cleared: dict[str, Warning] = {}
    for warning in existing.filter(cleared_at__isnull=False, fingerprint__in=list(wanted)).order_by(
        "-cleared_at", "-id"
    ):
        latest_cleared.setdefault(warning.fingerprint, warning)
    create, updates, events = [], [], []
    counts = dict.fromkeys(("new", "escalated", "de_escalated", "changed", "resolved", "unchanged"), 0)
    for fp, row in wanted.items():
        values = _source_values(row)
        warning = open_map.get(fp)
        if warning is None and fp in latest_cleared:
            warning = latest_cleared[fp]
            fields = {
                **values,
                "cleared_at": None,
                "clear_reason": "",
                "peak_level": max(warning.peak_level, values["level"], key=LEVEL_RANK.get),
                "level_changed_at": now,
                "updated_at": now,
                "run": run,
            }
            updates.append((warning.pk, fields))
            events.append(
                bulk.event_row(
                    warning.pk,
                    EventKind.REOPENED,
                    warning.level,
                    values["level"],
                    values["due_at"],
                    now,
                    run_id,
                )
            )
            counts["new"] += 1
        elif warning is None:
            create.append(
                Warning(
                    source=source,
                    fingerprint=fp,
                    peak_level=values["level"],
                    explanation=row.get("explanation", []),
                    raised_at=now,
                    level_changed_at=now,
                    created_at=now,
                    updated_at=now,
                    run=run,
                    **values,
                )
            )
            counts["new"] += 1
        else:
            current = {name: getattr(warning, name) for name in SOURCE_FIELDS}
            if current == values:
                counts["unchanged"] += 1
                continue
            fields = {**values, "updated_at": now, "run": run}
            old, new = warning.level, values["level"]
            if old != new:
                fields["level_changed_at"] = now
                fields["peak_level"] = max(warning.peak_level, new, key=LEVEL_RANK.get)
            updates.append((warning.pk, fields))
            if LEVEL_RANK[new] > LEVEL_RANK[old]:
                kind, key = EventKind.ESCALATED, "escalated"
            elif LEVEL_RANK[new] < LEVEL_RANK[old]:
                kind, key = EventKind.DE_ESCALATED, "de_escalated"
            else:
                kind, key = EventKind.CHANGED, "changed"
            counts[key] += 1
            if kind != EventKind.CHANGED or current["due_at"] != values["due_at"]:
                events.append(bulk.event_row(warning.pk, kind, old, new, values["due_at"], now, run_id))
    for fp, warning in open_map.items():
        if fp in wanted:
            continue
        updates.append(
            (
                warning.pk,
                {
                    "cleared_at": now,
                    "clear_reason": ClearReason.CONDITION_CLEARED,
                    "updated_at": now,
                    "run": run,
                },
            )
        )
        events.append(
            bulk.event_row(
                warning.pk, EventKind.CLEARED, warning.level, warning.level, warning.due_at, now, run_id
            )
        )
        counts["resolved"] += 1
    if create:
        Warning.objects.bulk_create(create)
        for warning in create:
            events.append(
                bulk.event_row(warning.pk, EventKind.RAISED, "", warning.level, warning.due_at, now, run_id)
            )
    bulk.update(Warning, updates)
    if events:
        bulk.insert(WarningEvent, events)
        audit_record(
            actor=actor,
            action="warning.sync",
            changes={key: [None, value] for key, value in counts.items() if value and key != "unchanged"},
            note=source,
        )
    counts["open"] = len(wanted)
    return counts
