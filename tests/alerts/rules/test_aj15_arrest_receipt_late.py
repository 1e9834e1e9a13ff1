from cases.choices import DecidingOrgan, DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe

CODE = "arrest_receipt_late"


def arrest(world, **fields):
    case = make_case(world.s1, world.off_s1a, filed_at=at("2026-08-20 10:00"))
    defaults = {"kind": MeasureKind.ARREST, "started_at": at("2026-09-02 10:00")}
    return make_measure(world.s1, case=case, **{**defaults, **fields})


def receipt(world, measure, when, **links):
    links = links or {"measure": measure}
    make_document(
        world.s1, DocumentKind.ARREST_EXECUTION_RECEIPT, case=measure.case, issued_at=at(when), **links
    )


def test_three_days_after_the_execution(world):
    measure = arrest(world)  # Wednesday 2 Sept: last day Saturday 5th → Monday 7th
    probe = RuleProbe(CODE)
    probe.assert_levels(
        measure, {"2026-09-05 23:59": None, "2026-09-06 00:00": "blue", "2026-09-07 00:00": "yellow"}
    )
    probe.assert_due(measure, "2026-09-07 24:00")
    row = probe.row(measure, at("2026-09-08 08:00"))
    assert (row["officer_id"], row["case_id"]) == (world.off_s1a.pk, measure.case_id)


def test_receipt_in_time_or_court_arrest_never_fires(world):
    by_measure = arrest(world)
    receipt(world, by_measure, "2026-09-04 10:00")
    by_person = arrest(world)
    receipt(world, by_person, "2026-09-03 10:00", person=by_person.person)
    by_court = arrest(world, decided_by=DecidingOrgan.COURT)
    probe = RuleProbe(CODE)
    for measure in (by_measure, by_person, by_court):
        assert probe.level(measure, "2026-09-10 00:00") is None


def test_an_older_receipt_of_the_person_does_not_count(world):
    measure = arrest(world)
    receipt(world, measure, "2026-06-03 10:00", person=measure.person)
    assert RuleProbe(CODE).level(measure, "2026-09-08 00:01") == "red"


def test_receipt_sent_late_is_a_breach(world):
    measure = arrest(world)
    receipt(world, measure, "2026-09-09 10:00")
    row = RuleProbe(CODE).row(measure, at("2026-09-09 11:00"))
    assert row["level"] == "red" and row["late"]
