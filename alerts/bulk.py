"""Many-row writes of the patrol in one statement each (PostgreSQL), with the ORM as the fallback.

The first patrol of a city writes tens of thousands of warnings and events. Through Django's
``bulk_create`` / ``bulk_update`` each row costs a model instance and a per-field preparation
(~0.25 ms a row, most of the patrol's time), and ``bulk_update`` compares every row's id in a
``CASE`` per column (quadratic in the batch). On PostgreSQL the rows travel instead as one
JSON document and are written by ``INSERT … SELECT … FROM json_to_recordset(…)`` and
``UPDATE … FROM json_to_recordset(…)``: one statement per batch, ordinary ``cursor.execute``
(so the writes are seen by query capture, errors are Django's — a second open warning for a
fingerprint is an ``IntegrityError`` as before — and everything stays in the chunk's
transaction). Other databases (the embedded SQLite demo) take the ORM path; both write the
same rows.

Only code-defined column names reach the SQL text; every value is a parameter.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable

from django.db import connection
from django.db.models import JSONField, Model

from .choices import EventKind, Level
from .models import Warning, WarningEvent

BATCH = 5000


def fast() -> bool:
    return connection.vendor == "postgresql"


def _columns(model: type[Model], names: Iterable[str]) -> list[tuple[str, str]]:
    """(column, type) of each field name or attname."""
    result = []
    for name in names:
        field = model._meta.get_field(name)
        if field.is_relation:
            db_type = field.target_field.rel_db_type(connection)
        elif isinstance(field, JSONField):
            db_type = "jsonb"
        else:
            db_type = field.db_type(connection)
        result.append((field.column, db_type))
    return result


def _plain(value):
    """What JSON cannot say itself: instants (PostgreSQL reads ISO 8601 with offset) and
    related objects given for their id."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Model):
        return value.pk
    raise TypeError(f"{type(value).__name__} is not serialisable")


def _document(rows: list[dict], names: list[str]) -> str:
    """The rows as one JSON document, each row keyed ``c0`` … in the order of ``names``:
    one parameter, parsed by the server in one pass (per-value parameters cost more to
    adapt and to parse than the insert itself)."""
    keys = [f"c{i}" for i in range(len(names))]
    return json.dumps(
        [{key: row[name] for key, name in zip(keys, names, strict=True)} for row in rows],
        default=_plain,
        separators=(",", ":"),
    )


def _source(columns) -> tuple[str, list[str]]:
    """``json_to_recordset(%s::json) AS u(c0 type, …)`` and the expression of each column."""
    definitions = ", ".join(f"c{i} {db_type}" for i, (_column, db_type) in enumerate(columns))
    return f"json_to_recordset(%s::json) AS u({definitions})", [f"u.c{i}" for i in range(len(columns))]


def insert(model: type[Model], rows: list[dict]) -> None:
    """Insert ``rows`` (dicts of field names or attnames, all with the same keys)."""
    if not rows:
        return
    if not fast():
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)
        return
    names = list(rows[0])
    columns = _columns(model, names)
    source, values = _source(columns)
    target = ", ".join(connection.ops.quote_name(column) for column, _t in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({target}) SELECT {', '.join(values)} FROM {source}"  # noqa: S608
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), BATCH):
            cursor.execute(sql, [_document(rows[offset : offset + BATCH], names)])


def update(model: type[Model], updates: list[tuple[int, dict]]) -> None:
    """Set the given fields of each row (by primary key); one statement per set of fields."""
    groups: dict[tuple, list[tuple[int, dict]]] = {}
    for pk, fields in updates:
        groups.setdefault(tuple(sorted(fields)), []).append((pk, fields))
    for names, group in groups.items():
        if not fast():
            fields = [model._meta.get_field(name).name for name in names]
            objects = [model(pk=pk, **values) for pk, values in group]
            model._default_manager.bulk_update(objects, fields, batch_size=500)
            continue
        pk_name = model._meta.pk.name
        columns = _columns(model, [pk_name, *names])
        source, expressions = _source(columns)
        assignments = ", ".join(
            f"{connection.ops.quote_name(column)} = {expression}"
            for (column, _t), expression in zip(columns[1:], expressions[1:], strict=True)
        )
        table = connection.ops.quote_name(model._meta.db_table)
        pk_column = connection.ops.quote_name(columns[0][0])
        sql = f"UPDATE {table} SET {assignments} FROM {source} WHERE {table}.{pk_column} = u.c0"  # noqa: S608
        rows = [{pk_name: pk, **values} for pk, values in group]
        with connection.cursor() as cursor:
            for offset in range(0, len(rows), BATCH):
                cursor.execute(sql, [_document(rows[offset : offset + BATCH], [pk_name, *names])])


def create_warnings(warnings: list[dict], *, now, run_id: int | None) -> list[int]:
    """Insert new warnings (dicts of attnames) and their history in one statement: ``raised``
    for each, then ``cleared`` (note ``late``) for one recorded already cleared (a late act
    no patrol saw open). Returns the new warnings' ids (the webhooks fan out by id)."""
    if not warnings:
        return []
    if not fast():
        created = [Warning(**row) for row in warnings]
        Warning.objects.bulk_create(created, batch_size=1000)
        events = []
        for warning in created:
            level = Level.RED if warning.cleared_at is not None else warning.level
            events.append(event_row(warning.pk, EventKind.RAISED, "", level, warning.due_at, now, run_id))
        for warning in created:
            if warning.cleared_at is not None:
                events.append(
                    event_row(
                        warning.pk,
                        EventKind.CLEARED,
                        Level.RED,
                        Level.RED,
                        warning.due_at,
                        now,
                        run_id,
                        "late",
                    )
                )
        insert(WarningEvent, events)
        return [warning.pk for warning in created]
    names = list(warnings[0])
    columns = _columns(Warning, names)
    source, values = _source(columns)
    quote = connection.ops.quote_name
    target = ", ".join(quote(column) for column, _t in columns)
    event_columns = ", ".join(
        quote(WarningEvent._meta.get_field(name).column)
        for name in (
            "warning",
            "kind",
            "level_from",
            "level_to",
            "due_at",
            "occurred_at",
            "run",
            "actor",
            "note",
        )
    )
    # The events in id order: every ``raised`` first (red for a breach recorded late), then
    # the ``cleared`` of the late ones.
    sql = (
        f"WITH ins AS (INSERT INTO {quote(Warning._meta.db_table)} ({target}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM {source} RETURNING id, level, due_at, cleared_at) "
        f"INSERT INTO {quote(WarningEvent._meta.db_table)} ({event_columns}) "
        "SELECT e.id, e.kind, e.level_from, e.level_to, e.due_at, %s, %s, NULL, e.note FROM ("
        "SELECT 1 AS step, id, %s AS kind, '' AS level_from, "
        "CASE WHEN cleared_at IS NULL THEN level ELSE %s END AS level_to, due_at, '' AS note FROM ins "
        "UNION ALL SELECT 2, id, %s, %s, %s, due_at, %s FROM ins WHERE cleared_at IS NOT NULL"
        ") e ORDER BY e.step, e.id "
        f"RETURNING {quote(WarningEvent._meta.get_field('warning').column)}, "
        f"{quote(WarningEvent._meta.get_field('kind').column)}"
    )
    ids: list[int] = []
    with connection.cursor() as cursor:
        for offset in range(0, len(warnings), BATCH):
            cursor.execute(
                sql,
                [
                    _document(warnings[offset : offset + BATCH], names),
                    now,
                    run_id,
                    EventKind.RAISED.value,
                    Level.RED.value,
                    EventKind.CLEARED.value,
                    Level.RED.value,
                    Level.RED.value,
                    "late",
                ],
            )
            ids.extend(warning_id for warning_id, kind in cursor.fetchall() if kind == EventKind.RAISED)
    return ids


def event_row(warning_id, kind, level_from, level_to, due_at, now, run_id, note: str = "") -> dict:
    return {
        "warning_id": warning_id,
        "kind": kind,
        "level_from": level_from or "",
        "level_to": level_to or "",
        "due_at": due_at,
        "occurred_at": now,
        "run_id": run_id,
        "note": note,
    }
