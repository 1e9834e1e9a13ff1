from cases.choices import MeasureKind, SessionKind, SessionLocation
from cases.models import QuestioningSession

from ..factories import at, make_case, make_measure
from ..probe import RuleProbe

CODE = "interrogation_outside_jail"


def interrogate(world, measure, start, location, kind=SessionKind.INTERROGATION):
    return QuestioningSession.objects.create(
        external_id=f"XW-{measure.pk}-{start}",
        unit=world.s1,
        case=measure.case,
        person=measure.person,
        kind=kind,
        location=location,
        started_at=at(start),
    )


def sent(world, **fields):
    return make_measure(
        world.s1,
        case=make_case(world.s1, world.off_s1a),
        kind=MeasureKind.ARREST,
        started_at=at("2026-09-01 10:00"),
        sent_to_facility_at=at("2026-09-01 18:00"),
        **fields,
    )


def test_interrogation_outside_after_sending_is_red(world):
    measure = sent(world)
    interrogate(world, measure, "2026-09-01 12:00", SessionLocation.HANDLING_AREA)  # before sending: fine
    interrogate(world, measure, "2026-09-03 09:00", SessionLocation.HANDLING_AREA)
    probe = RuleProbe(CODE)
    assert probe.level(measure, "2026-09-02 00:00") is None
    probe.assert_due(measure, "2026-09-03 09:00")
    assert probe.row(measure, at("2026-09-04 00:00"))["officer_id"] == world.off_s1a.pk


def test_in_the_detention_centre_or_hospital_or_after_the_end_does_not_fire(world):
    inside = sent(world)
    interrogate(world, inside, "2026-09-03 09:00", SessionLocation.DETENTION_CENTRE)
    hospital = sent(world)
    interrogate(world, hospital, "2026-09-03 09:00", SessionLocation.HOSPITAL)
    ended = sent(world, ended_at=at("2026-09-02 10:00"))
    interrogate(world, ended, "2026-09-03 09:00", SessionLocation.HANDLING_AREA)
    witness = sent(world)
    interrogate(world, witness, "2026-09-03 09:00", SessionLocation.HANDLING_AREA, kind=SessionKind.INQUIRY)
    probe = RuleProbe(CODE)
    for measure in (inside, hospital, ended, witness):
        assert probe.level(measure, "2026-09-04 00:00") is None
