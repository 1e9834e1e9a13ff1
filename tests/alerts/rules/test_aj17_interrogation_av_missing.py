from cases.choices import CaseKind, DocumentKind, SessionKind, SessionLocation
from cases.models import QuestioningSession

from ..factories import at, make_case, make_document, make_person
from ..probe import RuleProbe


def interrogation(world, *, major=True, kind=CaseKind.CRIMINAL, session=True, **session_fields):
    case = make_case(world.s1, world.off_s1a, kind=kind, is_major=major)
    suspect = make_person(world.s1, case=case)
    linked = None
    if session:
        linked = QuestioningSession.objects.create(
            external_id=f"XW-{suspect.pk}",
            unit=world.s1,
            case=case,
            person=suspect,
            kind=SessionKind.INTERROGATION,
            location=SessionLocation.HANDLING_AREA,
            started_at=at("2026-09-05 10:00"),
            ended_at=at("2026-09-05 11:00"),
            officer=world.off_s1b,
            **session_fields,
        )
    return make_document(
        world.s1,
        DocumentKind.INTERROGATION_RECORD,
        case=case,
        person=suspect,
        session=linked,
        issued_at=at("2026-09-05 11:00"),
    )


def test_major_case_interrogation_not_fully_recorded_is_red(world):
    broken = interrogation(world, av_recorded=True, av_complete=False)
    unrecorded = interrogation(world, av_recorded=False)
    probe = RuleProbe("interrogation_av_missing")
    probe.assert_due(broken, "2026-09-05 10:00")  # red from the interrogation on, nothing before
    assert probe.level(unrecorded, "2026-09-05 10:01") == "red"
    row = probe.row(broken, at("2026-09-06 00:00"))
    assert row["officer_id"] == world.off_s1b.pk and row["case_id"] == broken.case_id


def test_record_without_session_counts_its_own_flag(world):
    no_recording = interrogation(world, session=False)
    probe = RuleProbe("interrogation_av_missing")
    assert probe.level(no_recording, "2026-09-06 00:00") == "red"
    no_recording.has_av_recording = True
    no_recording.save()
    assert probe.level(no_recording, "2026-09-06 00:00") is None


def test_complete_recording_or_ordinary_case_does_not_fire(world):
    complete = interrogation(world, av_recorded=True, av_complete=True)
    ordinary = interrogation(world, major=False, av_recorded=False)
    administrative = interrogation(world, kind=CaseKind.ADMINISTRATIVE, av_recorded=False)
    probe = RuleProbe("interrogation_av_missing")
    for record in (complete, ordinary, administrative):
        assert probe.level(record, "2026-09-06 00:00") is None
