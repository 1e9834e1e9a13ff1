from cases.choices import DocumentDirection, DocumentKind, MeasureKind

from ..factories import at, make_case, make_document, make_measure
from ..probe import RuleProbe

CODE = "procuratorate_arrest_decision_wait"


def detention(world, **fields):
    case = make_case(world.s1, world.off_s1a)
    return make_measure(
        world.s1, case=case, kind=MeasureKind.CRIMINAL_DETENTION, started_at=at("2026-08-30 10:00"), **fields
    )


def request(world, measure, served, **fields):
    return make_document(
        world.s1,
        DocumentKind.ARREST_REQUEST,
        measure=measure,
        person=measure.person,
        case=measure.case,
        issued_at=at(served),
        served_at=at(served),
        **fields,
    )


def received(world, kind, measure, when):
    return make_document(
        world.s1,
        kind,
        direction=DocumentDirection.RECEIVED,
        measure=measure,
        person=measure.person,
        case=measure.case,
        issued_at=at(when),
    )


def test_seven_days_for_the_procuratorate(world):
    measure = detention(world)
    document = request(world, measure, "2026-09-01 16:00")
    probe = RuleProbe(CODE)
    probe.assert_levels(document, {"2026-09-06 23:59": None, "2026-09-07 00:00": "yellow"})
    probe.assert_due(document, "2026-09-08 24:00")
    row = probe.row(document, at("2026-09-09 08:00"))
    assert row["label"] == measure.person.name and row["officer_id"] == world.off_s1a.pk


def test_custody_period_ends_on_a_holiday(world):
    document = request(world, detention(world), "2026-09-24 09:00")
    RuleProbe(CODE).assert_due(document, "2026-10-01 24:00")


def test_decision_or_arrest_in_time_never_red_late_decision_is_a_breach(world):
    approved = detention(world)
    approved_request = request(world, approved, "2026-09-01 16:00")
    received(world, DocumentKind.ARREST_APPROVAL, approved, "2026-09-06 10:00")
    executed = detention(world)
    executed_request = request(world, executed, "2026-09-01 16:00")
    make_measure(world.s1, person=executed.person, kind=MeasureKind.ARREST, started_at=at("2026-09-07 10:00"))
    late = detention(world)
    late_request = request(world, late, "2026-09-01 16:00")
    received(world, DocumentKind.ARREST_APPROVAL, late, "2026-09-10 10:00")
    not_detained = make_measure(world.s1, kind=MeasureKind.BAIL, started_at=at("2026-08-30 10:00"))
    bail_request = request(world, not_detained, "2026-09-01 16:00")
    probe = RuleProbe(CODE)
    for document in (approved_request, executed_request, bail_request):
        assert probe.level(document, "2026-09-11 00:00") is None
    assert probe.row(late_request, at("2026-09-11 00:00"))["late"]


def test_refusal_release_and_receipt_within_three_days(world):
    measure = detention(world)
    request(world, measure, "2026-09-01 16:00")
    refusal = received(world, DocumentKind.NO_ARREST_DECISION, measure, "2026-09-05 10:00")
    probe = RuleProbe(CODE)
    probe.assert_levels(refusal, {"2026-09-07 23:59": None, "2026-09-08 00:00": "yellow"})
    probe.assert_due(refusal, "2026-09-08 24:00")
    measure.ended_at = at("2026-09-05 11:00")
    measure.save()
    assert probe.level(refusal, "2026-09-09 08:00") == "red"  # released, no receipt yet
    assert "不批准逮捕" in probe.explain(refusal, "2026-09-09 08:00")
    make_document(world.s1, DocumentKind.RELEASE_RECEIPT, measure=measure, issued_at=at("2026-09-07 09:00"))
    assert probe.level(refusal, "2026-09-09 08:00") is None


def test_refusal_after_the_detention_ended_needs_nothing(world):
    measure = detention(world, ended_at=at("2026-09-02 10:00"))
    refusal = received(world, DocumentKind.NO_ARREST_DECISION, measure, "2026-09-05 10:00")
    assert RuleProbe(CODE).level(refusal, "2026-09-10 00:00") is None
