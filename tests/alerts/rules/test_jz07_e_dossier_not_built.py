from cases.choices import CaseKind, CaseStatus, DocumentKind
from cases.models import CaseFile

from ..factories import at, make_case, make_document
from ..probe import RuleProbe


def filed(world, e_file=None, kind=CaseKind.CRIMINAL, **fields):
    case = make_case(
        world.s1, world.off_s1a, kind=kind, status=CaseStatus.FILED, filed_at=at("2026-06-01 10:00"), **fields
    )
    CaseFile.objects.create(
        external_id=f"JZ-{case.pk}",
        unit=case.unit,
        case=case,
        built_at=at("2026-06-01 12:00"),
        e_file_built_at=at(e_file) if e_file else None,
    )
    return case


def test_unsolved_case_without_an_e_file_by_day_59(world):
    case = filed(world)
    probe = RuleProbe("e_dossier_not_built")
    probe.assert_levels(
        case, {"2026-07-20 23:59": None, "2026-07-21 00:00": "blue", "2026-07-28 00:00": "yellow"}
    )
    probe.assert_due(case, "2026-07-30 24:00")
    assert probe.row(case, at("2026-08-01 00:00"))["officer_id"] == world.off_s1a.pk


def test_an_unscanned_key_document_leaves_the_e_file_incomplete(world):
    case = filed(world, e_file="2026-07-25 10:00")
    make_document(world.s1, DocumentKind.INQUIRY_RECORD, case=case, issued_at=at("2026-06-02 10:00"))
    probe = RuleProbe("e_dossier_not_built")
    assert probe.level(case, "2026-07-31 00:01") == "red"
    assert (
        RuleProbe("e_dossier_not_built", params={"check_scanned": False}).level(case, "2026-07-31 00:01")
        is None
    )


def test_e_filed_in_time_solved_or_administrative_does_not_fire(world):
    e_filed = filed(world, e_file="2026-07-25 10:00")
    make_document(
        world.s1, DocumentKind.INQUIRY_RECORD, case=e_filed, issued_at=at("2026-06-02 10:00"), scanned=True
    )
    solved = filed(world, solved_at=at("2026-07-01 10:00"))
    admin = filed(world, kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe("e_dossier_not_built")
    for case in (e_filed, solved, admin):
        assert probe.level(case, "2026-08-10 00:00") is None


def test_days_are_a_parameter(world):
    case = filed(world)
    RuleProbe("e_dossier_not_built", params={"days": 30}).assert_due(case, "2026-07-01 24:00")
