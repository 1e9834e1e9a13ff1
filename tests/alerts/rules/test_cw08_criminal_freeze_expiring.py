from cases.choices import CaseKind, LimitChangeKind, LimitChangeReason, LimitClock, PropertyKind, SeizureKind

from ..factories import at, make_case, make_change, make_property
from ..probe import RuleProbe


def frozen(world, seized="2026-03-05 10:00", **fields):
    defaults = {
        "name": "银行存款",
        "kind": PropertyKind.DEPOSIT,
        "seizure_kind": SeizureKind.FREEZE,
        "held_by_police": False,
        "seized_at": at(seized),
        "case": make_case(world.s1, world.off_s1a),
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_six_months_for_deposits_rolled_over_a_weekend(world):
    item = frozen(world)
    probe = RuleProbe("criminal_freeze_expiring")
    # 5 September 2026 is a Saturday: the period ends on Monday 7 September.
    probe.assert_levels(
        item, {"2026-08-08 23:59": None, "2026-08-09 00:00": "blue", "2026-09-01 00:00": "yellow"}
    )
    probe.assert_due(item, "2026-09-07 24:00")
    assert probe.row(item, at("2026-09-08 10:00"))["officer_id"] == world.off_s1a.pk


def test_two_years_for_securities(world):
    item = frozen(world, seized="2024-09-10 10:00", kind=PropertyKind.SECURITIES, name="股票")
    RuleProbe("criminal_freeze_expiring").assert_due(item, "2026-09-10 24:00")


def test_renewal_as_an_approved_extension_runs_on_from_the_expiry(world):
    item = frozen(world, seized="2025-09-04 10:00")
    make_change(
        property=item,
        clock=LimitClock.FREEZE,
        new_limit_value=12,
        effective_at=at("2026-02-25 09:00"),
        approved_at=at("2026-02-25 09:00"),
        reason=LimitChangeReason.RENEWAL,
    )
    probe = RuleProbe("criminal_freeze_expiring")
    assert probe.level(item, "2026-03-05 00:01") is None
    probe.assert_due(item, "2026-09-04 24:00")


def test_renewal_as_a_restart_counts_from_the_renewal(world):
    item = frozen(world, seized="2025-09-15 10:00")
    make_change(
        property=item,
        clock=LimitClock.FREEZE,
        kind=LimitChangeKind.RESTART,
        effective_at=at("2026-03-01 10:00"),
        reason=LimitChangeReason.RENEWAL,
    )
    RuleProbe("criminal_freeze_expiring").assert_due(item, "2026-09-01 24:00")


def test_lifted_or_administrative_does_not_fire(world):
    lifted = frozen(world, disposed_at=at("2026-08-20 10:00"))
    admin = frozen(world, case=make_case(world.s1, kind=CaseKind.ADMINISTRATIVE))
    seized = make_property(world.s1, seized_at=at("2026-03-05 10:00"))
    probe = RuleProbe("criminal_freeze_expiring")
    for item in (lifted, admin, seized):
        assert probe.level(item, "2026-09-10 00:00") is None


def test_lapsed_then_lifted_is_a_late_breach(world):
    item = frozen(world, disposed_at=at("2026-09-09 10:00"))
    row = RuleProbe("criminal_freeze_expiring").row(item, at("2026-09-09 11:00"))
    assert row["level"] == "red" and row["late"]
