"""Reads of the alerts app, shared by pages, the API and (later) reports. Each starts from
``visible_to(user)``."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from supervision.choices import JobKind
from supervision.models import JobRun, User

from .choices import ChunkStatus, Level
from .models import PatrolChunk, RiskPoint, Warning, WarningEvent
from .rules import registry

LEVEL_ORDER = Case(
    When(level=Level.RED, then=Value(3)),
    When(level=Level.YELLOW, then=Value(2)),
    When(level=Level.BLUE, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


def warning_base_queryset() -> QuerySet[Warning]:
    return Warning.objects.select_related("risk_point", "unit", "officer", "case").annotate(
        level_rank=LEVEL_ORDER
    )


def warning_list(*, fetched_by: User, filters: dict | None = None) -> QuerySet[Warning]:
    from .filtersets import WarningFilterSet

    qs = warning_base_queryset().visible_to(fetched_by)
    filterset = WarningFilterSet(filters or {}, queryset=qs, request=None)
    return filterset.qs if filterset.is_valid() else qs.none()


def warning_list_for_element(*, fetched_by: User, case=None, element_type: str = "", element_id=None):
    qs = warning_base_queryset().visible_to(fetched_by)
    if case is not None:
        qs = qs.filter(Q(case=case) | Q(element_type="case", element_id=case.pk))
    else:
        qs = qs.filter(element_type=element_type, element_id=element_id)
    return qs.order_by("cleared_at", "-level_rank", "due_at")[:50]


def warning_events(*, warning: Warning) -> QuerySet[WarningEvent]:
    return warning.events.select_related("run", "actor").order_by("occurred_at", "id")


def warning_counts(*, fetched_by: User) -> dict:
    """Open warnings by level in the user's scope (one aggregate query)."""
    return (
        Warning.objects.visible_to(fetched_by)
        .open()
        .aggregate(
            red=Count("id", filter=Q(level=Level.RED)),
            yellow=Count("id", filter=Q(level=Level.YELLOW)),
            blue=Count("id", filter=Q(level=Level.BLUE)),
        )
    )


def open_counts_by_rule(*, fetched_by: User) -> dict[int, dict]:
    rows = (
        Warning.objects.visible_to(fetched_by)
        .open()
        .filter(risk_point__isnull=False)
        .values("risk_point")
        .annotate(
            red=Count("id", filter=Q(level=Level.RED)),
            yellow=Count("id", filter=Q(level=Level.YELLOW)),
            blue=Count("id", filter=Q(level=Level.BLUE)),
        )
    )
    return {row["risk_point"]: row for row in rows}


def risk_point_catalogue(*, fetched_by: User) -> list[dict]:
    """Every risk point with its definition, configuration and open counts in scope."""
    configs = {rp.code: rp for rp in RiskPoint.objects.visible_to(fetched_by)}
    counts = open_counts_by_rule(fetched_by=fetched_by)
    catalogue = []
    for rule in registry:
        config = configs.get(rule.code)
        if config is None:
            continue
        catalogue.append({"rule": rule, "config": config, "counts": counts.get(config.pk, {})})
    return catalogue


def patrol_run_list(limit: int = 30) -> QuerySet[JobRun]:
    return JobRun.objects.filter(kind=JobKind.PATROL).order_by("-started_at")[:limit]


def patrol_chunks(*, run: JobRun) -> list[dict]:
    chunks = list(PatrolChunk.objects.filter(run=run).select_related("unit").order_by("rule_code"))
    rules = {rule.code: rule for rule in registry}
    order = {code: index for index, code in enumerate(rules)}
    chunks.sort(key=lambda c: order.get(c.rule_code, 10_000))
    return [{"chunk": chunk, "rule": rules.get(chunk.rule_code)} for chunk in chunks]


def patrol_chunk_summary(*, run: JobRun) -> dict:
    return PatrolChunk.objects.filter(run=run).aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=ChunkStatus.DONE)),
        running=Count("id", filter=Q(status=ChunkStatus.RUNNING)),
        failed=Count("id", filter=Q(status=ChunkStatus.FAILED)),
        pending=Count("id", filter=Q(status=ChunkStatus.PENDING)),
    )
