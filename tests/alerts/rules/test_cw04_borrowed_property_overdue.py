from cases.choices import MovementPurpose
from cases.models import PropertyMovement

from ..factories import at, make_case, make_property
from ..probe import RuleProbe

_seq = iter(range(1, 10_000))


def check_out(item, out, due, returned=None):
    return PropertyMovement.objects.create(
        external_id=f"DY-{next(_seq)}",
        unit=item.unit,
        property=item,
        purpose=MovementPurpose.APPRAISAL,
        moved_out_at=at(out),
        due_back_at=at(due) if due else None,
        returned_at=at(returned) if returned else None,
    )


def stored(world):
    return make_property(
        world.s1,
        stored_at=at("2026-09-01 10:00"),
        seized_by=world.off_s1b,
        case=make_case(world.s1, world.off_s1a),
    )


def test_yellow_at_the_registered_time_red_a_day_later(world):
    item = stored(world)
    check_out(item, "2026-09-05 10:00", "2026-09-06 10:00")
    probe = RuleProbe("borrowed_property_overdue")
    probe.assert_levels(
        item,
        {
            "2026-09-06 05:59": None,
            "2026-09-06 06:00": "blue",
            "2026-09-06 10:00": "yellow",
            "2026-09-07 10:00": "yellow",
            "2026-09-07 10:00:01": "red",
        },
    )
    probe.assert_due(item, "2026-09-06 10:00", as_of="2026-09-06 12:00", boundary=False)
    assert probe.row(item, at("2026-09-08 00:00"))["officer_id"] == world.off_s1b.pk
    assert "2026-09-06 10:00" in probe.explain(item, "2026-09-08 00:00")


def test_returned_in_time_or_within_the_grace_does_not_fire(world):
    in_time = stored(world)
    check_out(in_time, "2026-09-05 10:00", "2026-09-06 10:00", returned="2026-09-06 09:00")
    in_grace = stored(world)
    check_out(in_grace, "2026-09-05 10:00", "2026-09-06 10:00", returned="2026-09-06 20:00")
    no_time = stored(world)
    check_out(no_time, "2026-09-05 10:00", None)
    probe = RuleProbe("borrowed_property_overdue")
    for item in (in_time, in_grace, no_time):
        assert probe.level(item, "2026-09-08 00:00") is None


def test_return_after_the_grace_is_a_late_breach(world):
    item = stored(world)
    check_out(item, "2026-09-05 10:00", "2026-09-06 10:00", returned="2026-09-07 12:00")
    row = RuleProbe("borrowed_property_overdue").row(item, at("2026-09-07 13:00"))
    assert row["level"] == "red" and row["late"]


def test_the_latest_check_out_counts(world):
    item = stored(world)
    check_out(item, "2026-08-01 10:00", "2026-08-02 10:00", returned="2026-08-05 10:00")  # old, late
    check_out(item, "2026-09-05 10:00", "2026-09-09 10:00")
    probe = RuleProbe("borrowed_property_overdue")
    assert probe.level(item, "2026-09-07 00:00") is None
    assert probe.row(item, at("2026-09-09 11:00"))["due_at"] == at("2026-09-09 10:00")
