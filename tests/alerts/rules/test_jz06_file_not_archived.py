from cases.choices import CaseKind, CaseStatus
from cases.models import CaseFile

from ..factories import at, make_case
from ..probe import RuleProbe


def closed(world, when="2026-09-01 10:00", kind=CaseKind.ADMINISTRATIVE, archived=None, file=True):
    case = make_case(world.s1, world.off_s1a, kind=kind, status=CaseStatus.CLOSED, closed_at=at(when))
    if file:
        CaseFile.objects.create(
            external_id=f"JZ-{case.pk}",
            unit=case.unit,
            case=case,
            built_at=at("2026-08-20 10:00"),
            archived_at=at(archived) if archived else None,
        )
    return case


def test_ten_working_days_after_closure(world):
    case = closed(world)  # Tuesday 1 September: working day 10 is Tuesday 15 September
    probe = RuleProbe("file_not_archived")
    probe.assert_levels(
        case, {"2026-09-10 23:59": None, "2026-09-11 00:00": "blue", "2026-09-14 00:00": "yellow"}
    )
    probe.assert_due(case, "2026-09-15 24:00")
    assert probe.row(case, at("2026-09-16 10:00"))["officer_id"] == world.off_s1a.pk


def test_holidays_and_make_up_working_days(world):
    # Friday 25 September (Mid-Autumn) → 28, 29, 30 September, 8, 9, 10 (a Saturday made a
    # working day), 12, 13, 14, 15 October.
    case = closed(world, when="2026-09-25 10:00")
    RuleProbe("file_not_archived").assert_due(case, "2026-10-15 24:00")


def test_no_file_at_all_is_red(world):
    case = closed(world, file=False)
    assert RuleProbe("file_not_archived").level(case, "2026-09-16 00:01") == "red"


def test_archived_in_time_or_criminal_does_not_fire(world):
    archived = closed(world, archived="2026-09-10 10:00")
    criminal = closed(world, kind=CaseKind.CRIMINAL)
    probe = RuleProbe("file_not_archived")
    for case in (archived, criminal):
        assert probe.level(case, "2026-09-20 00:00") is None


def test_archived_after_the_deadline_is_a_late_breach(world):
    case = closed(world, archived="2026-09-17 10:00")
    row = RuleProbe("file_not_archived").row(case, at("2026-09-17 11:00"))
    assert row["level"] == "red" and row["late"]
