from cases.choices import DecidingOrgan, MeasureKind

from ..factories import at, make_measure
from ..probe import RuleProbe

CODE = "court_procur_measure_execution_24h"


def received(world, organ=DecidingOrgan.COURT, **fields):
    return make_measure(
        world.s1,
        kind=MeasureKind.BAIL,
        decided_by=organ,
        documents_received_at=at("2026-09-05 10:00"),
        started_at=at("2026-09-05 10:00"),
        **fields,
    )


def test_assignment_within_24_hours(world):
    measure = received(world, organ=DecidingOrgan.PROCURATORATE)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-05 21:59": None, "2026-09-05 22:00": "blue", "2026-09-06 06:00": "yellow"}
    )
    probe.assert_due(measure, "2026-09-06 10:00")


def test_assigned_in_time_never_red_late_cleared_police_ignored(world):
    assigned = received(world, assigned_at=at("2026-09-05 16:00"))
    late = received(world, assigned_at=at("2026-09-06 12:00"))
    police = received(world, organ=DecidingOrgan.POLICE)
    probe = RuleProbe(CODE)
    assert probe.level(assigned, "2026-09-07 00:00") is None
    assert probe.level(police, "2026-09-07 00:00") is None
    row = probe.row(late, at("2026-09-07 00:00"))
    assert row["level"] == "red" and row["late"]
