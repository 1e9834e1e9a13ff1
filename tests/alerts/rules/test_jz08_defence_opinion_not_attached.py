from cases.choices import DocumentDirection, DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe


def opinion(world, **fields):
    defaults = {
        "direction": DocumentDirection.RECEIVED,
        "case": make_case(world.s1, world.off_s1a),
        "received_at": at("2026-09-05 10:00"),
        "issued_at": at("2026-09-04 16:00"),
    }
    return make_document(world.s1, DocumentKind.DEFENCE_OPINION, **{**defaults, **fields})


def test_opinion_not_in_the_file_is_red_from_its_receipt(world):
    document = opinion(world)
    probe = RuleProbe("defence_opinion_not_attached")
    probe.assert_due(document, "2026-09-05 10:00")
    assert probe.row(document, at("2026-09-06 00:00"))["officer_id"] == world.off_s1a.pk


def test_attached_or_other_documents_do_not_fire(world):
    attached = opinion(world, in_file=True)
    other = make_document(world.s1, DocumentKind.OTHER, issued_at=at("2026-09-05 10:00"))
    probe = RuleProbe("defence_opinion_not_attached")
    for document in (attached, other):
        assert probe.level(document, "2026-09-06 00:00") is None
