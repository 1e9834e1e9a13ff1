from cases.choices import IncidentDisposal

from ..factories import at, make_incident
from ..probe import RuleProbe


def handled(world, **fields):
    return make_incident(
        world.s1,
        caller_phone="13900000000",
        disposal=IncidentDisposal.RESOLVED_ON_SCENE,
        disposed_at=at("2026-09-07 10:00"),
        **fields,
    )


def test_three_days_start_day_not_counted(world):
    incident = handled(world)
    probe = RuleProbe("callback_not_done")
    probe.assert_levels(
        incident, {"2026-09-08 23:59": None, "2026-09-09 00:00": "blue", "2026-09-10 00:00": "yellow"}
    )
    probe.assert_due(incident, "2026-09-10 24:00")


def test_call_back_in_time_does_not_fire(world):
    incident = handled(world, callback_at=at("2026-09-09 15:00"))
    no_phone = make_incident(
        world.s1, disposal=IncidentDisposal.RESOLVED_ON_SCENE, disposed_at=at("2026-09-07 10:00")
    )
    probe = RuleProbe("callback_not_done")
    assert probe.level(incident, "2026-09-12 00:00") is None
    assert probe.level(no_phone, "2026-09-12 00:00") is None
