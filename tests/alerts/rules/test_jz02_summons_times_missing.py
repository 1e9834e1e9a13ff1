from cases.choices import CaseKind, DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe


def certificate(world, ended=None, **fields):
    case = make_case(world.s1, world.off_s1a, kind=CaseKind.ADMINISTRATIVE)
    measure = make_measure(
        world.s1,
        case=case,
        kind=MeasureKind.ADMIN_SUMMONS,
        started_at=at("2026-09-05 10:00"),
        ended_at=at(ended) if ended else None,
    )
    defaults = {
        "case": case,
        "measure": measure,
        "issued_at": at("2026-09-05 09:45"),
        "arrival_time_filled": True,
        "leave_time_filled": False,
        "signed_by_subject": True,
    }
    return make_document(world.s1, DocumentKind.SUMMONS_CERTIFICATE, **{**defaults, **fields})


def test_arrival_time_missing_is_red_from_the_arrival(world):
    document = certificate(world, arrival_time_filled=False)
    probe = RuleProbe("summons_times_missing")
    probe.assert_due(document, "2026-09-05 10:00")
    assert probe.row(document, at("2026-09-05 11:00"))["officer_id"] == world.off_s1a.pk


def test_leaving_time_missing_once_the_summons_is_over(world):
    ended = certificate(world, ended="2026-09-05 16:00")
    running = certificate(world)
    probe = RuleProbe("summons_times_missing")
    assert probe.level(ended, "2026-09-05 15:59") is None
    assert probe.level(ended, "2026-09-05 16:00") == "red"
    assert probe.level(running, "2026-09-06 09:59") is None
    assert probe.level(running, "2026-09-06 10:01") == "red"  # no summons lasts beyond 24 hours


def test_unsigned_without_a_refusal_note_fires(world):
    unsigned = certificate(world, signed_by_subject=False)
    refused = certificate(world, signed_by_subject=False, subject_refusal_noted=True)
    probe = RuleProbe("summons_times_missing")
    assert probe.level(unsigned, "2026-09-05 11:00") == "red"
    assert probe.level(refused, "2026-09-05 11:00") is None


def test_complete_certificate_or_other_document_does_not_fire(world):
    complete = certificate(world, ended="2026-09-05 16:00", leave_time_filled=True)
    other = make_document(world.s1, DocumentKind.DETENTION_WARRANT, issued_at=at("2026-09-05 10:00"))
    probe = RuleProbe("summons_times_missing")
    for document in (complete, other):
        assert probe.level(document, "2026-09-07 00:00") is None
