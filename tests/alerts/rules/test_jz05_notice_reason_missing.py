from cases.choices import DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe


def detention(world, kind=MeasureKind.CRIMINAL_DETENTION):
    case = make_case(world.s1, world.off_s1a)
    return make_measure(world.s1, case=case, kind=kind, started_at=at("2026-09-05 10:00"))


def notice(world, measure, served, kind=DocumentKind.DETENTION_NOTICE, linked=True, **fields):
    return make_document(
        world.s1,
        kind,
        case=measure.case,
        person=measure.person,
        measure=measure if linked else None,
        issued_at=at(served),
        served_at=at(served),
        **fields,
    )


def test_late_notice_without_reason_is_red_on_detection(world):
    document = notice(world, detention(world), "2026-09-06 12:00")
    probe = RuleProbe("notice_reason_missing")
    probe.assert_due(document, "2026-09-06 12:00")
    assert probe.row(document, at("2026-09-07 00:00"))["officer_id"] == world.off_s1a.pk


def test_the_24_hour_boundary(world):
    on_time = notice(world, detention(world), "2026-09-06 10:00")
    late = notice(world, detention(world), "2026-09-06 10:01")
    probe = RuleProbe("notice_reason_missing")
    assert probe.level(on_time, "2026-09-07 00:00") is None
    assert probe.level(late, "2026-09-07 00:00") == "red"


def test_unlinked_arrest_notice_uses_the_persons_arrest(world):
    arrest = detention(world, kind=MeasureKind.ARREST)
    document = notice(world, arrest, "2026-09-07 10:00", kind=DocumentKind.ARREST_NOTICE, linked=False)
    assert RuleProbe("notice_reason_missing").level(document, "2026-09-08 00:00") == "red"


def test_reason_written_does_not_fire(world):
    reason = notice(world, detention(world), "2026-09-07 10:00", late_reason="家属联系电话无法接通")
    impossible = notice(world, detention(world), "2026-09-07 10:00", service_impossible_reason="无家属")
    probe = RuleProbe("notice_reason_missing")
    for document in (reason, impossible):
        assert probe.level(document, "2026-09-08 00:00") is None
