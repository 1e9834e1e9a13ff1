from cases.choices import DocumentKind, IncidentCategory, Jurisdiction

from ..factories import at, make_document, make_incident
from ..probe import RuleProbe


def closed(world, **fields):
    return make_incident(
        world.s1,
        jurisdiction=Jurisdiction.NON_POLICE,
        category=IncidentCategory.NON_POLICE,
        disposed_at=at("2026-09-05 11:00"),
        **fields,
    )


def test_red_when_closed_without_telling_the_reporter(world):
    incident = closed(world)
    RuleProbe("non_police_matter_not_told").assert_due(incident, "2026-09-05 11:00")


def test_oral_or_written_notice_does_not_fire(world):
    oral = closed(world, reporter_told_at=at("2026-09-05 10:30"))
    written = closed(world)
    make_document(
        world.s1, DocumentKind.NON_POLICE_NOTICE, incident=written, issued_at=at("2026-09-05 10:40")
    )
    still_open = make_incident(world.s1, jurisdiction=Jurisdiction.NON_POLICE)
    probe = RuleProbe("non_police_matter_not_told")
    for incident in (oral, written, still_open):
        assert probe.level(incident, "2026-09-06 02:00") is None
