"""Two patrols at once never leave two open warnings for one fingerprint: the patrols of a
risk point take turns on its configuration row, and the partial unique index guarantees
it whatever else writes."""

import datetime
import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction

from alerts.models import RiskPoint, Warning, WarningEvent
from alerts.services import patrol_rule, patrol_run

from .factories import at, make_case

pytestmark = pytest.mark.needs_postgres


def run_together(*functions):
    barrier = threading.Barrier(len(functions))
    errors = []

    def wrap(function):
        try:
            barrier.wait()
            function()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=wrap, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_two_patrols_of_one_rule_at_once(transactional_world):
    world = transactional_world
    cases = [make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00")) for _ in range(25)]
    as_of = at("2026-11-23 02:00")

    def evaluate():
        with transaction.atomic():
            patrol_rule(
                rule_code="filing_review_overdue",
                run=None,
                as_of=as_of,
                late_since=as_of - datetime.timedelta(days=7),
            )

    assert run_together(evaluate, evaluate, evaluate) == []
    warnings = Warning.objects.filter(risk_point__code="filing_review_overdue")
    assert warnings.count() == len(cases)
    assert WarningEvent.objects.filter(warning__in=warnings).count() == len(cases)  # one "raised" each


def test_two_daily_patrols_at_once(transactional_world):
    world = transactional_world
    for unit, officer in ((world.s1, world.off_s1a), (world.s2, world.off_s2a)):
        for _ in range(10):
            make_case(unit, officer, accepted_at=at("2026-11-18 10:00"))
    as_of = at("2026-11-23 02:00")

    def first():
        patrol_run(business_date=datetime.date(2026, 11, 23), as_of=as_of, inline=True)

    def second():
        patrol_run(business_date=datetime.date(2026, 11, 22), as_of=as_of, inline=True)

    assert run_together(first, second) == []
    fingerprints = list(Warning.objects.filter(cleared_at__isnull=True).values_list("fingerprint", flat=True))
    assert len(fingerprints) == len(set(fingerprints)) == 40  # AJ01 + JQ05 for 20 cases


def test_the_database_refuses_a_second_open_warning(transactional_world):
    world = transactional_world
    config = RiskPoint.objects.get(code="filing_review_overdue")
    common = {
        "risk_point": config,
        "fingerprint": "filing_review_overdue:case:1",
        "element_type": "case",
        "element_id": 1,
        "unit": world.s1,
        "level": "blue",
        "peak_level": "blue",
    }
    Warning.objects.create(**common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Warning.objects.create(**common)
    Warning.objects.create(**common, cleared_at=at("2026-11-01 00:00"))  # history may repeat
    assert Warning.objects.filter(fingerprint=common["fingerprint"]).count() == 2
