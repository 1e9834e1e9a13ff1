from cases.choices import CaseKind, DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure, make_person
from ..probe import RuleProbe

CODE = "deputy_permission_missing"


def measure_of(world, deputy=True, case_kind=CaseKind.CRIMINAL, **fields):
    case = make_case(world.s1, world.off_s1a, kind=case_kind)
    person = make_person(world.s1, case=case, is_deputy=deputy)
    return make_measure(
        world.s1,
        case=case,
        person=person,
        kind=MeasureKind.CRIMINAL_DETENTION,
        started_at=at("2026-09-05 10:00"),
        **fields,
    )


def test_red_only_after_24_hours_without_permission(world):
    measure = measure_of(world)
    probe = RuleProbe(CODE)
    assert probe.level(measure, "2026-09-06 09:00") is None
    probe.assert_due(measure, "2026-09-06 10:00")


def test_prior_permission_or_report_in_time_never_red_late_cleared(world):
    permitted = measure_of(world)
    make_document(
        world.s1, DocumentKind.DEPUTY_PERMISSION, person=permitted.person, issued_at=at("2026-09-01 10:00")
    )
    reported = measure_of(world)
    make_document(
        world.s1, DocumentKind.DEPUTY_PERMISSION, measure=reported, issued_at=at("2026-09-05 20:00")
    )
    stale = measure_of(world)
    make_document(
        world.s1, DocumentKind.DEPUTY_PERMISSION, person=stale.person, issued_at=at("2026-06-01 10:00")
    )
    late = measure_of(world)
    make_document(world.s1, DocumentKind.DEPUTY_PERMISSION, measure=late, issued_at=at("2026-09-07 10:00"))
    ordinary = measure_of(world, deputy=False)
    probe = RuleProbe(CODE)
    for measure in (permitted, reported, ordinary):
        assert probe.level(measure, "2026-09-08 00:00") is None
    assert probe.level(stale, "2026-09-08 00:00") == "red"  # a permission from months before is not this one
    row = probe.row(late, at("2026-09-08 00:00"))
    assert row["level"] == "red" and row["late"]
