from cases.choices import CaseKind, DocumentDirection, DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe


def opinion(world, received="2026-09-07 10:00", kind=CaseKind.CRIMINAL):
    case = make_case(world.s1, world.off_s1a, kind=kind)
    return make_document(
        world.s1,
        DocumentKind.APPRAISAL_OPINION,
        direction=DocumentDirection.RECEIVED,
        case=case,
        issued_at=at(received),
    )


def notice(world, document, served):
    return make_document(
        world.s1,
        DocumentKind.APPRAISAL_NOTICE,
        case=document.case,
        issued_at=at(served),
        served_at=at(served),
    )


def test_ten_days_yellow_from_day_5(world):
    document = opinion(world)
    probe = RuleProbe("appraisal_not_notified")
    probe.assert_levels(
        document, {"2026-09-10 23:59": None, "2026-09-11 00:00": "blue", "2026-09-13 00:00": "yellow"}
    )
    probe.assert_due(document, "2026-09-17 24:00")
    assert probe.row(document, at("2026-09-18 10:00"))["officer_id"] == world.off_s1a.pk


def test_last_day_in_the_national_day_holiday_rolls_over(world):
    document = opinion(world, received="2026-09-25 10:00")
    RuleProbe("appraisal_not_notified").assert_due(document, "2026-10-08 24:00")


def test_notified_in_time_or_administrative_does_not_fire(world):
    told = opinion(world)
    notice(world, told, "2026-09-09 10:00")
    admin = opinion(world, kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe("appraisal_not_notified")
    for document in (told, admin):
        assert probe.level(document, "2026-09-20 00:00") is None


def test_a_notice_before_the_opinion_does_not_count_and_a_late_one_is_a_breach(world):
    document = opinion(world)
    notice(world, document, "2026-09-01 10:00")
    probe = RuleProbe("appraisal_not_notified")
    assert probe.level(document, "2026-09-18 00:01") == "red"
    notice(world, document, "2026-09-19 10:00")
    row = probe.row(document, at("2026-09-19 11:00"))
    assert row["level"] == "red" and row["late"]
