from ..factories import at, make_visit
from ..probe import RuleProbe

CODE = "release_delayed"


def test_yellow_after_one_hour_red_after_two(world):
    visit = make_visit(
        world.s1, entered_at=at("2026-09-05 10:00"), release_decision_at=at("2026-09-05 14:00")
    )
    probe = RuleProbe(CODE)
    probe.assert_levels(visit, {"2026-09-05 14:59": None, "2026-09-05 15:00": "yellow"})
    probe.assert_due(visit, "2026-09-05 16:00")
    RuleProbe(CODE, params={"release_hours": 4}).assert_due(visit, "2026-09-05 18:00")


def test_let_go_in_time_never_red_late_cleared_custodial_after_ignored(world):
    left = make_visit(world.s1, release_decision_at=at("2026-09-05 14:00"), exited_at=at("2026-09-05 14:30"))
    late = make_visit(world.s1, release_decision_at=at("2026-09-05 14:00"), exited_at=at("2026-09-05 18:00"))
    custodial = make_visit(
        world.s1, release_decision_at=at("2026-09-05 14:00"), custodial_decision_at=at("2026-09-05 14:30")
    )
    probe = RuleProbe(CODE)
    assert probe.level(left, "2026-09-06 00:00") is None
    assert probe.level(custodial, "2026-09-06 00:00") is None
    row = probe.row(late, at("2026-09-06 00:00"))
    assert row["level"] == "red" and row["late"]
