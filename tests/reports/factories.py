"""Factories for the assessment tests: problems, reminders and negative-list hits."""

from __future__ import annotations

import itertools

from alerts.choices import ItemKind, Level, Sanction, WarningSource, WorkflowState
from alerts.models import NegativeListHit, NegativeListItem, RiskPoint, Warning
from tests.alerts.factories import at, make_case, make_document  # noqa: F401  (re-exported)

_seq = itertools.count(1)


def make_problem(
    unit, *, created: str, due: str | None = None, closed: str | None = None, **fields
) -> Warning:
    """A problem (执法问题) raised at ``created``, to rectify by ``due``, closed out at ``closed``."""
    n = next(_seq)
    created_at = at(created)
    defaults = {
        "source": WarningSource.SPOT_CHECK,
        "fingerprint": f"test-problem:{n}",
        "kind": ItemKind.PROBLEM,
        "unit": unit,
        "level": Level.RED,
        "peak_level": Level.RED,
        "raised_at": created_at,
        "created_at": created_at,
        "updated_at": created_at,
        "rectify_due_at": at(due) if due else None,
        "workflow_state": WorkflowState.CLOSED if closed else WorkflowState.NOTIFIED,
        "closed_at": at(closed) if closed else None,
        "element_label": f"问题{n}",
    }
    if closed:
        defaults["cleared_at"] = at(closed)
    return Warning.objects.create(**{**defaults, **fields})


def make_patrol_warning(unit, *, rule_code: str, raised: str, level: str = Level.RED, **fields) -> Warning:
    n = next(_seq)
    raised_at = at(raised)
    defaults = {
        "source": WarningSource.PATROL,
        "risk_point": RiskPoint.objects.get(code=rule_code),
        "fingerprint": f"{rule_code}:test:{n}",
        "unit": unit,
        "level": level,
        "peak_level": level,
        "raised_at": raised_at,
        "created_at": raised_at,
        "updated_at": raised_at,
        "element_label": f"要素{n}",
    }
    return Warning.objects.create(**{**defaults, **fields})


def make_item(number: int, weight) -> NegativeListItem:
    # The default list is seeded after migrate: take over its number with the test's weight.
    item, _ = NegativeListItem.objects.update_or_create(
        number=number, defaults={"title": f"负面清单{number}", "weight": weight}
    )
    return item


def make_hit(item, unit, *, decided: str, chief=None, officers=(), **fields) -> NegativeListHit:
    hit = NegativeListHit.objects.create(
        item=item, unit=unit, chief=chief, sanction=Sanction.WARNING, decided_on=at(decided).date(), **fields
    )
    if officers:
        hit.officers.set(officers)
    return hit
