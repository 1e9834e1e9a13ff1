from cases.choices import IncidentDisposal

from ..factories import at, make_incident
from ..probe import RuleProbe


def resolved(world, **fields):
    return make_incident(
        world.s1, disposal=IncidentDisposal.RESOLVED_ON_SCENE, disposed_at=at("2026-09-05 10:00"), **fields
    )


def test_fires_at_12_20_and_24_hours(world):
    incident = resolved(world)
    probe = RuleProbe("incident_result_not_recorded")
    probe.assert_levels(
        incident,
        {
            "2026-09-05 21:59": None,
            "2026-09-05 22:00": "blue",
            "2026-09-06 06:00": "yellow",
            "2026-09-06 10:01": "red",
        },
    )
    probe.assert_due(incident, "2026-09-06 10:00")


def test_result_recorded_does_not_fire(world):
    incident = resolved(world, result_recorded_at=at("2026-09-05 18:00"))
    assert RuleProbe("incident_result_not_recorded").level(incident, "2026-09-06 11:00") is None


def test_other_disposals_are_not_watched(world):
    incident = make_incident(world.s1, disposal=IncidentDisposal.PENDING, disposed_at=at("2026-09-05 10:00"))
    assert RuleProbe("incident_result_not_recorded").level(incident, "2026-09-07 00:00") is None
