from cases.choices import CaseKind, DocumentKind, PersonRole, SessionKind, SessionLocation
from cases.models import QuestioningSession

from ..factories import at, make_case, make_document, make_measure, make_person
from ..probe import RuleProbe


def suspect(world, *, kind=CaseKind.CRIMINAL, role=PersonRole.SUSPECT, detained="2026-09-05 10:00"):
    case = make_case(world.s1, world.off_s1a, kind=kind)
    person = make_person(world.s1, case=case, role=role)
    if detained:
        make_measure(world.s1, person=person, case=case, started_at=at(detained))
    QuestioningSession.objects.create(
        external_id=f"XW-{person.pk}",
        unit=world.s1,
        case=case,
        person=person,
        kind=SessionKind.INTERROGATION,
        location=SessionLocation.DETENTION_CENTRE,
        started_at=at("2026-09-05 14:00"),
    )
    return person


def notice(world, person, when, **fields):
    return make_document(
        world.s1, DocumentKind.RIGHTS_NOTICE, person=person, case=person.case, issued_at=at(when), **fields
    )


def test_red_only_from_the_first_measure_plus_the_tolerance(world):
    person = suspect(world)
    probe = RuleProbe("defence_rights_not_told")
    probe.assert_levels(
        person, {"2026-09-05 12:00": None, "2026-09-06 09:59": None, "2026-09-06 10:01": "red"}
    )
    probe.assert_due(person, "2026-09-06 10:00")  # detention 10:00 + 24 hours (custody or not: hours)
    row = probe.row(person, at("2026-09-07 00:00"))
    assert row["officer_id"] == world.off_s1a.pk and row["case_id"] == person.case_id


def test_first_interrogation_starts_the_clock_without_a_measure(world):
    person = suspect(world, detained=None)
    RuleProbe("defence_rights_not_told").assert_due(person, "2026-09-06 14:00")


def test_strict_reading_without_tolerance(world):
    person = suspect(world)
    RuleProbe("defence_rights_not_told", params={"tolerance_hours": 0}).assert_due(person, "2026-09-05 10:00")


def test_notice_in_time_never_turns_red_a_late_one_is_a_breach(world):
    told = suspect(world)
    notice(world, told, "2026-09-05 14:05")
    case_level = suspect(world)
    make_document(
        world.s1, DocumentKind.RIGHTS_NOTICE, case=case_level.case, issued_at=at("2026-09-05 14:05")
    )
    late = suspect(world)
    notice(world, late, "2026-09-06 12:00")
    probe = RuleProbe("defence_rights_not_told")
    assert probe.level(told, "2026-09-08 00:00") is None
    assert probe.level(case_level, "2026-09-08 00:00") is None
    row = probe.row(late, at("2026-09-08 00:00"))
    assert row["level"] == "red" and row["late"]


def test_witnesses_and_administrative_cases_are_not_watched(world):
    witness = suspect(world, role=PersonRole.WITNESS)
    violator = suspect(world, kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe("defence_rights_not_told")
    assert probe.level(witness, "2026-09-08 00:00") is None
    assert probe.level(violator, "2026-09-08 00:00") is None
