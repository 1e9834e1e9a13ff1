"""Many-row writes of the patrol in one statement each (PostgreSQL), with the ORM as the fallback.

The first patrol of a city writes tens of thousands of warnings and events. Through Django's
``bulk_create`` / ``bulk_update`` each row costs a model instance and a per-field preparation
(~0.25 ms a row, most of the patrol's time), and ``bulk_update`` compares every row's id in a
``CASE`` per column (quadratic in the batch). On PostgreSQL the rows travel instead as one
array per column and are written by ``INSERT … SELECT … FROM unnest(…)`` and
``UPDATE … FROM unnest(…)``: one statement per batch, ordinary ``cursor.execute`` (so the
writes are seen by query capture, errors are Django's, and everything stays in the chunk's
transaction). Other databases (the embedded SQLite demo) take the ORM path; both write the
same rows.

Only code-defined column names reach the SQL text; every value is a parameter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection
from django.db.models import JSONField, Model

from .choices import EventKind, Level
from .models import Warning, WarningEvent

BATCH = 5000


def fast() -> bool:
    return connection.vendor == "postgresql"


def _columns(model: type[Model], names: Iterable[str]) -> list[tuple[str, str, bool]]:
    """(column, array type, is JSON) of each field name or attname."""
    result = []
    for name in names:
        field = model._meta.get_field(name)
        if field.is_relation:
            db_type = field.target_field.rel_db_type(connection)
        else:
            db_type = field.db_type(connection)
        is_json = isinstance(field, JSONField)
        result.append((field.column, "text" if is_json else db_type, is_json))
    return result


def _value(value, is_json: bool):
    if is_json:
        return None if value is None else json.dumps(value)
    if isinstance(value, Model):  # a related object given for its id
        return value.pk
    return value


def _arrays(rows: list[dict], names: list[str], columns) -> list[list]:
    flags = [is_json for _column, _type, is_json in columns]
    return [[_value(row[name], is_json) for row in rows] for name, is_json in zip(names, flags, strict=True)]


def _unnest(columns) -> tuple[str, list[str]]:
    """``unnest(%s::type[], …) AS u(c0, …)`` and the expression of each column (JSON cast back)."""
    args = ", ".join(f"%s::{db_type}[]" for _column, db_type, _j in columns)
    names = ", ".join(f"c{i}" for i in range(len(columns)))
    values = [f"u.c{i}::jsonb" if is_json else f"u.c{i}" for i, (_c, _t, is_json) in enumerate(columns)]
    return f"unnest({args}) AS u({names})", values


def insert(model: type[Model], rows: list[dict]) -> None:
    """Insert ``rows`` (dicts of field names or attnames, all with the same keys)."""
    if not rows:
        return
    if not fast():
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)
        return
    names = list(rows[0])
    columns = _columns(model, names)
    source, values = _unnest(columns)
    target = ", ".join(connection.ops.quote_name(column) for column, _t, _j in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({target}) SELECT {', '.join(values)} FROM {source}"  # noqa: S608
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), BATCH):
            cursor.execute(sql, _arrays(rows[offset : offset + BATCH], names, columns))


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
        source, expressions = _unnest(columns)
        assignments = ", ".join(
            f"{connection.ops.quote_name(column)} = {expression}"
            for (column, _t, _j), expression in zip(columns[1:], expressions[1:], strict=True)
        )
        table = connection.ops.quote_name(model._meta.db_table)
        pk_column = connection.ops.quote_name(columns[0][0])
        sql = f"UPDATE {table} SET {assignments} FROM {source} WHERE {table}.{pk_column} = u.c0"  # noqa: S608
        rows = [{pk_name: pk, **values} for pk, values in group]
        with connection.cursor() as cursor:
            for offset in range(0, len(rows), BATCH):
                cursor.execute(sql, _arrays(rows[offset : offset + BATCH], [pk_name, *names], columns))


def create_warnings(warnings: list[dict], *, now, run_id: int | None) -> None:
    """Insert new warnings (dicts of attnames) and their history in one statement: ``raised``
    for each, then ``cleared`` (note ``late``) for one recorded already cleared (a late act
    no patrol saw open)."""
    if not warnings:
        return
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
        return
    names = list(warnings[0])
    columns = _columns(Warning, names)
    source, values = _unnest(columns)
    quote = connection.ops.quote_name
    target = ", ".join(quote(column) for column, _t, _j in columns)
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
        ") e ORDER BY e.step, e.id"
    )
    with connection.cursor() as cursor:
        for offset in range(0, len(warnings), BATCH):
            arrays = _arrays(warnings[offset : offset + BATCH], names, columns)
            cursor.execute(
                sql,
                [
                    *arrays,
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
