from cases.choices import CaseEventKind, DocumentDirection, DocumentKind
from cases.models import CaseEvent

from ..factories import at, make_case, make_document
from ..probe import RuleProbe

CODE = "supp_investigation_overdue"


def event(case, kind, when):
    return CaseEvent.objects.create(
        external_id=f"EV-{case.pk}-{kind}-{when}", unit=case.unit, case=case, kind=kind, occurred_at=at(when)
    )


def returned(world, *whens, **fields):
    defaults = {"filed_at": at("2026-01-05 10:00"), "transferred_for_prosecution_at": at("2026-02-02 10:00")}
    case = make_case(world.s1, world.off_s1a, **{**defaults, **fields})
    for when in whens:
        event(case, CaseEventKind.SUPPLEMENTARY_RETURNED, when)
    return case


def test_one_month_never_extended_for_holidays(world):
    case = returned(world, "2026-09-05 10:00")  # one month: 5 October, National Day, not extended
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case,
        {"2026-09-24 23:59": None, "2026-09-25 00:00": "blue", "2026-09-30 00:00": "yellow"},
    )
    probe.assert_due(case, "2026-10-05 24:00")
    assert "不因节假日顺延" in probe.explain(case, "2026-10-06 08:00")


def test_return_recorded_as_a_document(world):
    case = returned(world)
    make_document(
        world.s1,
        DocumentKind.SUPPLEMENTARY_RETURN,
        case=case,
        direction=DocumentDirection.RECEIVED,
        issued_at=at("2026-03-09 10:00"),
        received_at=at("2026-03-10 15:00"),
    )
    RuleProbe(CODE).assert_due(case, "2026-04-10 24:00")


def test_sent_back_in_time_never_fires(world):
    resubmitted = returned(world, "2026-03-02 10:00")
    event(resubmitted, CaseEventKind.SUPPLEMENTARY_RESUBMITTED, "2026-03-30 10:00")
    retransferred = returned(world, "2026-03-02 10:00")
    make_document(
        world.s1, DocumentKind.PROSECUTION_TRANSFER, case=retransferred, issued_at=at("2026-02-02 10:00")
    )
    make_document(
        world.s1, DocumentKind.PROSECUTION_TRANSFER, case=retransferred, issued_at=at("2026-03-25 10:00")
    )
    withdrawn = returned(world, "2026-03-02 10:00", withdrawn_at=at("2026-03-20 10:00"))
    never_returned = returned(world)
    probe = RuleProbe(CODE)
    for case in (resubmitted, retransferred, withdrawn, never_returned):
        assert probe.level(case, "2026-04-10 00:00") is None


def test_the_earlier_transfer_does_not_answer_the_return(world):
    case = returned(world, "2026-03-02 10:00")
    make_document(world.s1, DocumentKind.PROSECUTION_TRANSFER, case=case, issued_at=at("2026-02-02 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(case, "2026-04-03 00:01") == "red"  # due 2 April 24:00
    probe.assert_due(case, "2026-04-02 24:00")


def test_second_round_counts_from_the_second_return(world):
    case = returned(world, "2026-03-02 10:00", "2026-04-10 10:00")
    event(case, CaseEventKind.SUPPLEMENTARY_RESUBMITTED, "2026-03-25 10:00")
    # The same return recorded both ways is one round.
    make_document(world.s1, DocumentKind.SUPPLEMENTARY_RETURN, case=case, issued_at=at("2026-03-02 10:00"))
    make_document(world.s1, DocumentKind.SUPPLEMENTARY_RETURN, case=case, issued_at=at("2026-04-10 10:00"))
    RuleProbe(CODE).assert_due(case, "2026-05-10 24:00")  # a Sunday, in custody: not extended


def test_a_third_return_is_red_until_the_case_is_sent_back(world):
    case = returned(world, "2026-03-02 10:00", "2026-04-10 10:00", "2026-05-20 10:00")
    event(case, CaseEventKind.SUPPLEMENTARY_RESUBMITTED, "2026-03-25 10:00")
    event(case, CaseEventKind.SUPPLEMENTARY_RESUBMITTED, "2026-05-01 10:00")
    event(case, CaseEventKind.SUPPLEMENTARY_RESUBMITTED, "2026-06-01 10:00")
    probe = RuleProbe(CODE)
    assert probe.level(case, "2026-05-19 12:00") is None  # second round answered on 1 May
    row = probe.row(case, at("2026-05-20 10:01"))
    assert row["level"] == "red" and row["start_at"] == at("2026-05-20 10:00") and not row["late"]
    probe.assert_due(case, "2026-05-20 10:00", as_of="2026-05-21 00:00", boundary=False)
    assert "a third time" in probe.explain(case, "2026-05-21 00:00", language="en")
    assert probe.level(case, "2026-06-01 10:00") is None  # sent back
