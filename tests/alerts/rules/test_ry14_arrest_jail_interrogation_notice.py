from cases.choices import DocumentKind, MeasureKind, SessionKind, SessionLocation
from cases.models import QuestioningSession

from ..factories import at, make_case, make_document, make_measure, make_person
from ..probe import RuleProbe

CODE = "arrest_jail_interrogation_notice"


def arrest(world, person=None, **fields):
    case = make_case(world.s1, world.off_s1a)
    return make_measure(
        world.s1,
        person=person,
        case=case,
        kind=MeasureKind.ARREST,
        started_at=at("2026-09-05 10:00"),
        **fields,
    )


def interrogate(world, measure, when):
    QuestioningSession.objects.create(
        external_id=f"XW-{measure.pk}-{when}",
        unit=world.s1,
        person=measure.person,
        kind=SessionKind.INTERROGATION,
        location=SessionLocation.DETENTION_CENTRE,
        started_at=at(when),
    )


def test_twenty_four_hours_for_all_three(world):
    measure = arrest(world)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-05 21:59": None, "2026-09-05 22:00": "blue", "2026-09-06 06:00": "yellow"}
    )
    probe.assert_due(measure, "2026-09-06 10:00")


def test_all_three_in_time_never_red(world):
    measure = arrest(
        world, sent_to_facility_at=at("2026-09-05 12:00"), family_notified_at=at("2026-09-05 20:00")
    )
    interrogate(world, measure, "2026-09-06 09:00")
    probe = RuleProbe(CODE)
    assert probe.level(measure, "2026-09-07 00:00") is None


def test_one_missing_is_red(world):
    no_interrogation = arrest(
        world, sent_to_facility_at=at("2026-09-05 12:00"), family_notified_at=at("2026-09-05 20:00")
    )
    no_notice = arrest(world, sent_to_facility_at=at("2026-09-05 12:00"))
    interrogate(world, no_notice, "2026-09-05 15:00")
    late_notice = arrest(world, sent_to_facility_at=at("2026-09-05 12:00"))
    interrogate(world, late_notice, "2026-09-05 15:00")
    make_document(world.s1, DocumentKind.ARREST_NOTICE, measure=late_notice, served_at=at("2026-09-06 11:00"))
    probe = RuleProbe(CODE)
    assert probe.level(no_interrogation, "2026-09-06 10:01") == "red"
    assert probe.level(no_notice, "2026-09-06 10:01") == "red"
    assert probe.row(late_notice, at("2026-09-07 00:00"))["late"]


def test_already_in_the_detention_centre_and_a_recorded_reason(world):
    person = make_person(world.s1)
    make_measure(
        world.s1,
        person=person,
        kind=MeasureKind.CRIMINAL_DETENTION,
        started_at=at("2026-08-30 10:00"),
        sent_to_facility_at=at("2026-08-30 14:00"),
        ended_at=at("2026-09-05 10:00"),
    )
    measure = arrest(world, person=person, family_notice_waiver="身份不明")
    interrogate(world, measure, "2026-09-05 15:00")
    assert RuleProbe(CODE).level(measure, "2026-09-07 00:00") is None
