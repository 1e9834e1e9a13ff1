from cases.choices import AdminCaseType, AdminDecision, CaseKind

from ..factories import at, make_case
from ..probe import RuleProbe


def violation(world, act="2026-03-10 10:00", reported="2026-09-11 09:00", **fields):
    defaults = {
        "kind": CaseKind.ADMINISTRATIVE,
        "admin_type": AdminCaseType.PUBLIC_ORDER,
        "act_occurred_at": at(act),
        "reported_at": at(reported),
        "accepted_at": at(reported) if reported else at("2026-09-11 10:00"),
    }
    return make_case(world.s1, world.off_s1a, **{**defaults, **fields})


def test_public_order_violation_discovered_after_six_months(world):
    # Act on 10 March: the limitation ends 10 September 24:00; reported the next morning.
    open_case = violation(world)
    penalised = violation(world, decided_at=at("2026-09-20 10:00"), decision=AdminDecision.PENALTY)
    probe = RuleProbe("limitation_period_risk")
    probe.assert_due(open_case, "2026-09-10 24:00", as_of="2026-09-12 00:00", boundary=False)
    assert probe.level(open_case, "2026-09-12 00:00") == "yellow"
    assert probe.level(penalised, "2026-09-15 00:00") == "yellow"  # not yet decided then
    assert probe.level(penalised, "2026-09-21 00:00") == "red"
    assert "2026-09-11 09:00" in probe.explain(penalised, "2026-09-21 00:00")


def test_discovered_on_the_last_day_or_not_punished_does_not_fire(world):
    in_time = violation(world, reported="2026-09-10 23:00")
    not_punished = violation(world, decided_at=at("2026-09-20 10:00"), decision=AdminDecision.NO_PENALTY)
    probe = RuleProbe("limitation_period_risk")
    assert probe.level(in_time, "2026-09-21 00:00") is None
    assert probe.level(not_punished, "2026-09-21 00:00") is None


def test_continuing_act_counts_from_its_end_and_holidays_roll_over(world):
    # Ended 25 March: six months end on Friday 25 September (Mid-Autumn) → Monday 28 September.
    continuing = violation(
        world, act="2026-01-05 10:00", act_ended_at=at("2026-03-25 10:00"), reported="2026-09-29 09:00"
    )
    on_monday = violation(world, act="2026-03-25 10:00", reported="2026-09-28 16:00")
    probe = RuleProbe("limitation_period_risk")
    probe.assert_due(continuing, "2026-09-28 24:00", as_of="2026-09-30 00:00", boundary=False)
    assert probe.level(on_monday, "2026-09-30 00:00") is None


def test_other_violations_have_two_years(world):
    other = violation(
        world, act="2024-03-10 10:00", reported="2026-03-12 09:00", admin_type=AdminCaseType.OTHER_PENALTY
    )
    within = violation(
        world, act="2025-03-10 10:00", reported="2026-03-12 09:00", admin_type=AdminCaseType.OTHER_PENALTY
    )
    probe = RuleProbe("limitation_period_risk")
    probe.assert_due(other, "2026-03-10 24:00", as_of="2026-03-13 00:00", boundary=False)
    assert probe.level(within, "2026-03-13 00:00") is None


def test_the_law_in_force_at_the_act_sets_the_period(world):
    before = violation(world, act="2025-12-20 10:00", reported="2026-06-23 09:00")
    after = violation(world)
    probe = RuleProbe("limitation_period_risk", params={"public_order_months_2026": 12})
    # Acts of 2025 keep the old 6 months (20 June 2026 in the Dragon Boat holiday → 22 June).
    probe.assert_due(before, "2026-06-22 24:00", as_of="2026-06-24 00:00", boundary=False)
    assert probe.level(after, "2026-09-12 00:00") is None
