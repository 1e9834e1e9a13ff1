from cases.choices import Jurisdiction

from ..factories import at, make_incident
from ..probe import RuleProbe


def other_unit(world, **fields):
    return make_incident(
        world.s1, jurisdiction=Jurisdiction.OTHER_UNIT, received_at=at("2026-09-05 10:00"), **fields
    )


def test_fires_until_both_transfer_and_notice_are_recorded(world):
    half_done = other_unit(world, transferred_at=at("2026-09-05 15:00"))
    probe = RuleProbe("jurisdiction_transfer_late")
    probe.assert_levels(
        half_done, {"2026-09-05 21:00": None, "2026-09-05 23:00": "blue", "2026-09-06 07:00": "yellow"}
    )
    probe.assert_due(half_done, "2026-09-06 10:00")


def test_transfer_and_notice_in_time_do_not_fire(world):
    done = other_unit(world, transferred_at=at("2026-09-05 15:00"), reporter_told_at=at("2026-09-05 16:00"))
    assert RuleProbe("jurisdiction_transfer_late").level(done, "2026-09-06 12:00") is None


def test_own_jurisdiction_is_not_watched(world):
    own = make_incident(world.s1, received_at=at("2026-09-05 10:00"))
    assert RuleProbe("jurisdiction_transfer_late").level(own, "2026-09-07 00:00") is None
