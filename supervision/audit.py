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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

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


# ---------------------------------------------------------------------------------------
# Action codes → labels people can read. Each app registers a provider (a callable that
# returns ``{code: label}``) from its ``AppConfig.ready``; providers run on first use, once
# every app is loaded, so they may read models, the admin registry or choices. A code no
# provider knows is shown as the code itself: the trail must never hide an event.

ActionLabels = Mapping[str, "str | Promise"]
_providers: list[Callable[[], ActionLabels]] = []
_labels: dict[str, str | Promise] | None = None


def register_actions(provider: Callable[[], ActionLabels] | ActionLabels) -> None:
    """Register an app's action codes. ``provider`` is a mapping or a callable returning one."""
    global _labels
    _providers.append(provider if callable(provider) else (lambda mapping=dict(provider): mapping))
    _labels = None


def registered_actions() -> dict[str, str | Promise]:
    """Every registered code with its (lazy) label."""
    global _labels
    if _labels is None:
        merged: dict[str, str | Promise] = {}
        for provider in _providers:
            merged.update(provider())
        _labels = merged
    return _labels


def action_label(code: str) -> str:
    """The translated label of ``code``, or the code when nobody registered it."""
    label = registered_actions().get(code)
    return str(label) if label is not None else code


def action_choices() -> list[tuple[str, str]]:
    """(code, label) pairs in the active language, sorted by label for a filter's list."""
    return sorted(((code, str(label)) for code, label in registered_actions().items()), key=lambda c: c[1])


def entity_action_label(entity, verb) -> Promise:
    """“<entity>: <verb>” for codes generated from models or choices (admin edits, exports,
    workflow moves), so that a new model or move is labelled without a new string."""
    return format_lazy(pgettext_lazy("audit action", "{entity}: {verb}"), entity=entity, verb=verb)
