from cases.choices import DocumentDirection, DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe

CODE = "procuratorate_order_file_late"


def ordered(world, received="2026-09-01 15:00", **fields):
    case = make_case(world.s1, world.off_s1a, declined_at=at("2026-08-10 10:00"), **fields)
    make_document(
        world.s1,
        DocumentKind.PROCURATORATE_FILING_ORDER,
        case=case,
        direction=DocumentDirection.RECEIVED,
        issued_at=at(received),  # no received time recorded: its date counts
    )
    return case


def test_fifteen_days_from_the_notice(world):
    case = ordered(world)  # Tuesday 1 Sept + 15 = Wednesday 16 Sept
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case,
        {"2026-09-10 23:59": None, "2026-09-11 00:00": "blue", "2026-09-15 00:00": "yellow"},
    )
    probe.assert_due(case, "2026-09-16 24:00")
    holiday = ordered(world, "2026-09-20 10:00")  # + 15 = 5 Oct, National Day → 8 Oct
    probe.assert_due(holiday, "2026-10-08 24:00")


def test_filed_in_time_never_fires(world):
    filed = ordered(world, filed_at=at("2026-09-16 23:00"))
    probe = RuleProbe(CODE)
    assert probe.level(filed, "2026-09-20 00:00") is None
    late = ordered(world, filed_at=at("2026-09-18 09:00"))
    row = probe.row(late, at("2026-09-18 10:00"))
    assert row["level"] == "red" and row["late"]
