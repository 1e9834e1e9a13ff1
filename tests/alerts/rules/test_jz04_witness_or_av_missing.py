from cases.choices import CaseKind, DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe


def record(world, kind=DocumentKind.SEARCH_RECORD, case_kind=CaseKind.CRIMINAL, **fields):
    defaults = {
        "issued_at": at("2026-09-05 10:00"),
        "case": make_case(world.s1, world.off_s1a, kind=case_kind),
    }
    return make_document(world.s1, kind, **{**defaults, **fields})


def test_no_witness_and_no_recording_is_red_on_detection(world):
    search = record(world)
    probe = RuleProbe("witness_or_av_missing")
    probe.assert_due(search, "2026-09-05 10:00")
    assert probe.row(search, at("2026-09-06 00:00"))["officer_id"] == world.off_s1a.pk
    for kind in (DocumentKind.INSPECTION_RECORD, DocumentKind.SEIZURE_LIST):
        assert probe.level(record(world, kind), "2026-09-05 10:01") == "red"


def test_witness_or_recording_or_other_documents_do_not_fire(world):
    witnessed = record(world, signed_by_witness=True)
    recorded = record(world, has_av_recording=True)
    admin = record(world, case_kind=CaseKind.ADMINISTRATIVE)
    other = record(world, DocumentKind.INQUIRY_RECORD)
    probe = RuleProbe("witness_or_av_missing")
    for document in (witnessed, recorded, admin, other):
        assert probe.level(document, "2026-09-06 00:00") is None
