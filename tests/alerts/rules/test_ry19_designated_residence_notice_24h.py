from cases.choices import DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe

CODE = "designated_residence_notice_24h"


def designated(world, designated_residence=True, **fields):
    case = make_case(world.s1, world.off_s1a)
    return make_measure(
        world.s1,
        case=case,
        kind=MeasureKind.RESIDENTIAL_SURVEILLANCE,
        designated_residence=designated_residence,
        started_at=at("2026-09-30 15:20"),
        **fields,
    )


def test_twenty_four_hours(world):
    measure = designated(world)
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-10-01 03:19": None, "2026-10-01 03:20": "blue", "2026-10-01 11:20": "yellow"}
    )
    probe.assert_due(measure, "2026-10-01 15:20")


def test_notice_in_time_or_reason_or_home_surveillance_never_red(world):
    noticed = designated(world)
    make_document(world.s1, DocumentKind.FAMILY_NOTICE, measure=noticed, served_at=at("2026-10-01 09:00"))
    reason = designated(world, family_notice_waiver="无法联系家属")
    at_home = designated(world, designated_residence=False)
    late = designated(world, family_notified_at=at("2026-10-01 18:00"))
    probe = RuleProbe(CODE)
    for measure in (noticed, reason, at_home):
        assert probe.level(measure, "2026-10-02 00:00") is None
    row = probe.row(late, at("2026-10-02 00:00"))
    assert row["level"] == "red" and row["late"]
