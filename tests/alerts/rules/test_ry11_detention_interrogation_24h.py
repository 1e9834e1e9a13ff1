from cases.choices import DocumentKind, MeasureKind, SessionKind, SessionLocation
from cases.models import QuestioningSession

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe

CODE = "detention_interrogation_24h"


def detention(world, **fields):
    case = make_case(world.s1, world.off_s1a)
    return make_measure(
        world.s1, case=case, kind=MeasureKind.CRIMINAL_DETENTION, started_at=at("2026-09-05 10:00"), **fields
    )


def interrogate(world, measure, when, kind=SessionKind.INTERROGATION):
    return QuestioningSession.objects.create(
        external_id=f"XW-{measure.pk}-{when}",
        unit=world.s1,
        person=measure.person,
        case=measure.case,
        kind=kind,
        location=SessionLocation.DETENTION_CENTRE,
        started_at=at(when),
    )


def test_twenty_four_hours_from_the_detention(world):
    measure = detention(world)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-05 21:59": None, "2026-09-05 22:00": "blue", "2026-09-06 06:00": "yellow"}
    )
    probe.assert_due(measure, "2026-09-06 10:00")


def test_interrogated_in_time_never_red(world):
    session = detention(world)
    interrogate(world, session, "2026-09-05 15:00")
    record = detention(world)
    make_document(
        world.s1, DocumentKind.INTERROGATION_RECORD, person=record.person, issued_at=at("2026-09-06 09:00")
    )
    released = detention(world, ended_at=at("2026-09-05 20:00"))
    probe = RuleProbe(CODE)
    for measure in (session, record, released):
        assert probe.level(measure, "2026-09-07 00:00") is None


def test_before_the_detention_or_an_inquiry_does_not_count(world):
    before = detention(world)
    interrogate(world, before, "2026-09-05 09:00")
    inquiry = detention(world)
    interrogate(world, inquiry, "2026-09-05 12:00", kind=SessionKind.INQUIRY)
    late = detention(world)
    interrogate(world, late, "2026-09-06 11:00")
    probe = RuleProbe(CODE)
    assert probe.level(before, "2026-09-06 10:01") == "red"
    assert probe.level(inquiry, "2026-09-06 10:01") == "red"
    assert probe.row(late, at("2026-09-07 00:00"))["late"]
