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


def other_penalty(world, **fields):
    defaults = {
        "kind": CaseKind.ADMINISTRATIVE,
        "admin_type": AdminCaseType.OTHER_PENALTY,
        "accepted_at": at("2026-03-02 10:00"),
    }
    return make_case(world.s1, world.off_s1a, **{**defaults, **fields})


def test_ninety_days_from_filing_rolled_over_a_sunday(world):
    case = other_penalty(world)
    probe = RuleProbe("admin_case_90d")
    # 2 March + 90 days = Sunday 31 May → Monday 1 June.
    probe.assert_levels(
        case,
        {
            "2026-05-17 23:59": None,
            "2026-05-18 00:00": "blue",
            "2026-05-27 00:00": "yellow",
            "2026-06-02 00:01": "red",
        },
    )
    probe.assert_due(case, "2026-06-01 24:00")


def test_filing_date_wins_over_acceptance(world):
    case = other_penalty(world, filed_at=at("2026-03-04 09:00"))
    RuleProbe("admin_case_90d").assert_due(case, "2026-06-02 24:00")


def test_suspended_time_is_left_out(world):
    case = other_penalty(world)
    for kind, when in (
        (LimitChangeKind.SUSPENSION_START, "2026-04-01 10:00"),
        (LimitChangeKind.SUSPENSION_END, "2026-04-11 10:00"),
    ):
        make_change(
            case=case,
            clock=LimitClock.HANDLING,
            kind=kind,
            reason=LimitChangeReason.APPRAISAL,
            effective_at=at(when),
        )
    # 31 May + 10 days = Wednesday 10 June.
    RuleProbe("admin_case_90d").assert_due(case, "2026-06-10 24:00")


def test_decided_public_order_or_before_the_revised_law_does_not_fire(world):
    decided = other_penalty(world, decided_at=at("2026-05-20 10:00"), decision=AdminDecision.PENALTY)
    zhian = other_penalty(world, admin_type=AdminCaseType.PUBLIC_ORDER)
    old = other_penalty(world, accepted_at=at("2021-06-01 10:00"))
    probe = RuleProbe("admin_case_90d")
    assert probe.level(decided, "2026-06-05 00:00") is None
    assert probe.level(zhian, "2026-06-05 00:00") is None
    assert probe.level(old, "2021-12-01 00:00") is None
