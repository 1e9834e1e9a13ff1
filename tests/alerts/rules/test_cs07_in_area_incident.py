from cases.choices import VenueIncidentKind

from ..factories import at, make_visit
from ..probe import RuleProbe

CODE = "in_area_incident"


def test_unreported_incident_red_after_an_hour(world):
    visit = make_visit(world.s1, incident_kind=VenueIncidentKind.INJURY, incident_at=at("2026-09-05 12:00"))
    probe = RuleProbe(CODE)
    assert probe.level(visit, "2026-09-05 12:59") is None  # red only
    probe.assert_due(visit, "2026-09-05 13:00")


def test_reported_in_time_never_red_late_cleared_no_incident_ignored(world):
    reported = make_visit(
        world.s1,
        incident_kind=VenueIncidentKind.SELF_HARM,
        incident_at=at("2026-09-05 12:00"),
        incident_reported_at=at("2026-09-05 12:20"),
    )
    late = make_visit(
        world.s1,
        incident_kind=VenueIncidentKind.ESCAPE,
        incident_at=at("2026-09-05 12:00"),
        incident_reported_at=at("2026-09-05 15:00"),
    )
    quiet = make_visit(world.s1)
    probe = RuleProbe(CODE)
    assert probe.level(reported, "2026-09-06 00:00") is None
    assert probe.level(quiet, "2026-09-06 00:00") is None
    row = probe.row(late, at("2026-09-06 00:00"))
    assert row["level"] == "red" and row["late"]
