from cases.choices import CaseKind, FilingReviewTier, LimitChangeKind, LimitClock

from ..factories import at, make_case, make_change
from ..probe import RuleProbe


def test_standard_three_days_with_thresholds(world):
    # Accepted Tuesday 1 Sept: day 1 = 2nd … last day Friday 4 Sept.
    case = make_case(world.s1, world.off_s1a, accepted_at=at("2026-09-01 10:00"))
    probe = RuleProbe("filing_review_overdue")
    probe.assert_levels(
        case,
        {
            "2026-09-02 23:59": None,
            "2026-09-03 00:00": "blue",
            "2026-09-04 00:00": "yellow",
            "2026-09-05 00:01": "red",
        },
    )
    probe.assert_due(case, "2026-09-04 24:00")
    assert probe.row(case, at("2026-09-05 01:00"))["officer_id"] == world.off_s1a.pk


def test_complex_case_rolls_over_national_day(world):
    case = make_case(
        world.s1,
        world.off_s1a,
        accepted_at=at("2026-09-05 10:00"),
        filing_review_tier=FilingReviewTier.COMPLEX,
    )
    probe = RuleProbe("filing_review_overdue")
    probe.assert_due(case, "2026-10-08 24:00")
    assert probe.level(case, "2026-09-30 23:59") is None
    assert probe.level(case, "2026-10-01 00:00") == "blue"  # 8 days before the (rolled) due
    text = probe.explain(case, "2026-10-06 09:00")
    assert "末日 2026-10-05" in text and "国庆节" in text and "期满 2026-10-08 24:00" in text, text


def test_verification_tier_and_approved_extension(world):
    case = make_case(
        world.s1, accepted_at=at("2026-09-01 10:00"), filing_review_tier=FilingReviewTier.VERIFY_LEAD
    )
    probe = RuleProbe("filing_review_overdue")
    probe.assert_due(case, "2026-09-08 24:00")
    make_change(
        case=case,
        clock=LimitClock.FILING_REVIEW,
        kind=LimitChangeKind.EXTENSION,
        effective_at=at("2026-09-07 09:00"),
        new_limit_value=30,
        approved_at=at("2026-09-07 09:00"),
    )
    probe.assert_due(case, "2026-10-08 24:00", as_of="2026-10-02 00:00", boundary=False)


def test_decided_in_time_never_fires(world):
    filed = make_case(world.s1, accepted_at=at("2026-09-01 10:00"), filed_at=at("2026-09-03 16:00"))
    declined = make_case(world.s1, accepted_at=at("2026-09-01 10:00"), declined_at=at("2026-09-04 16:00"))
    economic = make_case(world.s1, accepted_at=at("2026-09-01 10:00"), is_economic_crime=True)
    administrative = make_case(world.s1, accepted_at=at("2026-09-01 10:00"), kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe("filing_review_overdue")
    for case in (filed, declined, economic, administrative):
        assert probe.level(case, "2026-09-10 00:00") is None


def test_filed_after_the_deadline_is_a_late_breach(world):
    case = make_case(world.s1, accepted_at=at("2026-09-01 10:00"), filed_at=at("2026-09-06 10:00"))
    probe = RuleProbe("filing_review_overdue")
    assert probe.level(case, "2026-09-05 12:00") == "red"  # missing then
    row = probe.row(case, at("2026-09-07 02:00"))
    assert row["level"] == "red" and row["late"]
