"""Scheme arithmetic (caps, veto, grades), generation, reproducibility and ranking."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from django.core.management import call_command

from alerts.choices import WorkflowState
from reports import assessment as svc
from reports.indicators import Period
from reports.models import Assessment, AssessmentScheme, AssessmentScore, SubjectKind
from reports.scheme import SchemeError, default_definition, score, validate
from reports.services import monthly_assessment_run
from supervision.models import AuditEvent

from .factories import at, make_problem

pytestmark = [pytest.mark.django_db]

OCT = Period(2026, 10)


def _tiny(**over) -> dict:
    definition = {
        "base": 100,
        "groups": [{"key": "g", "label": "G", "points": 10}],
        "items": [
            {"key": "a", "group": "g", "indicator": "repeat_problems", "rule": "per_count", "points": 3,
             "cap": 9},
            {"key": "b", "group": "g", "indicator": "overdue_rectifications", "rule": "per_count",
             "points": 1},
            {"key": "c", "indicator": "rectified_on_time_rate", "rule": "below_target", "target": 0.9,
             "points": 0.5, "cap": 20},
        ],
        "veto": [{"key": "v", "label": "V", "source": "negative_list", "numbers": [9]}],
        "veto_score_cap": 59,
        "grades": {"excellent": 90, "pass": 75},
    }  # fmt: skip
    definition.update(over)
    return validate(definition)


def test_item_cap_group_cap_and_rates():
    # a: 3×4 = 12, capped at 9; b: 5, but the group has only 10 − 9 = 1 left; c: 0.5×(90−50)=20.
    scored = score({"repeat_problems": 4, "overdue": 5, "problems_on_time": 1, "problems_due": 2}, _tiny())
    assert scored.deductions == {"a": "9.00", "b": "1.00", "c": "20.00"}
    assert scored.total_deduction == Decimal("30.00")
    assert scored.score == Decimal("70.00")
    assert scored.grade == "fail"


def test_grades_and_nothing_to_rate():
    assert score({}, _tiny()).score == Decimal("100.00")
    assert score({}, _tiny()).grade == "excellent"
    assert score({"repeat_problems": 3}, _tiny()).grade == "excellent"  # 91
    # Thresholds are inclusive: exactly 90 is excellent, 89 is up to standard.
    assert score({"repeat_problems": 3, "overdue": 1}, _tiny()).grade == "excellent"
    assert (
        score(
            {"repeat_problems": 3, "overdue": 1, "problems_on_time": 88, "problems_due": 100}, _tiny()
        ).grade
        == "pass"
    )
    assert score({"problems_on_time": 0, "problems_due": 1}, _tiny()).grade == "pass"  # 100 − 20 = 80
    assert score({"problems_on_time": 0, "problems_due": 1, "overdue": 10}, _tiny()).grade == "fail"


def test_veto_forces_fail_and_caps_the_score():
    scored = score({"veto_v": 1}, _tiny())
    assert scored.vetoed_by == ["v"]
    assert (scored.score, scored.grade) == (Decimal("59.00"), "fail")
    uncapped = score({"veto_v": 1}, _tiny(veto_score_cap=None))
    assert (uncapped.score, uncapped.grade) == (Decimal("100.00"), "fail")


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["items"][0].update(indicator="case_count"),
        lambda d: d["items"][0].update(points=-1),
        lambda d: d["items"][0].update(points="lots"),
        lambda d: d["items"][2].update(target=5),
        lambda d: d["items"].append(dict(d["items"][0])),
        lambda d: d["grades"].update(excellent=60),
        lambda d: d["veto"][0].update(numbers=[]),
        lambda d: d.update(items=[]),
    ],
)
def test_validate_rejects_bad_schemes(change):
    definition = copy.deepcopy(_tiny())
    change(definition)
    with pytest.raises(SchemeError):
        validate(definition)


def test_default_scheme_is_valid_and_sums_to_100():
    definition = validate(default_definition())
    assert sum(g["points"] for g in definition["groups"] if g["points"] is not None) == 100


def test_generation_scores_the_hand_built_month(october):
    world = october.world
    assessment, created = svc.assessment_generate(period=OCT)
    assert created and assessment.scheme_version == 1 and assessment.status == "draft"
    s1 = assessment.scores.get(subject_kind=SubjectKind.UNIT, unit=world.s1)
    # late_case 1 + closure 5 + arrest 5 + litigation 5 + filing 5 (case group 21) + person 1
    # + property 1 + density 10 + on time 10 + repeat 2 + negative list 7.5 = 52.5.
    assert s1.total_deduction == Decimal("52.50")
    assert s1.score == Decimal("47.50") and s1.grade == "fail"
    assert s1.deductions["negative_list"] == "7.50" and s1.deductions["admin_closure"] == "5.00"
    s2 = assessment.scores.get(subject_kind=SubjectKind.UNIT, unit=world.s2)
    assert s2.vetoed_by == ["custody_overrun"] and s2.score == Decimal("59.00") and s2.grade == "fail"
    s3 = assessment.scores.get(subject_kind=SubjectKind.UNIT, unit=world.s3)
    assert (s3.score, s3.grade) == (Decimal("100.00"), "excellent")
    # Stations rank among stations, branches among branches, leaders among leaders.
    ranks = {
        r.unit.code: (r.rank, r.rank_of)
        for r in assessment.scores.filter(subject_kind=SubjectKind.UNIT).select_related("unit")
    }
    assert ranks == {"S3": (1, 3), "S2": (2, 3), "S1": (3, 3), "B2": (1, 2), "B1": (2, 2)}
    leader = assessment.scores.get(subject_kind=SubjectKind.LEADER)
    assert leader.officer == world.off_s1a and (leader.rank, leader.rank_of) == (1, 1)
    assert AuditEvent.objects.filter(action="assessment.generate", target_id=str(assessment.pk)).exists()


def test_reproducible_from_stored_inputs_and_scheme(october, world):
    assessment, _ = svc.assessment_generate(period=OCT)
    svc.assessment_publish(actor=world.city_legal, assessment=assessment)
    stored = {
        r.pk: (r.score, r.total_deduction, r.deductions, r.grade, r.vetoed_by)
        for r in assessment.scores.all()
    }

    # The world moves on: a problem is closed, the scheme is made much stricter.
    october.problems["w3"].__class__.objects.filter(pk=october.problems["w3"].pk).update(
        closed_at=at("2026-11-10 10:00"), workflow_state=WorkflowState.CLOSED
    )
    stricter = default_definition()
    for item in stricter["items"]:
        item["points"] = item["points"] * 3
    stricter["grades"] = {"excellent": 99, "pass": 98}
    svc.scheme_save(actor=world.city_legal, definition=stricter, note="stricter")

    recomputed = svc.assessment_recompute(Assessment.objects.get(pk=assessment.pk))
    assert {
        pk: (s.score, s.total_deduction, s.deductions, s.grade, s.vetoed_by) for pk, s in recomputed.items()
    } == stored
    # Neither the job nor the command may rescore a published month.
    run = monthly_assessment_run(month=OCT.key)
    assert run.counts["created"] is False
    with pytest.raises(svc.AssessmentError):
        svc.assessment_generate(period=OCT, regenerate=True)
    after = {
        r.pk: (r.score, r.total_deduction, r.deductions, r.grade, r.vetoed_by)
        for r in assessment.scores.all()
    }
    assert after == stored
    assert Assessment.objects.get(pk=assessment.pk).scheme_version == 1


def test_generation_is_idempotent_per_period(october):
    run = monthly_assessment_run(today=at("2026-11-01 08:00").date())
    assert run.period == "2026-10" and run.status == "succeeded"
    count = AssessmentScore.objects.count()
    assert monthly_assessment_run(today=at("2026-11-01 09:00").date()) is None
    again, created = svc.assessment_generate(period=OCT)
    assert not created and again.pk == run.counts["assessment"]
    assert Assessment.objects.count() == 1 and AssessmentScore.objects.count() == count


def test_draft_regenerates_with_the_current_data(october, world):
    assessment, _ = svc.assessment_generate(period=OCT)
    make_problem(world.s3, created="2026-10-10 09:00", due="2026-10-12 18:00", element_type="venue_visit")
    svc.assessment_generate(period=OCT, regenerate=True)
    s3 = AssessmentScore.objects.get(assessment=assessment, subject_kind="unit", unit=world.s3)
    assert s3.inputs["late_venue"] == 1 and s3.deductions["late_venue"] == "1.00"


def test_change_vs_last_month_and_last_year(october, world):
    make_problem(world.s3, created="2026-09-10 09:00", due="2026-09-12 18:00", element_type="property")
    make_problem(world.s3, created="2025-10-10 09:00", due="2025-10-12 18:00", element_type="property")
    make_problem(world.s3, created="2025-10-11 09:00", due="2025-10-12 18:00", element_type="property")
    svc.assessment_generate(period=Period(2026, 9))
    svc.assessment_generate(period=Period(2025, 10))
    october_assessment, _ = svc.assessment_generate(period=OCT)
    s3 = october_assessment.scores.get(subject_kind="unit", unit=world.s3)
    sep = AssessmentScore.objects.get(assessment__period="2026-09", subject_kind="unit", unit=world.s3)
    last_year = AssessmentScore.objects.get(assessment__period="2025-10", subject_kind="unit", unit=world.s3)
    assert sep.score < Decimal(100) and last_year.score < sep.score
    assert s3.change_month == s3.score - sep.score
    assert s3.change_year == s3.score - last_year.score
    first = AssessmentScore.objects.get(assessment__period="2025-10", subject_kind="unit", unit=world.s3)
    assert first.change_month is None and first.change_year is None


def test_scheme_versions_are_audited(world):
    first = svc.scheme_current()
    definition = default_definition()
    definition["grades"]["excellent"] = 95
    second = svc.scheme_save(actor=world.city_legal, definition=definition, note="raise the bar")
    assert (first.version, second.version) == (1, 2)
    assert list(AssessmentScheme.objects.filter(is_current=True)) == [second]
    assert AuditEvent.objects.filter(action="assessment_scheme.create", actor=world.city_legal).count() == 1


def test_command_with_month(october, capsys):
    call_command("monthly_assessment", "--month", "2026-10")
    assert "2026-10: succeeded" in capsys.readouterr().out
    assert Assessment.objects.filter(period="2026-10").exists()


def test_publish_is_audited_and_once(october, world):
    assessment, _ = svc.assessment_generate(period=OCT)
    svc.assessment_publish(actor=world.city_legal, assessment=assessment)
    assert AuditEvent.objects.filter(action="assessment.publish", actor=world.city_legal).count() == 1
    with pytest.raises(svc.AssessmentError):
        svc.assessment_publish(actor=world.city_legal, assessment=assessment)


def test_command_rejects_a_bad_month(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("monthly_assessment", "--month", "2026-13")
    assert not Assessment.objects.exists()
