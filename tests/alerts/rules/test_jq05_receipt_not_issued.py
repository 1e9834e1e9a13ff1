from cases.choices import CaseSource, DocumentKind

from ..factories import at, make_case, make_document
from ..probe import RuleProbe


def test_red_as_soon_as_the_case_is_accepted_without_a_receipt(world):
    case = make_case(world.s1, world.off_s1a, source=CaseSource.REPORT, accepted_at=at("2026-09-05 10:00"))
    probe = RuleProbe("receipt_not_issued")
    probe.assert_due(case, "2026-09-05 10:00")
    assert probe.level(case, "2026-09-06 02:00") == "red"


def test_receipt_or_waiver_does_not_fire(world):
    with_receipt = make_case(world.s1, source=CaseSource.INCIDENT, accepted_at=at("2026-09-05 10:00"))
    make_document(
        world.s1, DocumentKind.ACCEPTANCE_RECEIPT, case=with_receipt, issued_at=at("2026-09-05 10:05")
    )
    refused = make_case(world.s1, source=CaseSource.REPORT, receipt_waiver_reason="报案人拒收")
    found_by_police = make_case(world.s1, source=CaseSource.SELF_DISCOVERED)
    # Recorded from an incident, but no one reported it: there is no one to give a receipt to.
    no_reporter = make_case(world.s1, source=CaseSource.INCIDENT, has_complainant=False)
    probe = RuleProbe("receipt_not_issued")
    for case in (with_receipt, refused, found_by_police, no_reporter):
        assert probe.level(case, "2026-09-06 02:00") is None


def test_a_grace_time_can_be_configured(world):
    case = make_case(world.s1, source=CaseSource.REPORT, accepted_at=at("2026-09-05 10:00"))
    probe = RuleProbe("receipt_not_issued", thresholds={"*": {"red": 120}})
    probe.assert_due(case, "2026-09-05 12:00")
