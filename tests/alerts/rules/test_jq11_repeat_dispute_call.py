from ..factories import at, make_incident
from ..probe import RuleProbe


def call(world, when, **fields):
    defaults = {"is_dispute": True, "location_key": "东街12号", "received_at": at(when)}
    return make_incident(world.s1, **{**defaults, **fields})


def test_second_call_yellow_third_red_on_the_latest_call(world):
    first = call(world, "2026-09-01 10:00")
    second = call(world, "2026-09-10 10:00")
    probe = RuleProbe("repeat_dispute_call")
    assert probe.level(first, "2026-09-05 00:00") is None
    assert probe.level(second, "2026-09-11 00:00") == "yellow"
    third = call(world, "2026-09-20 10:00")
    rows = probe.rows("2026-09-21 00:00")
    assert rows[third.pk]["level"] == "red"
    assert second.pk not in rows and first.pk not in rows  # the warning sits on the latest call


def test_the_same_caller_from_another_address_counts(world):
    call(world, "2026-09-01 10:00", caller_phone="13800000000")
    again = call(world, "2026-09-03 10:00", location_key="", caller_phone="13800000000")
    assert RuleProbe("repeat_dispute_call").level(again, "2026-09-04 00:00") == "yellow"


def test_threats_on_a_repeated_call_are_red(world):
    call(world, "2026-09-01 10:00")
    second = call(world, "2026-09-10 10:00", has_threat=True)
    assert RuleProbe("repeat_dispute_call").level(second, "2026-09-11 00:00") == "red"


def test_window_boundary(world):
    call(world, "2026-09-01 10:00")
    second = call(world, "2026-09-10 10:00")
    probe = RuleProbe("repeat_dispute_call")
    assert probe.level(second, "2026-10-10 10:00") == "yellow"  # 30 days after the last call
    assert probe.level(second, "2026-10-10 10:00:01") is None  # the window has passed
    lone = call(world, "2026-09-10 10:00", location_key="西关1号")
    assert probe.level(lone, "2026-09-11 00:00") is None
