"""Bulletin test data: problems and reminders written straight into the one
warning table (the way the workflow leaves them), at chosen times."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from alerts.choices import ItemKind, Level, WarningSource, WorkflowState
from alerts.models import Warning

_seq = itertools.count(1)

# A fixed past week (ISO 2026-W36): Monday 2026-08-31 … Sunday 2026-09-06.
MONDAY = datetime.date(2026, 8, 31)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def make_item(
    unit,
    *,
    created: datetime.datetime,
    kind: str = ItemKind.PROBLEM,
    level: str = Level.RED,
    rectify_due: datetime.datetime | None = None,
    closed: datetime.datetime | None = None,
    officer=None,
    case=None,
    regression_of=None,
    exempted: bool = False,
    label: str = "",
) -> Warning:
    n = next(_seq)
    return Warning.objects.create(
        source=WarningSource.MANUAL,
        fingerprint=f"test:{n}",
        element_label=label or f"问题{n}",
        unit=unit,
        officer=officer,
        case=case,
        level=level,
        peak_level=level,
        raised_at=created,
        created_at=created,
        updated_at=created,
        kind=kind,
        workflow_state=WorkflowState.CLOSED if closed else WorkflowState.NOTIFIED,
        rectify_due_at=rectify_due,
        closed_at=closed,
        cleared_at=closed,
        regression_of=regression_of,
        exempted=exempted,
    )


@pytest.fixture
def week_data(world):
    """At S1: two problems found in the week (one closed on time, one overdue at the
    cut-off), a repeat; at S2 one problem closed late; at S3 (branch B2) one overdue."""
    d = MONDAY
    first = make_item(world.s1, created=at(d), rectify_due=at(d + datetime.timedelta(2)), closed=at(d, 15))
    overdue = make_item(
        world.s1,
        created=at(d + datetime.timedelta(1)),
        rectify_due=at(d + datetime.timedelta(3)),
        officer=world.off_s1b,
        label="东街超期问题",
    )
    make_item(
        world.s1,
        created=at(d + datetime.timedelta(2)),
        regression_of=first,
        level=Level.YELLOW,
        rectify_due=at(d + datetime.timedelta(20)),
    )
    make_item(
        world.s2,
        created=at(d - datetime.timedelta(5)),
        rectify_due=at(d - datetime.timedelta(3)),
        closed=at(d + datetime.timedelta(1)),
    )
    make_item(world.s3, created=at(d), rectify_due=at(d + datetime.timedelta(1)), label="江滨超期问题")
    make_item(world.s1, created=at(d), kind=ItemKind.REMINDER, level=Level.BLUE)
    return {"overdue": overdue}
