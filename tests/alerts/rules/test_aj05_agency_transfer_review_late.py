from cases.choices import CaseSource, FilingReviewTier

from ..factories import at, make_case
from ..probe import RuleProbe

CODE = "agency_transfer_review_late"


def transferred(world, when="2026-09-01 10:00", **fields):
    return make_case(
        world.s1, world.off_s1a, source=CaseSource.AGENCY_TRANSFER, accepted_at=at(when), **fields
    )


def test_three_days_from_accepting_the_transfer(world):
    case = transferred(world)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case,
        {"2026-09-02 23:59": None, "2026-09-03 00:00": "blue", "2026-09-04 00:00": "yellow"},
    )
    probe.assert_due(case, "2026-09-04 24:00")
    late = transferred(world, "2026-10-02 10:00")  # last day 5 Oct, National Day → 8 Oct
    probe.assert_due(late, "2026-10-08 24:00")


def test_economic_crimes_ten_and_thirty_days(world):
    ten = transferred(world, is_economic_crime=True)
    thirty = transferred(world, is_economic_crime=True, filing_review_tier=FilingReviewTier.COMPLEX)
    ordinary_complex = transferred(world, filing_review_tier=FilingReviewTier.COMPLEX)
    probe = RuleProbe(CODE)
    probe.assert_due(ten, "2026-09-11 24:00")
    assert probe.level(ten, "2026-09-08 23:59") is None and probe.level(ten, "2026-09-09 00:00") == "blue"
    probe.assert_due(thirty, "2026-10-08 24:00")  # 1 Oct is National Day
    probe.assert_due(ordinary_complex, "2026-09-04 24:00")  # not economic: 3 days whatever the tier


def test_decided_in_time_or_not_transferred_never_fires(world):
    filed = transferred(world, filed_at=at("2026-09-03 10:00"))
    declined = transferred(world, declined_at=at("2026-09-04 20:00"))
    reported = make_case(world.s1, source=CaseSource.REPORT, accepted_at=at("2026-09-01 10:00"))
    probe = RuleProbe(CODE)
    for case in (filed, declined, reported):
        assert probe.level(case, "2026-09-10 00:00") is None


def test_filed_late_is_a_breach(world):
    case = transferred(world, filed_at=at("2026-09-07 10:00"))
    row = RuleProbe(CODE).row(case, at("2026-09-07 12:00"))
    assert row["level"] == "red" and row["late"]
