from cases.choices import CaseKind, LimitChangeKind, LimitChangeReason, LimitClock, SeizureKind

from ..factories import at, make_case, make_change, make_property
from ..probe import RuleProbe


def seized(world, **fields):
    defaults = {
        "seizure_kind": SeizureKind.ADMIN_SEIZURE,
        "seized_at": at("2026-03-02 10:00"),
        "case": make_case(world.s1, world.off_s1a, kind=CaseKind.ADMINISTRATIVE),
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_thirty_days_from_the_seizure(world):
    item = seized(world)
    probe = RuleProbe("admin_seizure_30d")
    probe.assert_levels(
        item, {"2026-03-24 23:59": None, "2026-03-25 00:00": "blue", "2026-03-29 00:00": "yellow"}
    )
    probe.assert_due(item, "2026-04-01 24:00")


def test_approved_extension_to_sixty_days_rolls_over_labour_day(world):
    approved = seized(world)
    make_change(
        property=approved,
        clock=LimitClock.SEIZURE,
        new_limit_value=60,
        effective_at=at("2026-03-28 09:00"),
        approved_at=at("2026-03-28 09:00"),
        reason=LimitChangeReason.COMPLEX_CASE,
    )
    unapproved = seized(world)
    make_change(
        property=unapproved, clock=LimitClock.SEIZURE, new_limit_value=60, effective_at=at("2026-03-28 09:00")
    )
    probe = RuleProbe("admin_seizure_30d")
    probe.assert_due(approved, "2026-05-06 24:00")  # 1 May, Labour Day → Wednesday 6 May
    assert probe.level(unapproved, "2026-04-02 00:01") == "red"


def test_appraisal_time_is_not_counted(world):
    item = seized(world)
    for kind, when in (
        (LimitChangeKind.SUSPENSION_START, "2026-03-10 15:00"),
        (LimitChangeKind.SUSPENSION_END, "2026-03-20 09:00"),
    ):
        make_change(
            property=item,
            clock=LimitClock.SEIZURE,
            kind=kind,
            reason=LimitChangeReason.APPRAISAL,
            effective_at=at(when),
        )
    # 1 April + 10 days = Saturday 11 April → Monday 13 April.
    RuleProbe("admin_seizure_30d").assert_due(item, "2026-04-13 24:00")


def test_seizure_or_sealing_in_an_administrative_case_counts(world):
    item = seized(world, seizure_kind=SeizureKind.SEALING)
    assert RuleProbe("admin_seizure_30d").level(item, "2026-04-02 00:01") == "red"


def test_returned_in_time_or_criminal_does_not_fire(world):
    returned = seized(world, returned_at=at("2026-03-20 10:00"), disposed_at=at("2026-03-20 10:00"))
    criminal = make_property(world.s1, seized_at=at("2026-03-02 10:00"), case=make_case(world.s1))
    probe = RuleProbe("admin_seizure_30d")
    for item in (returned, criminal):
        assert probe.level(item, "2026-04-05 00:00") is None


def test_disposal_after_the_deadline_is_a_late_breach(world):
    item = seized(world, confiscated_at=at("2026-04-03 10:00"), disposed_at=at("2026-04-03 10:00"))
    row = RuleProbe("admin_seizure_30d").row(item, at("2026-04-03 11:00"))
    assert row["level"] == "red" and row["late"]
