"""Writes of the execution elements: ingestion through the API and through file import.

Both channels run the same engine (``cases.ingest``): the whole batch is checked first,
any problem rejects it with nothing written, and every batch — committed or rejected —
leaves an ``Ingestion`` row and an audit event.
"""

from __future__ import annotations

import zlib

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import User
from supervision.services import audit_record

from . import ingest, tabular
from .models import Ingestion


class UnknownElementType(LookupError):
    pass


def _spec(element_type: str) -> ingest.ElementSpec:
    spec = ingest.spec_for(element_type)
    if spec is None:
        raise UnknownElementType(element_type)
    return spec


def _lock(spec: ingest.ElementSpec) -> None:
    """Serialise batches of one element type: two batches creating the same new source
    id at once would otherwise both plan an insert. Held until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [0x5E1, zlib.crc32(spec.code.encode()) >> 1]
            )


def _finish(
    ingestion: Ingestion, plan: ingest.Plan, *, status: str, errors: list[dict] | None = None
) -> None:
    counts = plan.counts()
    ingestion.status = status
    ingestion.received = counts["received"]
    ingestion.progress_done = counts["received"]
    ingestion.finished_at = timezone.now()
    ingestion.error_count = plan.error_count
    ingestion.errors = errors if errors is not None else plan.errors
    ingestion.rejected = counts["rejected"] if plan.error_count else 0
    committed = status == Ingestion.Status.COMMITTED
    previewed = status == Ingestion.Status.PREVIEWED
    # A preview says what *would* happen; the counts are kept so the page can show them.
    ingestion.created = counts["created"] if committed or previewed else 0
    ingestion.updated = counts["updated"] if committed or previewed else 0
    ingestion.unchanged = counts["unchanged"] if committed or previewed else 0
    ingestion.older = counts["older"] if committed or previewed else 0


def _audit_ingestion(actor, ingestion: Ingestion, verb: str) -> None:
    audit_record(
        actor=actor,
        action=f"ingestion.{verb}",
        target=ingestion,
        unit=ingestion.unit,
        changes={
            "element_type": ingestion.element_type,
            "channel": ingestion.channel,
            "status": ingestion.status,
            **{
                name: getattr(ingestion, name)
                for name in (
                    "received",
                    "created",
                    "updated",
                    "unchanged",
                    "older",
                    "rejected",
                    "error_count",
                )
            },
        },
        note=ingestion.file_name,
    )


def elements_ingest(
    *,
    actor: User | None,
    element_type: str,
    records: list,
    channel: str = Ingestion.Channel.API,
) -> Ingestion:
    """Upsert a batch of one element type by source id, all or nothing.

    Returns the ``Ingestion``: ``COMMITTED`` with its counts, or ``REJECTED`` with every
    problem by record index, source id and field (nothing of the batch written)."""
    spec = _spec(element_type)
    with transaction.atomic():
        _lock(spec)
        plan = ingest.prepare(spec, records, actor=actor)
        ingestion = Ingestion(
            element_type=spec.code,
            channel=channel,
            actor=actor,
            unit=getattr(actor, "unit", None),
            status=Ingestion.Status.RUNNING,
        )
        _finish(ingestion, plan, status=Ingestion.Status.COMMITTED if plan.ok else Ingestion.Status.REJECTED)
        ingestion.save()
        if plan.ok:
            ingest.apply(plan, actor=actor, note=_ingestion_note(ingestion))
        _audit_ingestion(actor, ingestion, "commit" if plan.ok else "reject")
    return ingestion


def _ingestion_note(ingestion: Ingestion) -> str:
    return f"ingestion {ingestion.pk}"


# --------------------------------------------------------------------------------------
# File import: upload → check (preview) → commit, each step a task so large files show
# progress; the same engine as the API.


def ingestion_upload(*, actor: User, element_type: str, file_name: str, data: bytes) -> Ingestion:
    """Keep an uploaded file and start checking it (in a task)."""
    from .tasks import ingestion_check_task

    spec = _spec(element_type)
    ingestion = Ingestion(
        element_type=spec.code,
        channel=Ingestion.Channel.FILE,
        actor=actor,
        unit=actor.unit,
        status=Ingestion.Status.RUNNING,
        file_name=file_name[:200],
    )
    ingestion.upload.save(file_name, ContentFile(data), save=False)
    ingestion.save()
    _audit_ingestion(actor, ingestion, "upload")
    transaction.on_commit(lambda: ingestion_check_task.delay(ingestion.pk))
    return ingestion


def _read(ingestion: Ingestion, spec: ingest.ElementSpec) -> tabular.Table:
    with ingestion.upload.open("rb") as handle:
        return tabular.read_table(spec, ingestion.file_name, handle.read())


def _progress(ingestion: Ingestion):
    def report(done: int) -> None:
        # Outside any transaction, so the page polling this ingestion sees it move.
        Ingestion.objects.filter(pk=ingestion.pk).update(progress_done=done)

    return report


def _file_problem(ingestion: Ingestion, message: str) -> Ingestion:
    ingestion.status = Ingestion.Status.REJECTED
    ingestion.finished_at = timezone.now()
    ingestion.errors = [
        {"row": None, "column": "", "header": "", "field": "", "external_id": "", "message": message}
    ]
    ingestion.error_count = 1
    ingestion.save()
    _audit_ingestion(ingestion.actor, ingestion, "reject")
    return ingestion


def ingestion_check(*, ingestion_id: int) -> Ingestion:
    """Check an uploaded file and keep the preview: what would be created, updated or left
    alone, or every problem by row and column. Writes no element."""
    ingestion = Ingestion.objects.select_related("actor", "unit").get(pk=ingestion_id)
    spec = _spec(ingestion.element_type)
    try:
        table = _read(ingestion, spec)
    except tabular.FileUnreadable as exc:
        return _file_problem(ingestion, str(exc))
    Ingestion.objects.filter(pk=ingestion.pk).update(received=len(table.records))
    plan = ingest.prepare(spec, table.records, actor=ingestion.actor, progress=_progress(ingestion))
    errors = table.errors + tabular.locate_errors(table, plan.errors)
    plan.error_count += len(table.errors)
    if not table.records and not table.errors:
        errors.append(
            {
                "row": None,
                "column": "",
                "header": "",
                "field": "",
                "external_id": "",
                "message": _("The file has no data rows."),
            }
        )
        plan.error_count += 1
    status = Ingestion.Status.PREVIEWED if plan.ok else Ingestion.Status.REJECTED
    _finish(ingestion, plan, status=status, errors=errors[: ingest.MAX_ERRORS_KEPT])
    ingestion.save()
    _audit_ingestion(ingestion.actor, ingestion, "preview" if plan.ok else "reject")
    return ingestion


class NotCommittable(Exception):
    pass


def ingestion_commit(*, actor: User, ingestion: Ingestion) -> Ingestion:
    """Commit a checked, clean file (in a task). A second click does nothing: only a
    ``PREVIEWED`` ingestion is claimed, by a conditional update."""
    from .tasks import ingestion_apply_task

    claimed = Ingestion.objects.filter(pk=ingestion.pk, status=Ingestion.Status.PREVIEWED).update(
        status=Ingestion.Status.RUNNING, progress_done=0, finished_at=None
    )
    if not claimed:
        raise NotCommittable(_("Only a checked file without problems can be committed, and only once."))
    ingestion.refresh_from_db()
    audit_record(actor=actor, action="ingestion.commit_requested", target=ingestion, unit=ingestion.unit)
    transaction.on_commit(lambda: ingestion_apply_task.delay(ingestion.pk))
    return ingestion


def ingestion_apply(*, ingestion_id: int) -> Ingestion:
    """Write a committed file: re-read and re-check it against the data as it is now (it may
    have changed since the preview), then upsert all or nothing."""
    ingestion = Ingestion.objects.select_related("actor", "unit").get(pk=ingestion_id)
    spec = _spec(ingestion.element_type)
    try:
        table = _read(ingestion, spec)
    except tabular.FileUnreadable as exc:
        return _file_problem(ingestion, str(exc))
    with transaction.atomic():
        _lock(spec)
        plan = ingest.prepare(spec, table.records, actor=ingestion.actor)
        plan.error_count += len(table.errors)
        if plan.ok:
            ingest.apply(plan, actor=ingestion.actor, note=_ingestion_note(ingestion))
            _finish(ingestion, plan, status=Ingestion.Status.COMMITTED)
        else:
            errors = table.errors + tabular.locate_errors(table, plan.errors)
            _finish(
                ingestion, plan, status=Ingestion.Status.REJECTED, errors=errors[: ingest.MAX_ERRORS_KEPT]
            )
        ingestion.save()
        _audit_ingestion(ingestion.actor, ingestion, "commit" if plan.ok else "reject")
    return ingestion


# --------------------------------------------------------------------------------------
# Export


def elements_export(*, actor: User, element_type: str, queryset, description: str = ""):
    """The (already scoped and filtered) elements as an Excel file in the import format,
    at most ``tabular.EXPORT_MAX_ROWS`` rows; audited, because exports carry personal data.
    Returns the open file and the number of rows written."""
    from .selectors import element_rows

    spec = _spec(element_type)
    limit = tabular.EXPORT_MAX_ROWS
    truncated = queryset[limit : limit + 1].exists()
    note = (
        _("Only the first %(max)s rows were exported; narrow the filters to export the rest.")
        % {"max": limit}
        if truncated
        else ""
    )
    written = 0

    def counted(rows):
        nonlocal written
        for row in rows:
            written += 1
            yield row

    output = tabular.export_xlsx(
        spec, counted(element_rows(spec, queryset, user=actor, limit=limit)), truncated_note=note
    )
    audit_record(
        actor=actor,
        action=f"{spec.model._meta.model_name}.export",
        unit=actor.unit,
        changes={"rows": written, "truncated": truncated},
        note=description[:500],
    )
    return output, written
