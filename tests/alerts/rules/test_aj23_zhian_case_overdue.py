from cases.choices import (
    AdminCaseType,
    AdminDecision,
    CaseKind,
    LimitChangeKind,
    LimitChangeReason,
    LimitClock,
)

from ..factories import at, make_case, make_change
from ..probe import RuleProbe


def zhian(world, **fields):
    defaults = {
        "kind": CaseKind.ADMINISTRATIVE,
        "admin_type": AdminCaseType.PUBLIC_ORDER,
        "accepted_at": at("2026-03-02 10:00"),
    }
    return make_case(world.s1, world.off_s1a, **{**defaults, **fields})


def test_thirty_days_from_acceptance(world):
    case = zhian(world)
    probe = RuleProbe("zhian_case_overdue")
    probe.assert_levels(
        case,
        {
            "2026-03-24 00:00": None,
            "2026-03-25 00:00": "blue",
            "2026-03-29 00:00": "yellow",
            "2026-04-02 00:01": "red",
        },
    )
    probe.assert_due(case, "2026-04-01 24:00")


def test_appraisal_time_is_not_counted_and_the_end_rolls_over(world):
    case = zhian(world)
    for kind, when in (
        (LimitChangeKind.SUSPENSION_START, "2026-03-10 15:00"),
        (LimitChangeKind.SUSPENSION_END, "2026-03-20 09:00"),
    ):
        make_change(
            case=case,
            clock=LimitClock.HANDLING,
            kind=kind,
            reason=LimitChangeReason.APPRAISAL,
            effective_at=at(when),
        )
    probe = RuleProbe("zhian_case_overdue")
    # 1 April + 10 days = Saturday 11 April → Monday 13 April.
    probe.assert_due(case, "2026-04-13 24:00")
    assert "10" in probe.explain(case, "2026-04-10 00:00", language="en")


def test_appraisal_in_progress_stops_the_clock(world):
    case = zhian(world)
    make_change(
        case=case,
        clock=LimitClock.HANDLING,
        kind=LimitChangeKind.SUSPENSION_START,
        reason=LimitChangeReason.APPRAISAL,
        effective_at=at("2026-03-10 15:00"),
    )
    assert RuleProbe("zhian_case_overdue").level(case, "2026-05-01 00:00") is None


def test_mediation_failure_restarts_the_period(world):
    case = zhian(world)
    make_change(
        case=case,
        clock=LimitClock.HANDLING,
        kind=LimitChangeKind.SUSPENSION_START,
        reason=LimitChangeReason.MEDIATION,
        effective_at=at("2026-03-05 09:00"),
    )
    make_change(
        case=case,
        clock=LimitClock.HANDLING,
        kind=LimitChangeKind.RESTART,
        reason=LimitChangeReason.MEDIATION,
        effective_at=at("2026-04-20 16:00"),
    )
    probe = RuleProbe("zhian_case_overdue")
    assert probe.level(case, "2026-04-15 00:00") is None  # under mediation: clock stopped
    probe.assert_due(case, "2026-05-20 24:00")


def test_extension_counts_only_when_approved(world):
    approved = zhian(world)
    make_change(
        case=approved,
        clock=LimitClock.HANDLING,
        kind=LimitChangeKind.EXTENSION,
        new_limit_value=60,
        effective_at=at("2026-03-28 09:00"),
        approved_at=at("2026-03-28 09:00"),
    )
    unapproved = zhian(world)
    make_change(
        case=unapproved,
        clock=LimitClock.HANDLING,
        kind=LimitChangeKind.EXTENSION,
        new_limit_value=60,
        effective_at=at("2026-03-28 09:00"),
    )
    probe = RuleProbe("zhian_case_overdue")
    # 60 days end on 1 May, Labour Day: rolled over to Wednesday 6 May.
    probe.assert_due(approved, "2026-05-06 24:00")
    assert probe.level(unapproved, "2026-04-02 00:01") == "red"


def test_decided_or_criminal_does_not_fire(world):
    decided = zhian(world, decided_at=at("2026-03-20 10:00"), decision=AdminDecision.PENALTY)
    other = zhian(world, admin_type=AdminCaseType.OTHER_PENALTY)
    probe = RuleProbe("zhian_case_overdue")
    assert probe.level(decided, "2026-04-10 00:00") is None
    assert probe.level(other, "2026-04-10 00:00") is None


def test_revised_law_basis_for_cases_accepted_from_2026(world):
    import datetime

    from alerts.rules import registry

    rule = registry["zhian_case_overdue"]
    old = [str(b.article) for b in rule.basis_for(datetime.date(2025, 12, 20))]
    new = [str(b.law) for b in rule.basis_for(datetime.date(2026, 1, 5))]
    assert any("99" in a for a in old)
    assert any("2026" in law for law in new) and not any("(2012)" in law for law in new)
