from cases.choices import (
    DocumentKind,
    LimitChangeReason,
    LimitClock,
    MeasureEndReason,
    MeasureKind,
)

from ..factories import at, make_case, make_change, make_document, make_measure
from ..probe import RuleProbe


def detention(world, **fields):
    case = make_case(world.s1, world.off_s1a)
    return make_measure(world.s1, case=case, kind=MeasureKind.CRIMINAL_DETENTION, **fields)


def test_three_days_in_custody_no_holiday_roll_over(world):
    measure = detention(world, started_at=at("2026-09-28 10:00"))
    probe = RuleProbe("arrest_request_deadline")
    probe.assert_levels(
        measure, {"2026-09-29 23:59": None, "2026-09-30 00:00": "blue", "2026-10-01 00:00": "yellow"}
    )
    probe.assert_due(measure, "2026-10-01 24:00")  # National Day, but in custody
    assert "不因节假日顺延" in probe.explain(measure, "2026-10-01 12:00")


def test_extensions_to_seven_and_thirty_days(world):
    measure = detention(world, started_at=at("2026-03-01 10:00"))
    probe = RuleProbe("arrest_request_deadline")
    make_change(
        measure=measure,
        clock=LimitClock.ARREST_REQUEST,
        new_limit_value=7,
        effective_at=at("2026-03-04 09:00"),
        approved_at=at("2026-03-04 09:00"),
        reason=LimitChangeReason.COMPLEX_CASE,
    )
    probe.assert_due(measure, "2026-03-08 24:00")
    make_change(
        measure=measure,
        clock=LimitClock.ARREST_REQUEST,
        new_limit_value=30,
        effective_at=at("2026-03-07 09:00"),
        approved_at=at("2026-03-07 09:00"),
        reason=LimitChangeReason.ROVING_SERIAL_GANG,
    )
    probe.assert_due(measure, "2026-03-31 24:00")
    assert probe.level(measure, "2026-03-25 23:59") is None
    assert probe.level(measure, "2026-03-26 00:00") == "blue"  # 30-day band: 6 days before


def test_unapproved_extension_stays_at_three_days(world):
    measure = detention(world, started_at=at("2026-03-01 10:00"))
    make_change(
        measure=measure,
        clock=LimitClock.ARREST_REQUEST,
        new_limit_value=7,
        effective_at=at("2026-03-04 09:00"),
    )
    assert RuleProbe("arrest_request_deadline").level(measure, "2026-03-05 00:01") == "red"


def test_arrest_request_or_release_stops_it(world):
    requested = detention(world, started_at=at("2026-03-01 10:00"))
    make_document(world.s1, DocumentKind.ARREST_REQUEST, measure=requested, issued_at=at("2026-03-03 15:00"))
    released = detention(
        world,
        started_at=at("2026-03-01 10:00"),
        ended_at=at("2026-03-02 10:00"),
        end_reason=MeasureEndReason.CHANGED,
    )
    arrest = make_measure(world.s1, kind=MeasureKind.ARREST, started_at=at("2026-03-01 10:00"))
    probe = RuleProbe("arrest_request_deadline")
    for measure in (requested, released, arrest):
        assert probe.level(measure, "2026-03-06 00:00") is None


def test_request_linked_to_the_person_counts(world):
    measure = detention(world, started_at=at("2026-03-01 10:00"))
    make_document(
        world.s1, DocumentKind.ARREST_REQUEST, person=measure.person, issued_at=at("2026-03-03 15:00")
    )
    assert RuleProbe("arrest_request_deadline").level(measure, "2026-03-06 00:00") is None
