from cases.choices import CaseKind, DocumentKind, PersonRole, SessionKind, SessionLocation
from cases.models import QuestioningSession

from ..factories import at, make_case, make_document, make_person
from ..probe import RuleProbe


def deaf_suspect(world, found="2026-09-07 10:00", **fields):
    case = make_case(world.s1, world.off_s1a, kind=fields.pop("kind", CaseKind.CRIMINAL))
    defaults = {"role": PersonRole.SUSPECT, "is_disabled": True, "special_situation_found_at": at(found)}
    return make_person(world.s1, case=case, **{**defaults, **fields})


def test_three_days_from_the_finding(world):
    person = deaf_suspect(world)
    probe = RuleProbe("legal_aid_not_notified")
    probe.assert_levels(
        person, {"2026-09-08 23:59": None, "2026-09-09 00:00": "blue", "2026-09-10 00:00": "yellow"}
    )
    probe.assert_due(person, "2026-09-10 24:00")
    assert probe.row(person, at("2026-09-11 00:01"))["officer_id"] == world.off_s1a.pk


def test_last_day_on_a_holiday_rolls_over(world):
    # Found Tuesday 22 September: the third day is Friday 25 September (Mid-Autumn Festival,
    # 25–27 off) → due Monday 28 September. A notice period, not a custody one.
    person = deaf_suspect(world, found="2026-09-22 16:00")
    probe = RuleProbe("legal_aid_not_notified")
    probe.assert_due(person, "2026-09-28 24:00")
    assert "中秋节" in probe.explain(person, "2026-09-27 00:00")


def test_flagged_minor_without_a_recorded_finding_counts_from_the_first_interrogation(world):
    minor = deaf_suspect(world, is_disabled=False, is_minor=True)
    minor.special_situation_found_at = None
    minor.save()
    QuestioningSession.objects.create(
        external_id=f"XW-{minor.pk}",
        unit=world.s1,
        case=minor.case,
        person=minor,
        kind=SessionKind.INTERROGATION,
        location=SessionLocation.HANDLING_AREA,
        started_at=at("2026-09-08 09:00"),
    )
    RuleProbe("legal_aid_not_notified").assert_due(minor, "2026-09-11 24:00")


def test_notice_in_time_or_a_defender_does_not_fire(world):
    notified = deaf_suspect(world)
    make_document(
        world.s1,
        DocumentKind.LEGAL_AID_NOTICE,
        person=notified,
        case=notified.case,
        issued_at=at("2026-09-09 10:00"),
    )
    defended = deaf_suspect(world, has_defender=True)
    unflagged = deaf_suspect(world, is_disabled=False, special_situation_found_at=None)
    violator = deaf_suspect(world, kind=CaseKind.ADMINISTRATIVE, role=PersonRole.VIOLATOR)
    probe = RuleProbe("legal_aid_not_notified")
    for person in (notified, defended, unflagged, violator):
        assert probe.level(person, "2026-09-15 00:00") is None


def test_late_notice_is_a_recorded_breach(world):
    person = deaf_suspect(world)
    make_document(
        world.s1,
        DocumentKind.LEGAL_AID_NOTICE,
        person=person,
        case=person.case,
        issued_at=at("2026-09-12 10:00"),
    )
    row = RuleProbe("legal_aid_not_notified").row(person, at("2026-09-13 00:00"))
    assert row["level"] == "red" and row["late"]
