from cases.choices import DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe


def record(world, **fields):
    defaults = {"issued_at": at("2026-09-05 10:00"), "case": make_case(world.s1, world.off_s1a)}
    return make_document(world.s1, DocumentKind.INTERROGATION_RECORD, **{**defaults, **fields})


def test_unsigned_record_is_red_only(world):
    unsigned = record(world, signed_by_officers=True)
    officers_missing = record(world, signed_by_subject=True)
    probe = RuleProbe("record_signature_missing")
    probe.assert_due(unsigned, "2026-09-05 10:00")
    assert probe.level(officers_missing, "2026-09-05 10:01") == "red"
    assert probe.row(unsigned, at("2026-09-06 00:00"))["officer_id"] == world.off_s1a.pk


def test_signed_or_refusal_noted_does_not_fire(world):
    signed = record(world, signed_by_subject=True, signed_by_officers=True)
    refused = record(world, subject_refusal_noted=True, signed_by_officers=True)
    other = make_document(world.s1, DocumentKind.SEARCH_RECORD, issued_at=at("2026-09-05 10:00"))
    probe = RuleProbe("record_signature_missing")
    for document in (signed, refused, other):
        assert probe.level(document, "2026-09-06 00:00") is None
