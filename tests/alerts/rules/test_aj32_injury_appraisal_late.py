from cases.choices import CaseEventKind, CaseKind, DocumentKind, PersonRole
from cases.models import CaseEvent

from ..factories import at, make_case, make_document, make_person
from ..probe import RuleProbe


def injury_case(world, cause="故意伤害", victim=True, **fields):
    case = make_case(world.s1, world.off_s1a, cause=cause, accepted_at=at("2026-09-26 10:00"), **fields)
    if victim:
        make_person(world.s1, case=case, role=PersonRole.VICTIM)
    return case


def test_twenty_four_hours_from_acceptance_even_on_a_holiday(world):
    case = injury_case(world)  # accepted on a Mid-Autumn holiday: hours never roll over
    probe = RuleProbe("injury_appraisal_late")
    probe.assert_levels(
        case, {"2026-09-26 21:59": None, "2026-09-26 22:00": "blue", "2026-09-27 06:00": "yellow"}
    )
    probe.assert_due(case, "2026-09-27 10:00")
    assert probe.row(case, at("2026-09-28 00:00"))["officer_id"] == world.off_s1a.pk


def test_commission_in_time_does_not_fire_late_is_a_breach(world):
    by_document = injury_case(world)
    make_document(
        world.s1, DocumentKind.APPRAISAL_COMMISSION, case=by_document, issued_at=at("2026-09-26 16:00")
    )
    by_event = injury_case(world, kind=CaseKind.ADMINISTRATIVE)
    CaseEvent.objects.create(
        external_id="SJ-1",
        unit=world.s1,
        case=by_event,
        kind=CaseEventKind.APPRAISAL_COMMISSIONED,
        occurred_at=at("2026-09-27 09:00"),
    )
    late = injury_case(world)
    make_document(world.s1, DocumentKind.APPRAISAL_COMMISSION, case=late, issued_at=at("2026-09-28 09:00"))
    probe = RuleProbe("injury_appraisal_late")
    assert probe.level(by_document, "2026-09-29 00:00") is None
    assert probe.level(by_event, "2026-09-29 00:00") is None
    row = probe.row(late, at("2026-09-29 00:00"))
    assert row["level"] == "red" and row["late"]


def test_only_injury_cases_with_a_victim_and_beating_by_choice(world):
    theft = injury_case(world, cause="盗窃")
    no_victim = injury_case(world, victim=False)
    beating = injury_case(world, cause="殴打他人", kind=CaseKind.ADMINISTRATIVE)
    probe = RuleProbe("injury_appraisal_late")
    for case in (theft, no_victim, beating):
        assert probe.level(case, "2026-09-29 00:00") is None
    assert (
        RuleProbe("injury_appraisal_late", params={"include_beating": True}).level(
            beating, "2026-09-29 00:00"
        )
        == "red"
    )
