from ..factories import at, make_visit
from ..probe import RuleProbe

CODE = "decision_not_transferred"


def test_twenty_four_hours_after_the_custodial_decision(world):
    visit = make_visit(
        world.s1,
        entered_at=at("2026-09-30 10:00"),
        custodial_decision_at=at("2026-09-30 15:20"),
        checked_by=world.off_s1b,
    )
    probe = RuleProbe(CODE)
    probe.assert_levels(
        visit, {"2026-10-01 03:19": None, "2026-10-01 03:20": "blue", "2026-10-01 11:20": "yellow"}
    )
    probe.assert_due(visit, "2026-10-01 15:20")
    assert probe.row(visit, at("2026-10-01 16:00"))["officer_id"] == world.off_s1b.pk


def test_left_in_time_or_no_decision_never_red_late_cleared(world):
    left = make_visit(
        world.s1, custodial_decision_at=at("2026-09-30 15:20"), exited_at=at("2026-09-30 20:00")
    )
    no_decision = make_visit(world.s1, entered_at=at("2026-09-30 10:00"))
    late = make_visit(
        world.s1, custodial_decision_at=at("2026-09-30 15:20"), exited_at=at("2026-10-01 20:00")
    )
    probe = RuleProbe(CODE)
    assert probe.level(left, "2026-10-02 00:00") is None
    assert probe.level(no_decision, "2026-10-02 00:00") is None
    row = probe.row(late, at("2026-10-02 00:00"))
    assert row["level"] == "red" and row["late"]
