from cases.choices import DocumentDirection, DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe

CODE = "procuratorate_explain_late"


def requested(world, received="2026-09-01 15:00", **fields):
    case = make_case(world.s1, world.off_s1a, declined_at=at("2026-08-10 10:00"), **fields)
    make_document(
        world.s1,
        DocumentKind.PROCURATORATE_EXPLAIN_REQUEST,
        case=case,
        direction=DocumentDirection.RECEIVED,
        issued_at=at("2026-08-31 10:00"),
        received_at=at(received),
    )
    return case


def test_seven_days_from_receiving_the_request(world):
    case = requested(world)  # received Tuesday 1 Sept: last day Tuesday 8 Sept
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case,
        {"2026-09-05 23:59": None, "2026-09-06 00:00": "blue", "2026-09-08 00:00": "yellow"},
    )
    probe.assert_due(case, "2026-09-08 24:00")
    saturday = requested(world, "2026-09-05 09:00")  # last day Saturday 12th → Monday 14th
    probe.assert_due(saturday, "2026-09-14 24:00")


def test_explained_or_filed_in_time_never_fires(world):
    explained = requested(world)
    make_document(
        world.s1, DocumentKind.NO_FILING_EXPLANATION, case=explained, issued_at=at("2026-09-07 10:00")
    )
    filed = requested(world, filed_at=at("2026-09-04 10:00"))
    probe = RuleProbe(CODE)
    for case in (explained, filed):
        assert probe.level(case, "2026-09-12 00:00") is None
    assert probe.level(make_case(world.s1, declined_at=at("2026-08-10 10:00")), "2026-09-12 00:00") is None


def test_an_explanation_before_the_request_does_not_answer_it(world):
    case = requested(world)
    make_document(world.s1, DocumentKind.NO_FILING_EXPLANATION, case=case, issued_at=at("2026-08-20 10:00"))
    assert RuleProbe(CODE).level(case, "2026-09-09 00:01") == "red"
