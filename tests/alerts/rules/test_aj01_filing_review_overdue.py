from cases.choices import FilingReviewTier, LimitClock

from ..factories import at, make_case, make_change
from ..probe import RuleProbe


def test_complex_case_rolls_over_national_day(world):
    case = make_case(world.s1, world.off_s1a, accepted_at=at("2026-09-05 10:00"), filing_review_tier=FilingReviewTier.COMPLEX)
    probe = RuleProbe("filing_review_overdue")
    probe.assert_due(case, "2026-10-08 24:00")
    text = probe.explain(case, "2026-10-06 09:00")
    assert "2026-10-05" in text and "国庆节" in text and "2026-10-08 24:00" in text, text
