from cases.choices import CaseSource, DocumentKind, PersonRole

from ..factories import at, make_case, make_document, make_person
from ..probe import RuleProbe

CODE = "withdrawal_notice_late"


def withdrawn(world, **fields):
    defaults = {"filed_at": at("2026-09-01 10:00"), "withdrawn_at": at("2026-09-07 10:00")}
    return make_case(world.s1, world.off_s1a, **{**defaults, **fields})


def notice(world, case, **fields):
    return make_document(world.s1, DocumentKind.WITHDRAWAL_NOTICE, case=case, **fields)


def test_fires_and_boundary(world):
    case = withdrawn(world)
    notice(world, case, issued_at=at("2026-09-07 10:00"))  # issued, never served: does not count
    probe = RuleProbe(CODE)
    probe.assert_levels(
        case, {"2026-09-08 23:59": None, "2026-09-09 00:00": "blue", "2026-09-10 00:00": "yellow"}
    )
    probe.assert_due(case, "2026-09-10 24:00")  # SQL = Python, not red at the instant, red 1 µs later
    holiday = withdrawn(world, withdrawn_at=at("2026-09-30 10:00"))  # last day 3 Oct → 8 Oct
    probe.assert_due(holiday, "2026-10-08 24:00")


def test_notice_in_time_does_not_fire(world):
    served = withdrawn(world)
    notice(world, served, issued_at=at("2026-09-07 10:00"), served_at=at("2026-09-08 09:00"))
    unreachable = withdrawn(world)
    notice(
        world, unreachable, issued_at=at("2026-09-08 09:00"), service_impossible_reason="原犯罪嫌疑人下落不明"
    )
    nobody = withdrawn(world, has_complainant=False, source=CaseSource.SELF_DISCOVERED)
    probe = RuleProbe(CODE)
    for case in (served, unreachable, nobody):
        assert probe.level(case, "2026-09-12 00:00") is None


def test_a_victim_is_someone_to_tell(world):
    case = withdrawn(world, has_complainant=False, source=CaseSource.SELF_DISCOVERED)
    make_person(world.s1, case=case, role=PersonRole.VICTIM)
    assert RuleProbe(CODE).level(case, "2026-09-11 00:01") == "red"


def test_served_late_is_a_breach(world):
    case = withdrawn(world)
    notice(world, case, issued_at=at("2026-09-07 10:00"), served_at=at("2026-09-12 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(case, "2026-09-11 00:01") == "red"
    row = probe.row(case, at("2026-09-12 11:00"))
    assert row["level"] == "red" and row["late"]
