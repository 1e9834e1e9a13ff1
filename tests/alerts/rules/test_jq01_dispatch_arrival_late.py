from cases.choices import AreaType, IncidentCategory

from ..factories import at, make_incident
from ..probe import RuleProbe


def emergency(world, **fields):
    return make_incident(
        world.s1, is_emergency=True, received_at=at("2026-09-05 10:00:00"), officer=world.off_s1a, **fields
    )


def test_fires_blue_then_yellow_at_the_limit_then_red(world):
    incident = emergency(world, area_type=AreaType.URBAN)
    probe = RuleProbe("dispatch_arrival_late")
    probe.assert_levels(
        incident,
        {
            "2026-09-05 10:03:59": None,
            "2026-09-05 10:04": "blue",
            "2026-09-05 10:05": "yellow",
            "2026-09-05 10:06": "red",
        },
    )
    probe.assert_due(incident, "2026-09-05 10:05")


def test_limits_follow_the_area_and_the_parameters(world):
    suburban = emergency(world, area_type=AreaType.SUBURBAN)
    rural = emergency(world, area_type=AreaType.RURAL)
    probe = RuleProbe("dispatch_arrival_late")
    probe.assert_due(suburban, "2026-09-05 10:10")
    probe.assert_due(rural, "2026-09-05 10:30")
    local = RuleProbe("dispatch_arrival_late", params={"rural_minutes": 20})
    local.assert_due(rural, "2026-09-05 10:20")


def test_arrival_in_time_never_fires(world):
    incident = emergency(world, arrived_at=at("2026-09-05 10:04:30"))
    probe = RuleProbe("dispatch_arrival_late")
    assert probe.level(incident, "2026-09-05 10:04:00") == "blue"  # not there yet at that instant
    for moment in ("2026-09-05 10:04:30", "2026-09-05 10:06", "2026-09-06 02:00"):
        assert probe.level(incident, moment) is None


def test_late_arrival_is_red_and_marked_late(world):
    incident = emergency(world, arrived_at=at("2026-09-05 10:07"))
    row = RuleProbe("dispatch_arrival_late").row(incident, at("2026-09-06 02:00"))
    assert row["level"] == "red" and row["late"] and row["act_at"] == at("2026-09-05 10:07")


def test_not_an_emergency_or_a_false_alarm_does_not_fire(world):
    plain = make_incident(world.s1, is_emergency=False, received_at=at("2026-09-05 10:00"))
    nuisance = emergency(world, category=IncidentCategory.FALSE_ALARM)
    probe = RuleProbe("dispatch_arrival_late")
    assert probe.level(plain, "2026-09-06 02:00") is None
    assert probe.level(nuisance, "2026-09-06 02:00") is None
