"""Warnings of other sources (dispute follow-up lapses, later human findings) share the
table: upserted by fingerprint, compared before writing, cleared when no longer desired,
with the same history of condition changes."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from alerts.choices import ClearReason, EventKind, WarningSource
from alerts.models import Warning
from alerts.services import warning_source_sync

from .factories import at


def row(world, n: int, level: str = "red", **extra):
    return {
        "fingerprint": f"dispute:followup:{n}",
        "level": level,
        "due_at": at("2026-11-20 24:00"),
        "unit_id": world.s1.pk,
        "officer_id": world.off_s1a.pk,
        "element_type": "",
        "element_id": None,
        "element_label": f"JF{n}",
        "detail": {"dispute": n},
        **extra,
    }


def sync(rows, scope=None):
    return warning_source_sync(
        source=WarningSource.DISPUTE,
        desired=rows,
        scope=scope or Q(fingerprint__startswith="dispute:followup:"),
    )


def test_sync_creates_then_writes_nothing_then_changes_and_clears(world):
    assert sync([row(world, 1), row(world, 2, "yellow")])["new"] == 2
    with CaptureQueriesContext(connection) as captured:
        counts = sync([row(world, 1), row(world, 2, "yellow")])
    assert counts["unchanged"] == 2
    assert not [q for q in captured.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    counts = sync([row(world, 2, "red")])
    assert (counts["escalated"], counts["resolved"]) == (1, 1)
    first = Warning.objects.get(fingerprint="dispute:followup:1")
    assert first.cleared_at is not None and first.clear_reason == ClearReason.CONDITION_CLEARED
    assert first.element_id is None and first.source == "dispute"
    second = Warning.objects.get(fingerprint="dispute:followup:2")
    assert list(second.events.values_list("kind", flat=True)) == [EventKind.RAISED, EventKind.ESCALATED]
    assert sync([row(world, 1), row(world, 2, "red")])["new"] == 1  # the first is reopened
    assert Warning.objects.get(fingerprint="dispute:followup:1").events.last().kind == EventKind.REOPENED


def test_a_narrow_sync_never_clears_outside_its_scope(world):
    sync([row(world, 1), row(world, 2)])
    sync([], scope=Q(fingerprint__in=["dispute:followup:1"]))
    assert Warning.objects.get(fingerprint="dispute:followup:1").cleared_at is not None
    assert Warning.objects.get(fingerprint="dispute:followup:2").cleared_at is None


@pytest.mark.parametrize("user", ["officer_s1", "officer_s2"])
def test_dispute_warnings_are_scoped_like_any_other(world, client_as, user):
    sync([row(world, 7)])
    warning = Warning.objects.get()
    status = client_as(getattr(world, user)).get(f"/warnings/{warning.pk}/").status_code
    assert status == (200 if user == "officer_s1" else 404)
