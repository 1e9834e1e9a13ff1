from cases.choices import CaseEventKind, DocumentDirection, DocumentKind
from cases.models import CaseEvent

from ..factories import at, make_case, make_document
from ..probe import RuleProbe

CODE = "no_arrest_review_late"


def event(case, kind, when):
    return CaseEvent.objects.create(
        external_id=f"EV-{case.pk}-{kind}-{when}", unit=case.unit, case=case, kind=kind, occurred_at=at(when)
    )


def refused(world, received="2026-09-01 15:00", *, contested="2026-09-02 09:00", **fields):
    case = make_case(world.s1, world.off_s1a, filed_at=at("2026-08-20 10:00"), **fields)
    decision(world, case, received)
    if contested:
        event(case, CaseEventKind.DECISION_CONTESTED, contested)
    return case


def decision(world, case, received):
    make_document(
        world.s1,
        DocumentKind.NO_ARREST_DECISION,
        case=case,
        direction=DocumentDirection.RECEIVED,
        issued_at=at(received),
        is_favourable=False,
    )


def request(world, case, when):
    make_document(world.s1, DocumentKind.ARREST_RECONSIDERATION_REQUEST, case=case, issued_at=at(when))


def test_five_days_from_receiving_the_refusal(world):
    case = refused(world)  # Tuesday 1 Sept + 5 = Sunday 6th → Monday 7th
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case, {"2026-09-04 23:59": None, "2026-09-05 00:00": "blue", "2026-09-07 00:00": "yellow"}
    )
    probe.assert_due(case, "2026-09-07 24:00")


def test_review_runs_from_the_reconsideration_decision(world):
    case = refused(world)
    request(world, case, "2026-09-04 10:00")
    decision(world, case, "2026-09-20 10:00")  # the procuratorate keeps the refusal
    event(case, CaseEventKind.DECISION_CONTESTED, "2026-09-21 10:00")
    probe = RuleProbe(CODE)
    assert probe.level(case, "2026-09-19 00:00") is None  # first request in time
    probe.assert_due(case, "2026-09-28 24:00")  # 20 Sept + 5 = 25 Sept, Mid-Autumn Festival


def test_accepted_or_requested_in_time_never_fires(world):
    accepted = refused(world, contested=None)
    requested = refused(world)
    request(world, requested, "2026-09-06 10:00")
    contested_later = refused(
        world, contested="2026-11-02 10:00", transferred_for_prosecution_at=at("2026-10-20 10:00")
    )
    probe = RuleProbe(CODE)
    for case in (accepted, requested):
        assert probe.level(case, "2026-09-10 00:00") is None
    assert probe.level(contested_later, "2026-11-03 00:00") is None  # a later decision was contested


def test_a_late_request_shows_the_unit_contested(world):
    case = refused(world, contested=None)
    request(world, case, "2026-09-09 10:00")
    probe = RuleProbe(CODE)
    row = probe.row(case, at("2026-09-09 12:00"))
    assert row["level"] == "red" and row["late"]
