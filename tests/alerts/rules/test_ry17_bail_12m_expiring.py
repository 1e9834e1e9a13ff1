from cases.choices import DecidingOrgan, DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe

CODE = "bail_12m_expiring"


def bail(world, **fields):
    case = fields.pop("case", None) or make_case(world.s1, world.off_s1a)
    return make_measure(world.s1, case=case, kind=MeasureKind.BAIL, **fields)


def test_twelve_months_from_the_decision_no_holiday_roll_over(world):
    measure = bail(world, decided_at=at("2025-10-01 09:00"), started_at=at("2025-10-01 11:00"))
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-01 23:59": None, "2026-09-02 00:00": "blue", "2026-09-17 00:00": "yellow"}
    )
    probe.assert_due(measure, "2026-10-01 24:00")  # National Day: the maximum is not extended
    assert probe.row(measure, at("2026-10-02 00:00"))["officer_id"] == world.off_s1a.pk
    assert "不因节假日顺延" in probe.explain(measure, "2026-10-02 00:00")


def test_lifted_or_transferred_in_time_never_red_late_lift_cleared(world):
    lifted = bail(world, started_at=at("2025-10-01 11:00"))
    make_document(world.s1, DocumentKind.MEASURE_RELEASE, measure=lifted, issued_at=at("2026-09-20 10:00"))
    transferred = bail(
        world,
        case=make_case(world.s1, transferred_for_prosecution_at=at("2026-05-01 10:00")),
        started_at=at("2025-10-01 11:00"),
    )
    late = bail(world, started_at=at("2025-10-01 11:00"), ended_at=at("2026-10-05 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(lifted, "2026-10-10 00:00") is None
    assert probe.level(transferred, "2026-10-10 00:00") is None
    row = probe.row(late, at("2026-10-10 00:00"))
    assert row["level"] == "red" and row["late"]


def test_only_police_bail(world):
    court = bail(world, started_at=at("2025-10-01 11:00"), decided_by=DecidingOrgan.COURT)
    assert RuleProbe(CODE).level(court, "2026-10-10 00:00") is None
