from cases.choices import CaseKind, LimitChangeKind, LimitClock

from ..factories import at, make_case, make_change, make_incident
from ..probe import RuleProbe


def admin_case(world, reported="2026-09-07 10:00", accepted="2026-09-08 12:00", **fields):
    defaults = {"kind": CaseKind.ADMINISTRATIVE, "reported_at": at(reported), "accepted_at": at(accepted)}
    return make_case(world.s1, world.off_s1a, **{**defaults, **fields})


def test_twenty_four_hours_from_the_report(world):
    case = admin_case(world)
    probe = RuleProbe("admin_acceptance_review_overdue")
    # Evaluated before the acceptance was recorded, the review is pending.
    probe.assert_levels(
        case, {"2026-09-08 01:59": None, "2026-09-08 02:00": "blue", "2026-09-08 08:00": "yellow"}
    )
    probe.assert_due(case, "2026-09-08 10:00")
    row = probe.row(case, at("2026-09-09 00:00"))  # accepted two hours late: a recorded breach
    assert row["level"] == "red" and row["late"] and row["officer_id"] == world.off_s1a.pk


def test_report_time_falls_back_to_the_call(world):
    call = make_incident(world.s1, received_at=at("2026-09-07 08:00"))
    case = admin_case(world, incident=call, reported_at=None)
    RuleProbe("admin_acceptance_review_overdue").assert_due(case, "2026-09-08 08:00")


def complex_matter(world, accepted):
    case = admin_case(world, reported="2026-09-22 10:00", accepted=accepted)
    make_change(
        case=case,
        clock=LimitClock.ADMIN_ACCEPTANCE,
        kind=LimitChangeKind.EXTENSION,
        new_limit_value=3,
        new_limit_unit="days",
        effective_at=at("2026-09-22 18:00"),
        approved_at=at("2026-09-22 18:00"),
    )
    return case


def test_complex_matter_has_three_days_and_rolls_over(world):
    late = complex_matter(world, accepted="2026-09-29 10:00")
    last_day = complex_matter(world, accepted="2026-09-28 15:00")
    probe = RuleProbe("admin_acceptance_review_overdue")
    # 3 days end on Friday 25 September, the Mid-Autumn holiday: due Monday 28 September.
    probe.assert_due(late, "2026-09-28 24:00")
    assert probe.row(late, at("2026-09-30 00:00"))["late"]
    assert probe.level(last_day, "2026-09-30 00:00") is None  # accepted on the last day: in time


def test_accepted_in_time_or_criminal_does_not_fire(world):
    in_time = admin_case(world, accepted="2026-09-07 18:00")
    criminal = admin_case(world, kind=CaseKind.CRIMINAL)
    probe = RuleProbe("admin_acceptance_review_overdue")
    assert probe.level(in_time, "2026-09-09 00:00") is None
    assert probe.level(criminal, "2026-09-09 00:00") is None
