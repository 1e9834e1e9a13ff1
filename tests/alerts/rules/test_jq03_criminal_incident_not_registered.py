from cases.choices import IncidentCategory, Jurisdiction

from ..factories import at, make_case, make_incident
from ..probe import RuleProbe


def test_fires_yellow_at_shift_end_red_at_24_hours(world):
    incident = make_incident(world.s1, category=IncidentCategory.CRIMINAL, received_at=at("2026-09-05 10:00"))
    probe = RuleProbe("criminal_incident_not_registered")
    probe.assert_levels(
        incident, {"2026-09-05 21:59": None, "2026-09-05 22:00": "yellow", "2026-09-06 10:01": "red"}
    )
    probe.assert_due(incident, "2026-09-06 10:00")


def test_case_accepted_from_the_incident_does_not_fire(world):
    incident = make_incident(world.s1, category=IncidentCategory.CRIMINAL, received_at=at("2026-09-05 10:00"))
    make_case(world.s1, incident=incident, accepted_at=at("2026-09-05 11:00"))
    assert RuleProbe("criminal_incident_not_registered").level(incident, "2026-09-07 00:00") is None


def test_case_accepted_late_is_a_late_breach(world):
    incident = make_incident(world.s1, category=IncidentCategory.CRIMINAL, received_at=at("2026-09-05 10:00"))
    make_case(world.s1, incident=incident, accepted_at=at("2026-09-06 15:00"))
    row = RuleProbe("criminal_incident_not_registered").row(incident, at("2026-09-07 02:00"))
    assert row["level"] == "red" and row["late"]


def test_other_jurisdictions_and_categories_are_not_watched(world):
    elsewhere = make_incident(
        world.s1, category=IncidentCategory.CRIMINAL, jurisdiction=Jurisdiction.OTHER_UNIT
    )
    dispute = make_incident(world.s1, category=IncidentCategory.DISPUTE)
    probe = RuleProbe("criminal_incident_not_registered")
    assert probe.level(elsewhere, "2026-09-07 00:00") is None
    assert probe.level(dispute, "2026-09-07 00:00") is None
