from cases.choices import LimitChangeReason, LimitClock, LimitUnit, MeasureKind

from ..factories import at, make_change, make_measure, make_person
from ..probe import RuleProbe

CODE = "continued_questioning_overtime"


def questioning(world, **fields):
    return make_measure(
        world.s1, kind=MeasureKind.CONTINUED_QUESTIONING, started_at=at("2026-09-05 20:00"), **fields
    )


def extend(measure, hours, approved, reason=LimitChangeReason.OTHER):
    return make_change(
        measure=measure,
        clock=LimitClock.QUESTIONING,
        new_limit_value=hours,
        new_limit_unit=LimitUnit.HOURS,
        effective_at=at(approved),
        approved_at=at(approved),
        reason=reason,
    )


def test_twelve_hours_from_arrival(world):
    measure = questioning(world)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-06 04:59": None, "2026-09-06 05:00": "blue", "2026-09-06 07:00": "yellow"}
    )
    probe.assert_due(measure, "2026-09-06 08:00")


def test_extension_counts_only_when_approved_before_expiry(world):
    in_time = questioning(world)
    extend(in_time, 24, "2026-09-06 07:59")
    too_late = questioning(world)
    extend(too_late, 24, "2026-09-06 08:01")
    probe = RuleProbe(CODE)
    probe.assert_due(in_time, "2026-09-06 20:00")
    probe.assert_levels(in_time, {"2026-09-06 15:59": None, "2026-09-06 16:00": "blue"})  # 24h band
    assert "延长" in probe.explain(in_time, "2026-09-06 21:00")
    probe.assert_due(too_late, "2026-09-06 08:00", as_of="2026-09-06 09:00")
    assert probe.level(too_late, "2026-09-06 09:00") == "red"


def test_forty_eight_hours_for_unknown_identity_after_the_twenty_four(world):
    measure = questioning(world)
    extend(measure, 24, "2026-09-06 07:00")
    extend(measure, 48, "2026-09-06 19:00", reason=LimitChangeReason.IDENTITY_UNKNOWN)
    probe = RuleProbe(CODE)
    probe.assert_due(measure, "2026-09-07 20:00")
    probe.assert_levels(
        measure, {"2026-09-07 11:59": None, "2026-09-07 12:00": "blue", "2026-09-07 18:00": "yellow"}
    )
    assert probe.python_due(measure, at("2026-09-07 21:00")) == at("2026-09-07 20:00")


def test_no_jump_from_twelve_to_forty_eight(world):
    measure = questioning(world, person=make_person(world.s1, identity_unknown=True))
    extend(measure, 48, "2026-09-06 07:00")
    RuleProbe(CODE).assert_due(measure, "2026-09-06 08:00")
    extend(measure, 24, "2026-09-06 07:30")  # the 48 came before the 24: still a jump
    RuleProbe(CODE).assert_due(measure, "2026-09-06 20:00")


def test_forty_eight_needs_unknown_identity_and_approval_within_twenty_four(world):
    known = questioning(world)
    extend(known, 24, "2026-09-06 07:00")
    extend(known, 48, "2026-09-06 19:00")
    late = questioning(world, person=make_person(world.s1, identity_unknown=True))
    extend(late, 24, "2026-09-06 07:00")
    extend(late, 48, "2026-09-06 20:01")
    probe = RuleProbe(CODE)
    probe.assert_due(known, "2026-09-06 20:00")
    probe.assert_due(late, "2026-09-06 20:00", as_of="2026-09-06 21:00")


def test_released_or_handed_over_in_time_never_red(world):
    released = questioning(world, ended_at=at("2026-09-06 07:00"))
    handed = questioning(world, sent_to_facility_at=at("2026-09-06 06:00"))
    late = questioning(world, ended_at=at("2026-09-06 09:00"))
    summons = make_measure(world.s1, kind=MeasureKind.ADMIN_SUMMONS, started_at=at("2026-09-05 20:00"))
    probe = RuleProbe(CODE)
    assert probe.level(released, "2026-09-07 00:00") is None
    assert probe.level(handed, "2026-09-07 00:00") is None
    assert probe.level(summons, "2026-09-07 00:00") is None
    assert probe.row(late, at("2026-09-07 00:00"))["late"]
