from cases.choices import MeasureKind

from ..factories import at, make_measure
from ..probe import RuleProbe

CODE = "continued_questioning_no_bedding"


def questioning(world, **fields):
    return make_measure(
        world.s1, kind=MeasureKind.CONTINUED_QUESTIONING, started_at=at("2026-09-05 20:00"), **fields
    )


def test_twelve_hours_without_bedding(world):
    measure = questioning(world)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-06 05:59": None, "2026-09-06 06:00": "blue", "2026-09-06 07:00": "yellow"}
    )
    probe.assert_due(measure, "2026-09-06 08:00")


def test_a_rest_entry_near_the_twelfth_hour_counts_an_early_one_does_not(world):
    bedding = questioning(world, rest_meal_recorded_at=at("2026-09-06 06:00"))
    early = questioning(world, rest_meal_recorded_at=at("2026-09-06 01:00"))
    probe = RuleProbe(CODE)
    assert probe.level(bedding, "2026-09-06 12:00") is None
    assert probe.level(early, "2026-09-06 08:01") == "red"
    assert RuleProbe(CODE, params={"rest_entry_lead_hours": 8}).level(early, "2026-09-06 08:01") is None


def test_let_go_within_twelve_hours_never_red(world):
    released = questioning(world, ended_at=at("2026-09-06 07:00"))
    kept = questioning(world, ended_at=at("2026-09-06 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(released, "2026-09-07 00:00") is None
    assert probe.row(kept, at("2026-09-07 00:00"))["late"]
