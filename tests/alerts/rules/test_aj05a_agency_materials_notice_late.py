from cases.choices import CaseSource, DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe

CODE = "agency_materials_notice_late"


def transferred(world, **fields):
    return make_case(
        world.s1,
        world.off_s1a,
        source=CaseSource.AGENCY_TRANSFER,
        accepted_at=at("2026-09-01 10:00"),
        **fields,
    )


def notice(world, case, when):
    return make_document(world.s1, DocumentKind.MATERIALS_INCOMPLETE_NOTICE, case=case, issued_at=at(when))


def test_notice_after_24_hours_is_a_breach(world):
    case = transferred(world)
    notice(world, case, "2026-09-02 15:00")
    probe = RuleProbe(CODE)
    # Before the notice is recorded it is pending: 24 h from the recorded minute, bands 8 h / 2 h.
    probe.assert_levels(
        case,
        {"2026-09-02 01:59": None, "2026-09-02 02:00": "blue", "2026-09-02 08:00": "yellow"},
    )
    probe.assert_due(case, "2026-09-02 10:00")
    row = probe.row(case, at("2026-09-02 16:00"))
    assert row["level"] == "red" and row["late"]


def test_notice_in_time_or_no_notice_never_fires(world):
    in_time = transferred(world)
    notice(world, in_time, "2026-09-02 09:59")
    complete = transferred(world)  # materials complete: no notice
    reported = make_case(world.s1, accepted_at=at("2026-09-01 10:00"))
    notice(world, reported, "2026-09-03 10:00")
    probe = RuleProbe(CODE)
    for case in (in_time, complete, reported):
        assert probe.level(case, "2026-09-03 12:00") is None
