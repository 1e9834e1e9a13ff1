from cases.choices import DocumentKind, IncidentCategory

from ..factories import at, make_document, make_incident
from ..probe import RuleProbe


def decision(world, **fields):
    return make_document(
        world.s1, DocumentKind.ONSITE_PENALTY_DECISION, issued_at=at("2026-09-05 10:00"), **fields
    )


def test_fires_and_boundary_24_hours(world):
    doc = decision(world)
    probe = RuleProbe("onsite_penalty_not_filed")
    probe.assert_levels(
        doc, {"2026-09-06 01:59": None, "2026-09-06 02:00": "blue", "2026-09-06 08:00": "yellow"}
    )
    probe.assert_due(doc, "2026-09-06 10:00")


def test_traffic_police_have_two_days(world):
    traffic = make_incident(world.s1, category=IncidentCategory.TRAFFIC)
    doc = decision(world, incident=traffic)
    RuleProbe("onsite_penalty_not_filed").assert_due(doc, "2026-09-07 10:00")


def test_filed_does_not_fire(world):
    registered = decision(world, received_at=at("2026-09-05 18:00"))
    in_file = decision(world, in_file=True)
    probe = RuleProbe("onsite_penalty_not_filed")
    assert probe.level(registered, "2026-09-07 00:00") is None
    assert probe.level(in_file, "2026-09-07 00:00") is None
