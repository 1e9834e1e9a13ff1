from django.utils.translation import gettext as _

from alerts.rules.base import LegalBasis
from alerts.rules.common import CRIMINAL_RULES
from cases.choices import DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure, make_person
from ..probe import RuleProbe

CODE = "foreign_national_report_48h"


def measure_of(world, kind=MeasureKind.CRIMINAL_DETENTION, foreign=True, **fields):
    case = make_case(world.s1, world.off_s1a)
    person = make_person(world.s1, case=case, is_foreign=foreign)
    return make_measure(world.s1, case=case, person=person, kind=kind, **fields)


def test_forty_eight_hours_from_detention_or_from_the_bail_decision(world):
    detention = measure_of(world, started_at=at("2026-09-05 10:00"))
    bail = measure_of(
        world, kind=MeasureKind.BAIL, decided_at=at("2026-09-05 08:00"), started_at=at("2026-09-05 12:00")
    )
    probe = RuleProbe(CODE)
    probe.assert_levels(
        detention, {"2026-09-06 21:59": None, "2026-09-06 22:00": "blue", "2026-09-07 06:00": "yellow"}
    )
    probe.assert_due(detention, "2026-09-07 10:00")
    probe.assert_due(bail, "2026-09-07 08:00")
    assert probe.rule.basis[0] == LegalBasis(CRIMINAL_RULES, _("Art. 367"))  # the legal basis shown


def test_reported_in_time_never_red_late_cleared_nationals_ignored(world):
    reported = measure_of(world, started_at=at("2026-09-05 10:00"))
    make_document(
        world.s1,
        DocumentKind.FOREIGN_NATIONAL_REPORT,
        person=reported.person,
        issued_at=at("2026-09-06 10:00"),
    )
    late = measure_of(world, started_at=at("2026-09-05 10:00"))
    make_document(
        world.s1, DocumentKind.FOREIGN_NATIONAL_REPORT, measure=late, issued_at=at("2026-09-08 10:00")
    )
    national = measure_of(world, foreign=False, started_at=at("2026-09-05 10:00"))
    probe = RuleProbe(CODE)
    assert probe.level(reported, "2026-09-09 00:00") is None
    assert probe.level(national, "2026-09-09 00:00") is None
    row = probe.row(late, at("2026-09-09 00:00"))
    assert row["level"] == "red" and row["late"]
