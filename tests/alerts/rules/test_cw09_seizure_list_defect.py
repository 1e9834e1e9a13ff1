from cases.choices import CaseKind, DocumentKind, SeizureKind

from ..factories import at, make_case, make_document, make_property
from ..probe import RuleProbe

COMPLETE = {
    "receipt_issued": True,
    "list_signed_by_officer": True,
    "list_signed_by_holder": True,
    "list_signed_by_witness": True,
    "list_has_details": True,
}


def seized(world, kind=CaseKind.CRIMINAL, **fields):
    defaults = {
        **COMPLETE,
        "seized_at": at("2026-09-05 10:00"),
        "seized_by": world.off_s1b,
        "case": make_case(world.s1, world.off_s1a, kind=kind),
    }
    return make_property(world.s1, **{**defaults, **fields})


def test_missing_holder_signature_is_red_on_detection(world):
    item = seized(world, list_signed_by_holder=False)
    probe = RuleProbe("seizure_list_defect")
    probe.assert_due(item, "2026-09-05 10:00")
    assert probe.row(item, at("2026-09-06 00:00"))["officer_id"] == world.off_s1b.pk


def test_every_defect_fires(world):
    no_list = seized(world, **dict.fromkeys(COMPLETE, False))
    no_details = seized(world, list_has_details=False)
    no_officer = seized(world, list_signed_by_officer=False)
    no_witness = seized(world, list_signed_by_witness=False)
    probe = RuleProbe("seizure_list_defect")
    for item in (no_list, no_details, no_officer, no_witness):
        assert probe.level(item, "2026-09-05 10:01") == "red"


def test_complete_refused_or_recorded_does_not_fire(world):
    complete = seized(world)
    refused = seized(world, list_signed_by_holder=False)
    make_document(world.s1, DocumentKind.SEIZURE_LIST, property=refused, subject_refusal_noted=True)
    recorded = seized(world, list_signed_by_witness=False)
    make_document(world.s1, DocumentKind.SEIZURE_LIST, property=recorded, has_av_recording=True)
    admin_no_witness = seized(
        world, CaseKind.ADMINISTRATIVE, seizure_kind=SeizureKind.ADMIN_SEIZURE, list_signed_by_witness=False
    )
    frozen = seized(world, seizure_kind=SeizureKind.FREEZE, list_signed_by_holder=False)
    probe = RuleProbe("seizure_list_defect")
    for item in (complete, refused, recorded, admin_no_witness, frozen):
        assert probe.level(item, "2026-09-06 00:00") is None


def test_no_list_flag_but_a_list_document_counts_as_a_list(world):
    item = seized(world, receipt_issued=False)
    make_document(world.s1, DocumentKind.SEIZURE_LIST, property=item, issued_at=at("2026-09-05 10:00"))
    assert RuleProbe("seizure_list_defect").level(item, "2026-09-06 00:00") is None
