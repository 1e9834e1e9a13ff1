from cases.choices import DocumentKind, PropertyKind

from ..factories import at, make_case, make_document, make_property
from ..probe import RuleProbe


def perishable(world, seized="2026-09-07 10:00", **fields):
    defaults = {
        "name": "冷冻海鲜",
        "kind": PropertyKind.PERISHABLE,
        "is_perishable": True,
        "seized_at": at(seized),
        "seized_by": world.off_s1b,
        "case": make_case(world.s1, world.off_s1a),
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_seven_days_yellow_from_day_3(world):
    item = perishable(world)
    probe = RuleProbe("perishable_not_handled")
    probe.assert_levels(
        item,
        {
            "2026-09-09 23:59": None,
            "2026-09-10 00:00": "blue",
            "2026-09-11 00:00": "yellow",
        },
    )
    probe.assert_due(item, "2026-09-14 24:00")
    assert probe.row(item, at("2026-09-15 12:00"))["officer_id"] == world.off_s1b.pk


def test_days_are_a_parameter_and_roll_over_holidays(world):
    item = perishable(world, seized="2026-09-30 10:00")
    RuleProbe("perishable_not_handled", params={"days": 3}).assert_due(item, "2026-10-08 24:00")


def test_approved_for_sale_disposed_or_durable_does_not_fire(world):
    approved = perishable(world)
    make_document(
        world.s1, DocumentKind.DISPOSAL_APPROVAL, property=approved, issued_at=at("2026-09-09 10:00")
    )
    sold = perishable(world, disposed_at=at("2026-09-12 10:00"))
    phone = make_property(world.s1, seized_at=at("2026-09-07 10:00"))
    probe = RuleProbe("perishable_not_handled")
    for item in (approved, sold, phone):
        assert probe.level(item, "2026-09-20 00:00") is None
