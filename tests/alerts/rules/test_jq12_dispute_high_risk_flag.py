from ..factories import at, make_incident, make_person
from ..probe import RuleProbe


def test_flagged_party_is_red_until_the_call_back(world):
    incident = make_incident(world.s1, is_dispute=True, received_at=at("2026-09-05 10:00"))
    make_person(world.s1, incident=incident, is_drug_user=True)
    probe = RuleProbe("dispute_high_risk_flag")
    probe.assert_due(incident, "2026-09-05 10:00")
    incident.callback_at = at("2026-09-06 09:00")
    incident.save()
    assert probe.level(incident, "2026-09-07 00:00") is None


def test_threats_fire_and_plain_disputes_do_not(world):
    threat = make_incident(world.s1, is_dispute=True, has_threat=True, received_at=at("2026-09-05 10:00"))
    plain = make_incident(world.s1, is_dispute=True, received_at=at("2026-09-05 10:00"))
    make_person(world.s1, incident=plain)
    probe = RuleProbe("dispute_high_risk_flag")
    assert probe.level(threat, "2026-09-06 00:00") == "red"
    assert probe.level(plain, "2026-09-06 00:00") is None
    assert probe.level(threat, "2026-10-06 00:00") is None  # out of the 30-day window
