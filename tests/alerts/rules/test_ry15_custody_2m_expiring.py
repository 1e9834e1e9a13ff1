from cases.choices import LimitChangeKind, LimitChangeReason, LimitClock, MeasureKind

from ..factories import at, make_case, make_change, make_measure
from ..probe import RuleProbe


def arrest(world, **fields):
    case = fields.pop("case", None) or make_case(world.s1, world.off_s1a)
    return make_measure(world.s1, case=case, kind=MeasureKind.ARREST, **fields)


def test_two_months_from_arrest(world):
    measure = arrest(world, started_at=at("2026-06-25 15:00"))
    probe = RuleProbe("custody_2m_expiring")
    probe.assert_levels(
        measure, {"2026-08-10 23:59": None, "2026-08-11 00:00": "blue", "2026-08-19 00:00": "yellow"}
    )
    probe.assert_due(measure, "2026-08-25 24:00")


def test_month_end_rule(world):
    measure = arrest(world, started_at=at("2026-12-31 09:00"))
    RuleProbe("custody_2m_expiring").assert_due(measure, "2027-02-28 24:00")
    RuleProbe("custody_2m_expiring", params={"month_end": "next_day"}).assert_due(measure, "2027-03-01 24:00")


def test_extensions_and_restart(world):
    measure = arrest(world, started_at=at("2026-01-10 09:00"))
    probe = RuleProbe("custody_2m_expiring")
    make_change(
        measure=measure,
        clock=LimitClock.CUSTODY,
        new_limit_value=3,
        effective_at=at("2026-03-01 09:00"),
        approved_at=at("2026-03-01 09:00"),
    )
    probe.assert_due(measure, "2026-04-10 24:00")
    make_change(
        measure=measure,
        clock=LimitClock.CUSTODY,
        kind=LimitChangeKind.RESTART,
        reason=LimitChangeReason.NEW_OFFENCE,
        effective_at=at("2026-03-20 11:00"),
    )
    probe.assert_due(measure, "2026-05-20 24:00")  # 2 months again, the extension is gone


def test_identity_unknown_stops_the_clock(world):
    measure = arrest(world, started_at=at("2026-01-10 09:00"))
    make_change(
        measure=measure,
        clock=LimitClock.CUSTODY,
        kind=LimitChangeKind.SUSPENSION_START,
        reason=LimitChangeReason.IDENTITY_UNKNOWN,
        effective_at=at("2026-01-10 09:00"),
    )
    assert RuleProbe("custody_2m_expiring").level(measure, "2026-04-01 00:00") is None


def test_transfer_for_prosecution_does_not_fire(world):
    case = make_case(world.s1, transferred_for_prosecution_at=at("2026-08-01 10:00"))
    measure = arrest(world, case=case, started_at=at("2026-06-25 15:00"))
    probe = RuleProbe("custody_2m_expiring")
    assert probe.level(measure, "2026-08-20 00:00") is None
    assert probe.level(measure, "2026-07-30 00:00") is None
