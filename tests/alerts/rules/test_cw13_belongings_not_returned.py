from cases.choices import SeizureKind, VisitExitReason

from ..factories import at, make_case, make_person, make_property, make_visit
from ..probe import RuleProbe


def belongings(world, exited="2026-09-05 18:00", reason=VisitExitReason.RELEASED, **fields):
    person = make_person(world.s1)
    make_visit(
        world.s1,
        person=person,
        entered_at=at("2026-09-05 10:00"),
        exited_at=at(exited) if exited else None,
        exit_reason=reason if exited else "",
    )
    defaults = {
        "name": "钱包",
        "seizure_kind": SeizureKind.BELONGINGS,
        "owner": person,
        "seized_at": at("2026-09-05 10:05"),
        "seized_by": world.off_s1b,
        "case": make_case(world.s1, world.off_s1a),
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_due_24_hours_after_the_owner_left(world):
    item = belongings(world)
    probe = RuleProbe("belongings_not_returned")
    probe.assert_levels(
        item, {"2026-09-06 05:59": None, "2026-09-06 06:00": "blue", "2026-09-06 14:00": "yellow"}
    )
    probe.assert_due(item, "2026-09-06 18:00")
    assert probe.row(item, at("2026-09-07 00:00"))["officer_id"] == world.off_s1b.pk


def test_hours_are_a_parameter(world):
    item = belongings(world)
    RuleProbe("belongings_not_returned", params={"hours": 2}).assert_due(item, "2026-09-05 20:00")


def test_sent_to_detention_with_the_belongings_not_kept_fires(world):
    item = belongings(world, reason=VisitExitReason.TO_DETENTION_CENTRE)
    assert RuleProbe("belongings_not_returned").level(item, "2026-09-07 00:00") == "red"


def test_returned_kept_for_a_detainee_or_still_there_does_not_fire(world):
    returned = belongings(world, returned_at=at("2026-09-05 18:10"), disposed_at=at("2026-09-05 18:10"))
    kept = belongings(world, reason=VisitExitReason.TO_DETENTION_CENTRE, stored_at=at("2026-09-05 10:30"))
    still_there = belongings(world, exited=None)
    seized = make_property(world.s1, seized_at=at("2026-09-05 10:00"))
    probe = RuleProbe("belongings_not_returned")
    for item in (returned, kept, still_there, seized):
        assert probe.level(item, "2026-09-08 00:00") is None


def test_return_after_the_deadline_is_a_late_breach(world):
    item = belongings(world, returned_at=at("2026-09-07 10:00"))
    row = RuleProbe("belongings_not_returned").row(item, at("2026-09-07 11:00"))
    assert row["level"] == "red" and row["late"]
