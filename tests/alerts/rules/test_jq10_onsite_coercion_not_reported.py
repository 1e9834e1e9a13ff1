from cases.choices import MeasureKind

from ..factories import at, make_case, make_measure
from ..probe import RuleProbe


def test_fires_and_routes_to_the_case_lead(world):
    case = make_case(world.s1, world.off_s1a)
    measure = make_measure(
        world.s1,
        case=case,
        kind=MeasureKind.ONSITE_RESTRAINT,
        is_onsite_emergency=True,
        started_at=at("2026-09-05 10:00"),
    )
    probe = RuleProbe("onsite_coercion_not_reported")
    probe.assert_levels(
        measure, {"2026-09-06 01:00": None, "2026-09-06 03:00": "blue", "2026-09-06 09:00": "yellow"}
    )
    probe.assert_due(measure, "2026-09-06 10:00")
    assert probe.row(measure, at("2026-09-06 11:00"))["officer_id"] == world.off_s1a.pk


def test_reported_does_not_fire(world):
    measure = make_measure(
        world.s1,
        is_onsite_emergency=True,
        started_at=at("2026-09-05 10:00"),
        reported_at=at("2026-09-05 18:00"),
    )
    normal = make_measure(world.s1, started_at=at("2026-09-05 10:00"))
    probe = RuleProbe("onsite_coercion_not_reported")
    assert probe.level(measure, "2026-09-06 12:00") is None
    assert probe.level(normal, "2026-09-06 12:00") is None
