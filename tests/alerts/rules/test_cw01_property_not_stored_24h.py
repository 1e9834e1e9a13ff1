from cases.choices import SeizureKind

from ..factories import at, make_case, make_property
from ..probe import RuleProbe


def test_fires_at_12_20_24_hours_and_routes_to_who_took_it(world):
    item = make_property(
        world.s1,
        seized_at=at("2026-09-05 10:00"),
        seized_by=world.off_s1b,
        case=make_case(world.s1, world.off_s1a),
    )
    probe = RuleProbe("property_not_stored_24h")
    probe.assert_levels(
        item, {"2026-09-05 21:59": None, "2026-09-05 22:00": "blue", "2026-09-06 06:00": "yellow"}
    )
    probe.assert_due(item, "2026-09-06 10:00")
    assert probe.row(item, at("2026-09-06 11:00"))["officer_id"] == world.off_s1b.pk


def test_taken_away_from_the_unit_counts_from_the_return(world):
    away = make_property(world.s1, seized_at=at("2026-09-05 10:00"), taken_remotely=True)
    probe = RuleProbe("property_not_stored_24h")
    assert probe.level(away, "2026-09-07 00:00") is None  # not back yet
    away.returned_to_unit_at = at("2026-09-06 18:00")
    away.save()
    probe.assert_due(away, "2026-09-07 18:00")


def test_urgent_appraisal_counts_from_its_end(world):
    item = make_property(
        world.s1, seized_at=at("2026-09-05 10:00"), urgent_work_done_at=at("2026-09-05 20:00")
    )
    RuleProbe("property_not_stored_24h").assert_due(item, "2026-09-06 20:00")


def test_stored_disposed_or_frozen_does_not_fire(world):
    stored = make_property(world.s1, seized_at=at("2026-09-05 10:00"), stored_at=at("2026-09-06 09:00"))
    disposed = make_property(world.s1, seized_at=at("2026-09-05 10:00"), disposed_at=at("2026-09-05 15:00"))
    frozen = make_property(world.s1, seized_at=at("2026-09-05 10:00"), seizure_kind=SeizureKind.FREEZE)
    probe = RuleProbe("property_not_stored_24h")
    for item in (stored, disposed, frozen):
        assert probe.level(item, "2026-09-07 00:00") is None
