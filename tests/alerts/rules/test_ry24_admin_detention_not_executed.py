from alerts.rules.common import PUBLIC_ORDER_LAW_2012, PUBLIC_ORDER_LAW_2026
from cases.choices import DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe

CODE = "admin_detention_not_executed"


def decided(world, **fields):
    return make_measure(
        world.s1,
        case=make_case(world.s1, world.off_s1a, kind="administrative"),
        kind=MeasureKind.ADMIN_DETENTION,
        decided_at=at("2026-09-30 15:20"),
        started_at=at("2026-09-30 15:20"),
        **fields,
    )


def test_twenty_four_hours_from_the_decision(world):
    measure = decided(world)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-10-01 03:19": None, "2026-10-01 03:20": "blue", "2026-10-01 11:20": "yellow"}
    )
    probe.assert_due(measure, "2026-10-01 15:20")
    assert RuleProbe(CODE, params={"limit_hours": 12}).level(measure, "2026-10-01 03:21") == "red"
    laws = [str(b.law) for b in probe.rule.basis_for(at("2026-09-30 15:20").date())]
    assert str(PUBLIC_ORDER_LAW_2026) in laws and str(PUBLIC_ORDER_LAW_2012) not in laws


def test_executed_or_deferred_in_time_never_red_late_cleared(world):
    executed = decided(world)
    make_document(
        world.s1,
        DocumentKind.DETENTION_EXECUTION,
        measure=executed,
        person=executed.person,
        issued_at=at("2026-10-01 09:00"),
    )
    started = decided(world)
    started.started_at = at("2026-09-30 18:00")
    started.save()
    deferred = decided(world, deferred=True)
    late = decided(world, sent_to_facility_at=at("2026-10-02 09:00"))
    probe = RuleProbe(CODE)
    for measure in (executed, started, deferred):
        assert probe.level(measure, "2026-10-03 00:00") is None
    row = probe.row(late, at("2026-10-03 00:00"))
    assert row["level"] == "red" and row["late"]
