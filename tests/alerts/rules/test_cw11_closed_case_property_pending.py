from cases.choices import AdminDecision, CaseKind, CaseStatus, DocumentKind, SeizureKind

from ..factories import at, make_case, make_document, make_property
from ..probe import RuleProbe


def decided_case(world, **fields):
    defaults = {
        "kind": CaseKind.ADMINISTRATIVE,
        "status": CaseStatus.CLOSED,
        "decided_at": at("2026-03-02 10:00"),
        "decision": AdminDecision.NO_PENALTY,
        "closed_at": at("2026-03-02 10:00"),
    }
    return make_case(world.s1, world.off_s1a, **{**defaults, **fields})


def held(world, case, **fields):
    defaults = {
        "seizure_kind": SeizureKind.ADMIN_SEIZURE,
        "seized_at": at("2026-02-20 10:00"),
        "stored_at": at("2026-02-20 18:00"),
        "case": case,
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_ninety_days_after_the_decision(world):
    item = held(world, decided_case(world))
    probe = RuleProbe("closed_case_property_pending")
    # 31 May 2026 is a Sunday: rolls over to Monday 1 June.
    probe.assert_levels(
        item, {"2026-04-02 23:59": None, "2026-04-03 00:00": "blue", "2026-05-03 00:00": "yellow"}
    )
    probe.assert_due(item, "2026-06-01 24:00")
    assert probe.row(item, at("2026-06-05 00:00"))["officer_id"] == world.off_s1a.pk


def test_withdrawal_and_non_prosecution_end_a_criminal_case(world):
    withdrawn = held(world, make_case(world.s1, world.off_s1a, withdrawn_at=at("2026-03-02 10:00")))
    case = make_case(world.s1, world.off_s1a)
    make_document(
        world.s1, DocumentKind.NON_PROSECUTION_DECISION, case=case, issued_at=at("2026-03-02 10:00")
    )
    not_prosecuted = held(world, case)
    probe = RuleProbe("closed_case_property_pending")
    for item in (withdrawn, not_prosecuted):
        probe.assert_due(item, "2026-06-01 24:00")


def test_the_period_is_a_parameter(world):
    item = held(world, decided_case(world))
    RuleProbe("closed_case_property_pending", params={"days": 30}).assert_due(item, "2026-04-01 24:00")


def test_disposed_in_time_or_case_open_does_not_fire(world):
    returned = held(
        world, decided_case(world), returned_at=at("2026-04-01 10:00"), disposed_at=at("2026-04-01 10:00")
    )
    open_case = held(world, make_case(world.s1, world.off_s1a))
    probe = RuleProbe("closed_case_property_pending")
    for item in (returned, open_case):
        assert probe.level(item, "2026-06-10 00:00") is None
