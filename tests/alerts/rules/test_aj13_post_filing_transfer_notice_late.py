from cases.choices import CaseSource, DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe

CODE = "post_filing_transfer_notice_late"


def transferred(world, **fields):
    defaults = {"filed_at": at("2026-08-03 10:00"), "transferred_out_at": at("2026-09-02 10:00")}
    return make_case(world.s1, world.off_s1a, **{**defaults, **fields})


def test_three_days_after_the_transfer(world):
    case = transferred(world)  # Wednesday 2 Sept: last day Saturday 5th → Monday 7th
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case, {"2026-09-05 23:59": None, "2026-09-06 00:00": "blue", "2026-09-07 00:00": "yellow"}
    )
    probe.assert_due(case, "2026-09-07 24:00")


def test_notified_in_time_or_not_applicable_never_fires(world):
    notified = transferred(world)
    make_document(
        world.s1,
        DocumentKind.JURISDICTION_TRANSFER_NOTICE,
        case=notified,
        issued_at=at("2026-09-02 10:00"),
        served_at=at("2026-09-04 10:00"),
    )
    before_filing = transferred(world, filed_at=None)  # JQ06's 24 hours, not this rule
    nobody = transferred(world, has_complainant=False, source=CaseSource.SELF_DISCOVERED)
    probe = RuleProbe(CODE)
    for case in (notified, before_filing, nobody):
        assert probe.level(case, "2026-09-10 00:00") is None
    by_agency = transferred(world, has_complainant=False, source=CaseSource.AGENCY_TRANSFER)
    assert probe.level(by_agency, "2026-09-10 00:00") == "red"


def test_notified_late_is_a_breach(world):
    case = transferred(world)
    make_document(
        world.s1,
        DocumentKind.JURISDICTION_TRANSFER_NOTICE,
        case=case,
        issued_at=at("2026-09-02 10:00"),
        served_at=at("2026-09-09 10:00"),
    )
    row = RuleProbe(CODE).row(case, at("2026-09-09 12:00"))
    assert row["level"] == "red" and row["late"]
