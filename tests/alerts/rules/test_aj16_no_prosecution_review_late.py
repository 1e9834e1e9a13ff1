from cases.choices import CaseEventKind, DocumentDirection, DocumentKind
from cases.models import CaseEvent

from ..factories import at, make_case, make_document
from ..probe import RuleProbe

CODE = "no_prosecution_review_late"


def event(case, kind, when):
    return CaseEvent.objects.create(
        external_id=f"EV-{case.pk}-{kind}-{when}", unit=case.unit, case=case, kind=kind, occurred_at=at(when)
    )


def decided(world, received="2026-09-01 15:00", *, contested="2026-09-03 09:00"):
    case = make_case(world.s1, world.off_s1a, transferred_for_prosecution_at=at("2026-07-01 10:00"))
    decision(world, case, received)
    if contested:
        event(case, CaseEventKind.DECISION_CONTESTED, contested)
    return case


def decision(world, case, received):
    make_document(
        world.s1,
        DocumentKind.NON_PROSECUTION_DECISION,
        case=case,
        direction=DocumentDirection.RECEIVED,
        issued_at=at("2026-08-31 10:00"),
        received_at=at(received),
    )


def request(world, case, when, **fields):
    make_document(
        world.s1, DocumentKind.NON_PROSECUTION_RECONSIDERATION, case=case, issued_at=at(when), **fields
    )


def test_seven_days_from_receiving_the_decision(world):
    case = decided(world)  # Tuesday 1 Sept + 7 = Tuesday 8th
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case, {"2026-09-05 23:59": None, "2026-09-06 00:00": "blue", "2026-09-08 00:00": "yellow"}
    )
    probe.assert_due(case, "2026-09-08 24:00")
    holiday = decided(world, "2026-09-28 15:00", contested="2026-09-29 10:00")  # + 7 = 5 Oct → 8 Oct
    probe.assert_due(holiday, "2026-10-08 24:00")


def test_requested_in_time_or_not_contested_never_fires(world):
    requested = decided(world)
    request(world, requested, "2026-09-07 10:00", served_at=at("2026-09-08 10:00"))
    accepted = decided(world, contested=None)
    probe = RuleProbe(CODE)
    for case in (requested, accepted):
        assert probe.level(case, "2026-09-12 00:00") is None


def test_review_request_runs_from_the_reconsideration_decision(world):
    case = decided(world)
    request(world, case, "2026-09-05 10:00")
    decision(world, case, "2026-09-25 10:00")
    event(case, CaseEventKind.DECISION_CONTESTED, "2026-09-26 10:00")
    probe = RuleProbe(CODE)
    probe.assert_due(case, "2026-10-08 24:00")  # 2 Oct is National Day
    assert probe.level(case, "2026-10-09 00:01") == "red"
