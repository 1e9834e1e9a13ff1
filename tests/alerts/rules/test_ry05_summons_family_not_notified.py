from cases.choices import CaseKind, DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure, make_person
from ..probe import RuleProbe

CODE = "summons_family_not_notified"


def summons(world, **fields):
    case = make_case(world.s1, world.off_s1a, kind=CaseKind.ADMINISTRATIVE)
    return make_measure(world.s1, case=case, kind=MeasureKind.ADMIN_SUMMONS, **fields)


def test_yellow_after_two_hours_red_after_four(world):
    measure = summons(world, started_at=at("2026-09-05 10:00"))
    probe = RuleProbe(CODE)
    probe.assert_levels(measure, {"2026-09-05 11:59": None, "2026-09-05 12:00": "yellow"})
    probe.assert_due(measure, "2026-09-05 14:00")
    assert RuleProbe(CODE, params={"limit_hours": 3}).level(measure, "2026-09-05 13:01") == "red"


def test_notice_in_time_on_the_measure_or_as_a_document(world):
    noted = summons(world, started_at=at("2026-09-05 10:00"), family_notified_at=at("2026-09-05 10:30"))
    served = summons(world, started_at=at("2026-09-05 10:00"))
    make_document(world.s1, DocumentKind.FAMILY_NOTICE, measure=served, served_at=at("2026-09-05 13:00"))
    late = summons(world, started_at=at("2026-09-05 10:00"), family_notified_at=at("2026-09-05 15:00"))
    probe = RuleProbe(CODE)
    assert probe.level(noted, "2026-09-06 00:00") is None
    assert probe.level(served, "2026-09-06 00:00") is None
    assert probe.row(late, at("2026-09-06 00:00"))["late"]


def test_not_counted_reason_unknown_identity_released_or_criminal(world):
    waived = summons(world, started_at=at("2026-09-05 10:00"), family_notice_waiver="拒不提供家属联系方式")
    unknown = summons(
        world, person=make_person(world.s1, identity_unknown=True), started_at=at("2026-09-05 10:00")
    )
    released = summons(world, started_at=at("2026-09-05 10:00"), ended_at=at("2026-09-05 13:00"))
    criminal = make_measure(world.s1, kind=MeasureKind.CRIMINAL_SUMMONS, started_at=at("2026-09-05 10:00"))
    probe = RuleProbe(CODE)
    for measure in (waived, unknown, released, criminal):
        assert probe.level(measure, "2026-09-06 00:00") is None
