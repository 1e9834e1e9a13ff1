from cases.choices import CaseKind, CaseSource, FilingReviewTier, LimitClock

from ..factories import at, make_case, make_change
from ..probe import RuleProbe

CODE = "econ_crime_filing_review"


def econ(world, **fields):
    defaults = {"is_economic_crime": True, "cause": "合同诈骗", "accepted_at": at("2026-09-01 10:00")}
    return make_case(world.s1, world.off_s1a, **{**defaults, **fields})


def test_seven_days_with_thresholds(world):
    # Accepted Tuesday 1 Sept: day 1 = 2nd … last day Tuesday 8 Sept.
    case = econ(world)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case,
        {
            "2026-09-05 23:59": None,
            "2026-09-06 00:00": "blue",
            "2026-09-08 00:00": "yellow",
            "2026-09-09 00:01": "red",
        },
    )
    probe.assert_due(case, "2026-09-08 24:00")
    row = probe.row(case, at("2026-09-09 01:00"))
    assert (row["officer_id"], row["case_id"], row["label"]) == (world.off_s1a.pk, case.pk, case.number)


def test_major_lead_thirty_days_rolls_over_national_day(world):
    case = econ(world, accepted_at=at("2026-09-05 10:00"), filing_review_tier=FilingReviewTier.COMPLEX)
    probe = RuleProbe(CODE)
    probe.assert_due(case, "2026-10-08 24:00")  # last day 5 Oct is a holiday
    assert probe.level(case, "2026-09-30 23:59") is None
    assert probe.level(case, "2026-10-01 00:00") == "blue"  # 30-day band: 8 days before


def test_next_level_approval_sixty_days_and_approved_extension(world):
    sixty = econ(world, filing_review_tier=FilingReviewTier.ECON_PREFECTURE)
    probe = RuleProbe(CODE)
    probe.assert_due(sixty, "2026-11-02 24:00")  # 31 Oct is a Saturday
    extended = econ(world)
    make_change(
        case=extended,
        clock=LimitClock.FILING_REVIEW,
        effective_at=at("2026-09-07 09:00"),
        new_limit_value=30,
        approved_at=at("2026-09-07 09:00"),
    )
    probe.assert_due(extended, "2026-10-08 24:00", as_of="2026-10-02 00:00", boundary=False)
    unapproved = econ(world)
    make_change(
        case=unapproved,
        clock=LimitClock.FILING_REVIEW,
        effective_at=at("2026-09-07 09:00"),
        new_limit_value=30,
    )
    assert probe.level(unapproved, "2026-09-09 00:01") == "red"


def test_decided_in_time_or_other_cases_never_fire(world):
    filed = econ(world, filed_at=at("2026-09-08 16:00"))
    declined = econ(world, declined_at=at("2026-09-03 16:00"))
    transferred = econ(world, transferred_out_at=at("2026-09-04 16:00"))
    ordinary = econ(world, is_economic_crime=False)
    by_agency = econ(world, source=CaseSource.AGENCY_TRANSFER)
    administrative = econ(world, kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe(CODE)
    for case in (filed, declined, transferred, ordinary, by_agency, administrative):
        assert probe.level(case, "2026-09-12 00:00") is None, case


def test_filed_after_the_deadline_is_a_late_breach(world):
    case = econ(world, filed_at=at("2026-09-10 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(case, "2026-09-09 12:00") == "red"
    row = probe.row(case, at("2026-09-11 02:00"))
    assert row["level"] == "red" and row["late"]
