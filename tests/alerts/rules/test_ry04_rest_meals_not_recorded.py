from cases.choices import MeasureKind

from ..factories import at, make_measure
from ..probe import RuleProbe

CODE = "rest_meals_not_recorded"


def summons(world, **fields):
    return make_measure(world.s1, kind=MeasureKind.CRIMINAL_SUMMONS, **fields)


def test_yellow_after_six_hours_without_an_entry_red_six_hours_later(world):
    measure = summons(world, started_at=at("2026-09-05 10:00"))
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure,
        {
            "2026-09-05 15:59": None,
            "2026-09-05 16:00": "yellow",
            "2026-09-05 22:00": "yellow",
            "2026-09-05 22:01": "red",
        },
    )
    probe.assert_due(measure, "2026-09-05 16:00", as_of="2026-09-05 16:30", boundary=False)
    assert "饮食" in probe.explain(measure, "2026-09-05 23:00")


def test_the_clock_runs_from_the_latest_entry(world):
    measure = summons(world, started_at=at("2026-09-05 10:00"), rest_meal_recorded_at=at("2026-09-05 14:00"))
    probe = RuleProbe(CODE)
    assert probe.level(measure, "2026-09-05 19:59") is None
    probe.assert_due(measure, "2026-09-05 20:00", as_of="2026-09-05 20:00", boundary=False)
    assert RuleProbe(CODE, params={"interval_hours": 4}).row(measure, at("2026-09-05 19:00"))["due_at"] == at(
        "2026-09-05 18:00"
    )


def test_questioning_that_ends_in_time_never_turns_red(world):
    short = summons(world, started_at=at("2026-09-05 10:00"), ended_at=at("2026-09-05 15:00"))
    long_without = summons(world, started_at=at("2026-09-05 10:00"), ended_at=at("2026-09-05 23:00"))
    detention = make_measure(world.s1, kind=MeasureKind.CRIMINAL_DETENTION, started_at=at("2026-09-05 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(short, "2026-09-06 10:00") is None
    assert probe.level(detention, "2026-09-06 10:00") is None
    row = probe.row(long_without, at("2026-09-06 10:00"))
    assert row["level"] == "red" and row["late"]
