"""Who did what, from where: the context every audited write reads, and the writer.

The context (actor, source, address) is set once per request by
``AuditContextMiddleware``, per API call by the base viewset, and per job by the task
wrapper; services pass the actor explicitly and the rest comes from here.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models

from .choices import AuditSource


@dataclass(frozen=True)
class AuditContext:
    source: str = AuditSource.SYSTEM
    remote_addr: str | None = None


# AuditContext is a frozen dataclass, so sharing one default instance is safe.
_DEFAULT = AuditContext()
_context: contextvars.ContextVar[AuditContext] = contextvars.ContextVar("audit_context", default=_DEFAULT)


def current_context() -> AuditContext:
    return _context.get()


@contextmanager
def audit_context(*, source: str, remote_addr: str | None = None) -> Iterator[AuditContext]:
    ctx = AuditContext(source=source, remote_addr=remote_addr)
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)


def set_audit_source(source: str) -> None:
    """Change the source for the rest of this request (DRF views mark themselves as API)."""
    ctx = _context.get()
    _context.set(AuditContext(source=source, remote_addr=ctx.remote_addr))


def _jsonable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The concrete field values of ``instance`` as JSON-ready data (FKs by id)."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def diff(before: dict, after: dict) -> dict:
    """``{field: [before, after]}`` for every field whose value changed."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}
