"""Indicator figures on the hand-built October 2026 (tests/reports/conftest.py), exactly.

S1 in October: problems w1–w4 raised (w5 exempted, w6 a reminder, w7/w8 raised in
September); due in October: w1 (on time), w2 (closed late), w3 (open), w8 (closed in
November) → on time 1 of 4; overdue at the cut-off: w3, w7, w8; w4 is a repeat of w1.
Cases: c1 filed in 2 days, c2 in 10 (standard tier: 3); c3 decided and lost in court,
c4 undecided; c5 decided in September (inside the 12-month litigation window).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from reports import indicators
from reports.indicators import Period
from reports.scheme import INDICATORS, default_definition

pytestmark = [pytest.mark.django_db]

OCT = Period(2026, 10)


def test_period_arithmetic():
    assert OCT.previous() == Period(2026, 9)
    assert Period(2026, 1).previous() == Period(2025, 12)
    assert Period(2026, 12).next() == Period(2027, 1)
    assert OCT.same_month_last_year().key == "2025-10"
    assert OCT.last_day.isoformat() == "2026-10-31"
    with pytest.raises(ValueError):
        Period.parse("2026-13")


def test_unit_inputs_exact(october, django_assert_max_num_queries):
    world = october.world
    veto = default_definition()["veto"]
    # One aggregate query per source table (+ units), whatever the data size.
    with django_assert_max_num_queries(7):
        figures = indicators.unit_inputs(OCT, veto)
    s1 = figures[world.s1.pk]
    assert s1["problems"] == 4
    assert s1["problems_exempted"] == 1
    assert s1["problems_due"] == 4
    assert s1["problems_on_time"] == 1
    assert s1["problems_late"] == 3
    assert s1["overdue"] == 3
    assert s1["repeat_problems"] == 1
    assert (s1["late_case"], s1["late_person"], s1["late_property"], s1["late_incident"]) == (1, 1, 1, 0)
    assert s1["cases_accepted"] == 4
    assert (s1["admin_accepted"], s1["admin_closed"], s1["admin_not_closed"]) == (2, 1, 1)
    assert (s1["arrest_decided"], s1["arrest_approved"], s1["arrest_refused"]) == (2, 1, 1)
    assert (s1["admin_decided_12m"], s1["litigation_lost"]) == (2, 1)
    assert (s1["filing_decided"], s1["filing_timely"], s1["filing_late"]) == (2, 1, 1)
    assert (s1["neg_hits"], s1["neg_points"]) == (2, 7.5)
    assert s1["veto_custody_overrun"] == 0
    s2 = figures[world.s2.pk]
    assert (s2["problems"], s2["problems_on_time"], s2["veto_custody_overrun"]) == (1, 1, 1)
    # The branch is its subtree's sum; the other branch and its station have nothing.
    b1 = figures[world.b1.pk]
    assert b1["problems"] == 5 and b1["cases_accepted"] == 5 and b1["veto_custody_overrun"] == 1
    assert figures[world.s3.pk]["problems"] == 0
    # Supervisory offices are not assessed as units; the city is the publisher.
    assert world.b1_legal_unit.pk not in figures and world.city.pk not in figures


def test_indicator_values(october):
    s1 = indicators.unit_inputs(OCT)[october.world.s1.pk]
    values = {key: ind.value(s1) for key, ind in INDICATORS.items()}
    assert values["problems_per_100_cases"] == Decimal("100")
    assert values["rectified_on_time_rate"] == Decimal("0.25")
    assert values["admin_closure_rate"] == Decimal("0.5")
    assert values["arrest_approval_rate"] == Decimal("0.5")
    assert values["litigation_loss_rate"] == Decimal("0.5")
    assert values["filing_timeliness_rate"] == Decimal("0.5")
    assert values["negative_list_points"] == Decimal("7.5")
    # Nothing to rate is "no figure", not zero.
    s3 = indicators.unit_inputs(OCT)[october.world.s3.pk]
    assert INDICATORS["admin_closure_rate"].value(s3) is None


def test_leader_inputs_take_the_unit_and_their_own_hits(october):
    world = october.world
    units = indicators.unit_inputs(OCT)
    leaders = indicators.leader_inputs(OCT, units)
    assert set(leaders) == {world.off_s1a.pk}
    mine = leaders[world.off_s1a.pk]
    assert mine["problems"] == units[world.s1.pk]["problems"]
    # Chief on one hit, named officer on the other: both count, once each.
    assert (mine["neg_hits"], mine["neg_points"]) == (2, 7.5)


@pytest.mark.parametrize(
    ("key", "labels"),
    [
        ("problems", {"w1", "w2", "w3", "w4"}),
        ("problems_late", {"w2", "w3", "w8"}),
        ("overdue", {"w3", "w7", "w8"}),
        ("repeat_problems", {"w4"}),
        ("late_person", {"w2"}),
    ],
)
def test_drill_down_lists_exactly_the_items_behind_the_figure(october, key, labels):
    world = october.world
    by_pk = {w.pk: name for name, w in october.problems.items()}
    _source, qs = indicators.drill_down(key, period=OCT, unit=world.s1)
    assert {by_pk[pk] for pk in qs.values_list("pk", flat=True)} == labels
    assert qs.count() == indicators.unit_inputs(OCT)[world.s1.pk][key]


def test_drill_down_cases_and_hits(october):
    world = october.world
    _source, qs = indicators.drill_down("filing_late", period=OCT, unit=world.s1)
    assert list(qs) == [october.cases["c2"]]
    _source, qs = indicators.drill_down("admin_not_closed", period=OCT, unit=world.s1)
    assert list(qs) == [october.cases["c4"]]
    source, qs = indicators.drill_down("neg_hits", period=OCT, unit=world.s1, officer=world.off_s1a)
    assert source == "hit" and qs.count() == 2
    # Scoped to the reader: S2's officer sees none of S1's items.
    _source, qs = indicators.drill_down("problems", period=OCT, unit=world.s1, fetched_by=world.officer_s2)
    assert qs.count() == 0
