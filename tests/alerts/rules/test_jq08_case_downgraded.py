from cases.choices import CaseKind, IncidentCategory

from ..factories import at, make_case, make_incident
from ..probe import RuleProbe


def test_criminal_incident_with_only_an_administrative_case_is_red(world):
    incident = make_incident(world.s1, category=IncidentCategory.CRIMINAL, received_at=at("2026-09-05 10:00"))
    case = make_case(
        world.s1, incident=incident, kind=CaseKind.ADMINISTRATIVE, accepted_at=at("2026-09-05 12:00")
    )
    probe = RuleProbe("case_downgraded")
    probe.assert_due(incident, "2026-09-05 10:00")
    assert probe.row(incident, at("2026-09-06 02:00"))["case_id"] == case.pk


def test_criminal_case_present_does_not_fire(world):
    incident = make_incident(world.s1, category=IncidentCategory.CRIMINAL, received_at=at("2026-09-05 10:00"))
    make_case(world.s1, incident=incident, kind=CaseKind.ADMINISTRATIVE)
    make_case(world.s1, incident=incident, kind=CaseKind.CRIMINAL)
    administrative = make_incident(world.s1, category=IncidentCategory.ADMINISTRATIVE)
    make_case(world.s1, incident=administrative, kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe("case_downgraded")
    assert probe.level(incident, "2026-09-06 02:00") is None
    assert probe.level(administrative, "2026-09-06 02:00") is None
