from cases.choices import DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe

CODE = "rsdl_6m_expiring"


def rsdl(world, **fields):
    case = make_case(world.s1, world.off_s1a)
    return make_measure(world.s1, case=case, kind=MeasureKind.RESIDENTIAL_SURVEILLANCE, **fields)


def test_six_months(world):
    measure = rsdl(world, started_at=at("2026-03-31 10:00"))
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-10 23:59": None, "2026-09-11 00:00": "blue", "2026-09-21 00:00": "yellow"}
    )
    probe.assert_due(measure, "2026-09-30 24:00")
    RuleProbe(CODE, params={"month_end": "next_day"}).assert_due(measure, "2026-10-01 24:00")


def test_changed_in_time_never_red_bail_ignored(world):
    changed = rsdl(world, started_at=at("2026-03-01 10:00"))
    make_document(
        world.s1, DocumentKind.MEASURE_CHANGE_DECISION, measure=changed, issued_at=at("2026-08-20 10:00")
    )
    bail = make_measure(world.s1, kind=MeasureKind.BAIL, started_at=at("2026-03-01 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(changed, "2026-09-10 00:00") is None
    assert probe.level(bail, "2026-09-10 00:00") is None
    assert probe.level(rsdl(world, started_at=at("2026-03-01 10:00")), "2026-09-02 00:01") == "red"
