import datetime

from alerts.rules import registry
from alerts.rules.common import PUBLIC_ORDER_LAW_2012, PUBLIC_ORDER_LAW_2026
from cases.choices import AdminCaseType, CaseKind, DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe


def decision(world, admin_type=AdminCaseType.PUBLIC_ORDER, issued="2026-09-07 10:00", **fields):
    case = make_case(world.s1, world.off_s1a, kind=CaseKind.ADMINISTRATIVE, admin_type=admin_type)
    return make_document(world.s1, DocumentKind.PENALTY_DECISION, case=case, issued_at=at(issued), **fields)


def test_public_order_decision_two_days(world):
    doc = decision(world)
    probe = RuleProbe("penalty_decision_not_served")
    probe.assert_levels(
        doc, {"2026-09-07 23:59": None, "2026-09-08 00:00": "blue", "2026-09-09 00:00": "yellow"}
    )
    probe.assert_due(doc, "2026-09-09 24:00")
    row = probe.row(doc, at("2026-09-10 01:00"))
    assert row["case_id"] == doc.case_id and row["officer_id"] == world.off_s1a.pk


def test_other_penalty_seven_days_and_holiday_roll_over(world):
    other = decision(world, admin_type=AdminCaseType.OTHER_PENALTY)
    before_holiday = decision(world, issued="2026-09-23 16:00")
    probe = RuleProbe("penalty_decision_not_served")
    probe.assert_due(other, "2026-09-14 24:00")
    # 2 days end on Friday 25 September (Mid-Autumn, 25–27 off): due Monday 28 September.
    probe.assert_due(before_holiday, "2026-09-28 24:00")


def test_served_in_time_does_not_fire_late_service_is_a_breach(world):
    on_the_spot = decision(world, served_at=at("2026-09-07 10:00"))
    late = decision(world, served_at=at("2026-09-11 09:00"))
    unserved_with_reason = decision(world, service_impossible_reason="下落不明")
    probe = RuleProbe("penalty_decision_not_served")
    assert probe.level(on_the_spot, "2026-09-12 00:00") is None
    row = probe.row(late, at("2026-09-12 00:00"))
    assert row["level"] == "red" and row["late"]
    assert probe.level(unserved_with_reason, "2026-09-12 00:00") == "red"


def test_basis_follows_the_public_order_law_in_force():
    rule = registry["penalty_decision_not_served"]
    old = [b.law for b in rule.basis_for(datetime.date(2025, 12, 20))]
    new = [b.law for b in rule.basis_for(datetime.date(2026, 1, 5))]
    assert PUBLIC_ORDER_LAW_2012 in old and PUBLIC_ORDER_LAW_2026 not in old
    assert PUBLIC_ORDER_LAW_2026 in new and PUBLIC_ORDER_LAW_2012 not in new
