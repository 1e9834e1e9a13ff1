from django.utils.translation import gettext as _

from alerts.rules.base import LegalBasis
from alerts.rules.common import CRIMINAL_RULES
from cases.choices import DocumentKind, LimitChangeKind, LimitClock, MeasureKind

from ..factories import at, make_case, make_change, make_document, make_measure
from ..probe import RuleProbe

CODE = "custody_extension_request_late"


def arrest(world, **fields):
    case = fields.pop("case", None) or make_case(world.s1, world.off_s1a)
    return make_measure(world.s1, case=case, kind=MeasureKind.ARREST, **fields)


def test_request_due_seven_days_before_custody_expires(world):
    measure = arrest(world, started_at=at("2026-06-25 15:00"))  # custody ends 2026-08-25 24:00
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-08-15 23:59": None, "2026-08-16 00:00": "blue", "2026-08-18 00:00": "yellow"}
    )
    probe.assert_due(measure, "2026-08-18 24:00")
    explained = probe.explain(measure, "2026-08-19 00:01")
    assert "2026-08-25 24:00" in explained and "7日" in explained and "2026-08-18 24:00" in explained
    assert probe.rule.basis[0] == LegalBasis(CRIMINAL_RULES, _("Art. 148–150"))  # the legal basis shown


def test_request_in_time_never_red_late_request_cleared_late(world):
    in_time = arrest(world, started_at=at("2026-06-25 15:00"))
    make_document(
        world.s1, DocumentKind.CUSTODY_EXTENSION_REQUEST, measure=in_time, issued_at=at("2026-08-17 10:00")
    )
    late = arrest(world, started_at=at("2026-06-25 15:00"))
    make_document(
        world.s1, DocumentKind.CUSTODY_EXTENSION_REQUEST, case=late.case, issued_at=at("2026-08-20 10:00")
    )
    probe = RuleProbe(CODE)
    assert probe.level(in_time, "2026-08-24 00:00") is None
    assert probe.level(late, "2026-08-19 12:00") == "red"
    row = probe.row(late, at("2026-08-21 00:00"))
    assert row["level"] == "red" and row["late"]


def test_transfer_for_prosecution_answers_it(world):
    case = make_case(world.s1, transferred_for_prosecution_at=at("2026-08-10 10:00"))
    measure = arrest(world, case=case, started_at=at("2026-06-25 15:00"))
    assert RuleProbe(CODE).level(measure, "2026-08-20 00:00") is None


def test_each_extension_needs_its_own_request(world):
    measure = arrest(world, started_at=at("2026-06-25 15:00"))
    make_document(
        world.s1, DocumentKind.CUSTODY_EXTENSION_REQUEST, measure=measure, issued_at=at("2026-08-12 10:00")
    )
    make_change(
        measure=measure,
        clock=LimitClock.CUSTODY,
        new_limit_value=3,
        effective_at=at("2026-08-15 10:00"),
        approved_at=at("2026-08-15 10:00"),
    )
    probe = RuleProbe(CODE)
    probe.assert_due(measure, "2026-09-18 24:00")  # 3 months to 2026-09-25, 7 days before
    assert probe.level(measure, "2026-09-16 00:00") == "blue"
    make_change(
        measure=measure,
        clock=LimitClock.CUSTODY,
        kind=LimitChangeKind.EXTENSION,
        new_limit_value=7,
        effective_at=at("2026-09-10 10:00"),
        approved_at=at("2026-09-10 10:00"),
    )
    assert probe.level(measure, "2027-02-01 00:00") is None  # nothing left to request


def test_only_arrests(world):
    detention = make_measure(world.s1, kind=MeasureKind.CRIMINAL_DETENTION, started_at=at("2026-06-25 15:00"))
    assert RuleProbe(CODE).level(detention, "2026-08-20 00:00") is None
