from cases.choices import DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe

CODE = "detention_family_notice_24h"


def detention(world, **fields):
    case = make_case(world.s1, world.off_s1a)
    return make_measure(
        world.s1, case=case, kind=MeasureKind.CRIMINAL_DETENTION, started_at=at("2026-09-05 10:00"), **fields
    )


def test_twenty_four_hours_from_the_detention(world):
    measure = detention(world)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-05 21:59": None, "2026-09-05 22:00": "blue", "2026-09-06 06:00": "yellow"}
    )
    probe.assert_due(measure, "2026-09-06 10:00")


def test_notice_served_in_time_never_red(world):
    on_measure = detention(world, family_notified_at=at("2026-09-05 20:00"))
    served = detention(world)
    make_document(
        world.s1,
        DocumentKind.DETENTION_NOTICE,
        measure=served,
        issued_at=at("2026-09-05 11:00"),
        served_at=at("2026-09-06 09:00"),
    )
    by_person = detention(world)
    make_document(
        world.s1, DocumentKind.DETENTION_NOTICE, person=by_person.person, served_at=at("2026-09-05 12:00")
    )
    probe = RuleProbe(CODE)
    for measure in (on_measure, served, by_person):
        assert probe.level(measure, "2026-09-07 00:00") is None


def test_issued_but_not_served_is_missing_late_service_is_a_breach(world):
    unserved = detention(world)
    make_document(world.s1, DocumentKind.DETENTION_NOTICE, measure=unserved, issued_at=at("2026-09-05 11:00"))
    late = detention(world)
    make_document(world.s1, DocumentKind.DETENTION_NOTICE, measure=late, served_at=at("2026-09-06 12:00"))
    probe = RuleProbe(CODE)
    assert probe.level(unserved, "2026-09-06 10:01") == "red"
    assert probe.row(late, at("2026-09-07 00:00"))["late"]


def test_recorded_reason_excuses(world):
    waived = detention(world, family_notice_waiver="无法联系家属")
    reason_on_notice = detention(world)
    make_document(
        world.s1,
        DocumentKind.DETENTION_NOTICE,
        measure=reason_on_notice,
        served_at=at("2026-09-07 09:00"),
        late_reason="家属联系电话无法接通",
    )
    probe = RuleProbe(CODE)
    assert probe.level(waived, "2026-09-07 00:00") is None
    assert probe.level(reason_on_notice, "2026-09-08 00:00") is None
