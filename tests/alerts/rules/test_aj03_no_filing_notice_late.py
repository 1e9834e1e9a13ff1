from cases.choices import DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe

CODE = "no_filing_notice_late"


def declined(world, when="2026-09-01 10:00", **fields):
    return make_case(world.s1, world.off_s1a, declined_at=at(when), **fields)


def test_three_days_from_the_decision(world):
    case = declined(world)
    make_document(world.s1, DocumentKind.NO_FILING_NOTICE, case=case, issued_at=at("2026-09-01 10:00"))
    probe = RuleProbe(CODE)  # issued, not served: does not count
    probe.assert_levels(
        case,
        {"2026-09-02 23:59": None, "2026-09-03 00:00": "blue", "2026-09-04 00:00": "yellow"},
    )
    probe.assert_due(case, "2026-09-04 24:00")


def test_last_day_on_a_weekend_rolls_over(world):
    case = declined(world, "2026-09-02 10:00")  # Wednesday: last day Saturday 5th
    probe = RuleProbe(CODE)
    probe.assert_due(case, "2026-09-07 24:00")
    assert "2026-09-07" in probe.explain(case, "2026-09-08 00:30")


def test_served_in_time_or_impossible_to_serve_never_fires(world):
    served = declined(world)
    make_document(
        world.s1,
        DocumentKind.NO_FILING_NOTICE,
        case=served,
        issued_at=at("2026-09-01 10:00"),
        served_at=at("2026-09-04 18:00"),
    )
    unreachable = declined(world)
    make_document(
        world.s1,
        DocumentKind.NO_FILING_NOTICE,
        case=unreachable,
        issued_at=at("2026-09-02 10:00"),
        service_impossible_reason="控告人电话停机，住址查无此人",
    )
    no_complainant = declined(world, has_complainant=False)
    probe = RuleProbe(CODE)
    for case in (served, unreachable, no_complainant):
        assert probe.level(case, "2026-09-10 00:00") is None


def test_served_after_the_deadline_is_a_late_breach(world):
    case = declined(world)
    make_document(
        world.s1,
        DocumentKind.NO_FILING_NOTICE,
        case=case,
        issued_at=at("2026-09-01 10:00"),
        served_at=at("2026-09-06 09:00"),
    )
    probe = RuleProbe(CODE)
    assert probe.level(case, "2026-09-05 00:01") == "red"
    row = probe.row(case, at("2026-09-06 12:00"))
    assert row["level"] == "red" and row["late"]
