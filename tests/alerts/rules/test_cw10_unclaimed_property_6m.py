from cases.choices import DocumentKind

from ..factories import at, make_case, make_document, make_property
from ..probe import RuleProbe


def notified(world, **fields):
    defaults = {
        "seized_at": at("2026-01-10 10:00"),
        "owner_notified_at": at("2026-03-05 10:00"),
        "case": make_case(world.s1, world.off_s1a),
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_six_months_blue_a_month_before_red_a_month_after(world):
    item = notified(world)
    probe = RuleProbe("unclaimed_property_6m")
    # 5 September 2026 is a Saturday: the 6 months end on Monday 7 September.
    probe.assert_levels(
        item,
        {
            "2026-08-08 23:59": None,
            "2026-08-09 00:00": "blue",
            "2026-09-08 00:00": "yellow",
            "2026-10-08 00:00": "yellow",
            "2026-10-08 00:01": "red",
        },
    )
    probe.assert_due(item, "2026-09-07 24:00", as_of="2026-09-10 00:00", boundary=False)


def test_public_notice_starts_the_clock(world):
    item = notified(world, owner_notified_at=None)
    make_document(world.s1, DocumentKind.PUBLIC_NOTICE, property=item, issued_at=at("2026-03-10 10:00"))
    RuleProbe("unclaimed_property_6m").assert_due(
        item, "2026-09-10 24:00", as_of="2026-09-12 00:00", boundary=False
    )


def test_dealt_with_or_never_notified_does_not_fire(world):
    returned = notified(world, returned_at=at("2026-08-01 10:00"), disposed_at=at("2026-08-01 10:00"))
    sold = notified(world, disposed_at=at("2026-09-20 10:00"))  # within the month of grace
    silent = make_property(world.s1, seized_at=at("2026-01-10 10:00"))
    probe = RuleProbe("unclaimed_property_6m")
    for item in (returned, sold, silent):
        assert probe.level(item, "2026-09-25 00:00") is None
