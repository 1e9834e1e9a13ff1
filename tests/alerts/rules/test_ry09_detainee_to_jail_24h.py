from cases.choices import MeasureKind

from ..factories import at, make_case, make_measure
from ..probe import RuleProbe

CODE = "detainee_to_jail_24h"


def detention(world, **fields):
    case = make_case(world.s1, world.off_s1a)
    return make_measure(
        world.s1, case=case, kind=MeasureKind.CRIMINAL_DETENTION, started_at=at("2026-09-30 15:20"), **fields
    )


def test_twenty_four_hours_on_a_holiday_too(world):
    measure = detention(world)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-10-01 03:19": None, "2026-10-01 03:20": "blue", "2026-10-01 11:20": "yellow"}
    )
    probe.assert_due(measure, "2026-10-01 15:20")  # National Day: custody never rolls over
    assert probe.row(measure, at("2026-10-01 16:00"))["officer_id"] == world.off_s1a.pk


def test_sent_or_released_in_time_never_red(world):
    sent = detention(world, sent_to_facility_at=at("2026-10-01 10:00"))
    released = detention(world, ended_at=at("2026-09-30 20:00"))
    late = detention(world, sent_to_facility_at=at("2026-10-01 16:00"))
    arrest = make_measure(world.s1, kind=MeasureKind.ARREST, started_at=at("2026-09-30 15:20"))
    probe = RuleProbe(CODE)
    for measure in (sent, released, arrest):
        assert probe.level(measure, "2026-10-02 00:00") is None
    row = probe.row(late, at("2026-10-02 00:00"))
    assert row["level"] == "red" and row["late"]
    assert probe.level(late, "2026-10-01 15:30") == "red"  # point in time: not yet sent then
