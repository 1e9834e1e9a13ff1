"""The demo city opens with warnings of all three colours, routed to the demo stations."""

import pytest
from django.apps import apps
from django.db import models

from alerts.models import Warning
from supervision.models import JobRun

pytestmark = pytest.mark.django_db


def test_demo_seed_shows_every_colour():
    from supervision.demo import seed as seed_city

    seed_city(scale="small")
    counts = apps.get_app_config("alerts").seed_demo(scale="small", stdout=None)
    assert counts["new"] > 0
    open_warnings = Warning.objects.open()
    assert set(open_warnings.values_list("level", flat=True)) == {"blue", "yellow", "red"}
    assert {"350102510000", "350102520000", "350103510000"} <= set(
        open_warnings.values_list("unit__code", flat=True)
    )
    assert set(open_warnings.values_list("risk_point__code", flat=True)) >= {
        "property_not_stored_24h",
        "area_overstay",
        "incident_result_not_recorded",
        "arrest_request_deadline",
        "zhian_case_overdue",
        "record_signature_missing",
    }
    assert JobRun.objects.get(kind="patrol").status == "succeeded"
    # Seeding again (the cases demo present) adds nothing and the patrol writes nothing new.
    again = apps.get_app_config("alerts").seed_demo(scale="small", stdout=None)
    assert again["new"] == 0


def test_demo_on_the_cases_demo_shows_every_colour_at_the_demo_station():
    from supervision.demo import seed as seed_city

    seed_city(scale="small")
    apps.get_app_config("cases").seed_demo(scale="small", stdout=None)
    apps.get_app_config("alerts").seed_demo(scale="small", stdout=None)
    assert not Warning.objects.filter(element_label__startswith="DEMO-ALERTS").exists()  # no fallback
    at_dongjie = Warning.objects.open().filter(unit__code="350102510000")
    assert set(at_dongjie.values_list("level", flat=True)) == {"blue", "yellow", "red"}
    # The property scenarios reach the custodian-registration and inspectorate-filing rules.
    for code in ("offsite_property_not_registered", "property_custody_filing_24h"):
        levels = set(Warning.objects.open().filter(risk_point__code=code).values_list("level", flat=True))
        assert levels == {"blue", "yellow", "red"}, code


def test_demo_patrol_warnings_are_dated_when_their_level_was_reached():
    """The dashboard's twelve-week trend has a history: each demo patrol warning carries the
    moment its condition reached a level (never in the future, never before its period)."""
    import datetime

    from django.utils import timezone

    from supervision.demo import seed as seed_city

    seed_city(scale="small")
    apps.get_app_config("cases").seed_demo(scale="small", stdout=None)
    apps.get_app_config("alerts").seed_demo(scale="small", stdout=None)
    now = timezone.now()
    patrol = Warning.objects.filter(source="patrol")
    assert patrol.exists()
    assert not patrol.filter(created_at__gt=now).exists()
    assert not patrol.filter(level_changed_at__lt=models.F("raised_at")).exists()
    assert not patrol.filter(start_at__isnull=False, raised_at__lt=models.F("start_at")).exists()
    # Spread over past weeks, not all on the seeding day.
    weeks = {
        timezone.localdate(at).isocalendar()[:2]
        for at in patrol.filter(created_at__gte=now - datetime.timedelta(weeks=12)).values_list(
            "created_at", flat=True
        )
    }
    assert len(weeks) >= 6
    # A red item reached red at its due time (plus the grace), which has passed.
    red = patrol.filter(level="red", due_at__isnull=False).first()
    assert red.level_changed_at >= red.due_at and red.level_changed_at <= now


def test_level_reached_follows_the_thresholds():
    import datetime

    from alerts.demo import level_reached_at

    due = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)
    now = due + datetime.timedelta(days=10)
    start = due - datetime.timedelta(days=30)
    thresholds = {
        "*": {"blue": 3 * 1440, "yellow": 1440, "red": 60},
        "30d": {"blue": 5 * 1440, "yellow": None, "red": 0},
    }
    red = Warning(level="red", due_at=due, start_at=start, detail={})
    assert level_reached_at(red, thresholds, now=now) == (
        due - datetime.timedelta(days=3),
        due + datetime.timedelta(hours=1),
    )
    yellow = Warning(level="yellow", due_at=due, start_at=start, detail={})
    assert level_reached_at(yellow, thresholds, now=now)[1] == due - datetime.timedelta(days=1)
    # The band of the warning's period length wins over "*".
    thirty = Warning(
        level="red", due_at=due, start_at=start, detail={"limit_value": 30, "limit_unit": "days"}
    )
    assert level_reached_at(thirty, thresholds, now=now) == (due - datetime.timedelta(days=5), due)
    # Never before the period started, never after now.
    short = Warning(level="blue", due_at=due, start_at=due - datetime.timedelta(days=1), detail={})
    assert level_reached_at(short, thresholds, now=now)[0] == due - datetime.timedelta(days=1)
    early = Warning(level="red", due_at=now, start_at=start, detail={})
    assert level_reached_at(early, thresholds, now=now)[1] == now
