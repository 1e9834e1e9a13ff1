from cases.choices import CaseKind, IncidentCategory

from ..factories import at, make_case, make_incident
from ..probe import RuleProbe


def test_fires_and_boundary(world):
    incident = make_incident(
        world.s1, category=IncidentCategory.ADMINISTRATIVE, received_at=at("2026-09-05 10:00")
    )
    probe = RuleProbe("admin_incident_not_registered")
    probe.assert_levels(
        incident, {"2026-09-05 12:00": None, "2026-09-05 23:00": "yellow", "2026-09-06 12:00": "red"}
    )
    probe.assert_due(incident, "2026-09-06 10:00")


def test_registered_does_not_fire(world):
    incident = make_incident(
        world.s1, category=IncidentCategory.ADMINISTRATIVE, received_at=at("2026-09-05 10:00")
    )
    make_case(world.s1, incident=incident, kind=CaseKind.ADMINISTRATIVE, accepted_at=at("2026-09-05 12:00"))
    assert RuleProbe("admin_incident_not_registered").level(incident, "2026-09-06 12:00") is None
