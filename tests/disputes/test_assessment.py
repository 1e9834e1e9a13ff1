"""The colour: proposed by a configurable, versioned scoring model with hard triggers;
confirmed or overridden (with a reason) by an officer; audited and explainable later."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from disputes import scoring, selectors, services
from disputes.choices import Answer, DisputeStatus, DisputeType, Factor, RiskColour
from disputes.models import Dispute, RiskAssessment, ScoringModel
from supervision.models import AuditEvent

from .conftest import answer_all, assess, at, make_incident, make_person

pytestmark = pytest.mark.django_db


def config():
    return scoring.validate_config(scoring.default_config())


# --- the model itself ------------------------------------------------------------------


def test_practice_model_points_and_bands():
    facts = scoring.Facts(dispute_type=DisputeType.MARRIAGE, repeat_calls=2, crowd_size=6)
    proposal = scoring.propose(facts, config())
    assert proposal.score == 15 + 20 + 10
    assert proposal.colour == RiskColour.BLUE
    facts.flagged_party = True
    assert scoring.propose(facts, config()).score == 65
    assert scoring.propose(facts, config()).colour == RiskColour.YELLOW
    facts.days_unresolved = 8
    assert scoring.propose(facts, config()).score == 75
    assert scoring.propose(facts, config()).colour == RiskColour.RED


def test_repeat_calls_are_capped_and_threats_count_once():
    proposal = scoring.propose(
        scoring.Facts(repeat_calls=7, has_threat=True, weapons=True, threat_to_kill=True), config()
    )
    points = {f.code: f.points for f in proposal.factors}
    assert points == {Factor.REPEAT_CALLS: 30, Factor.THREAT: 30}


def test_a_threat_to_kill_forces_red_whatever_the_score():
    proposal = scoring.propose(scoring.Facts(dispute_type=DisputeType.OTHER, threat_to_kill=True), config())
    assert proposal.score == 30
    assert proposal.colour == RiskColour.RED
    assert proposal.hard_triggers == [Factor.THREAT_TO_KILL]
    # A plain threat is weighed, not a hard trigger.
    plain = scoring.propose(scoring.Facts(dispute_type=DisputeType.OTHER, has_threat=True), config())
    assert (plain.score, plain.colour, plain.hard_triggers) == (30, RiskColour.BLUE, [])


def test_invalid_configuration_is_refused():
    bad = scoring.default_config() | {"red_min": 40, "yellow_min": 60}
    with pytest.raises(ValueError, match="bands"):
        scoring.validate_config(bad)


# --- on a dispute ----------------------------------------------------------------------


def test_checklist_answers_feed_the_factors(world):
    make_incident(world.s1, summary="夫妻离婚纠纷")
    services.dispute_intake()
    dispute = Dispute.objects.get()
    before = dispute.proposed_score
    services.dispute_checklist_answer(
        actor=world.officer_s1,
        dispute=dispute,
        answers={selectors.checklist_items().get(code="p-eight-losses").pk: Answer.YES},
    )
    dispute.refresh_from_db()
    assert dispute.proposed_score == before + 20  # a flagged party


def test_an_officer_answer_of_yes_to_threat_to_kill_forces_red(world):
    make_incident(world.s1, summary="邻居噪音纠纷")
    services.dispute_intake()
    dispute = Dispute.objects.get()
    assert dispute.proposed_colour == RiskColour.BLUE
    answers = answer_all(dispute, overrides={"r-threat-to-kill": Answer.YES})
    assessment = assess(world.officer_s1, dispute, answers={"r-threat-to-kill": Answer.YES})
    assert assessment.proposed_colour == RiskColour.RED
    assert Factor.THREAT_TO_KILL in assessment.hard_triggers
    assert answers  # every item was answered


def test_confirming_the_proposal_starts_follow_up_and_is_audited(world):
    make_incident(world.s1, summary="楼上漏水邻里纠纷", officer=world.off_s1b)
    services.dispute_intake()
    dispute = Dispute.objects.get()
    assessment = assess(world.officer_s1, dispute)
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.IN_PROGRESS
    assert dispute.colour == assessment.colour == assessment.proposed_colour == RiskColour.BLUE
    assert assessment.override_reason == ""
    assert assessment.scoring_model.version == ScoringModel.objects.get(is_active=True).version
    assert dispute.next_visit_due is not None
    event = AuditEvent.objects.get(action="dispute.assess", target_id=str(dispute.pk))
    assert event.changes["colour"] == RiskColour.BLUE and event.actor == world.officer_s1


def test_overriding_the_colour_needs_a_reason(world):
    make_incident(world.s1, summary="楼上漏水邻里纠纷")
    services.dispute_intake()
    dispute = Dispute.objects.get()
    with pytest.raises(ValidationError) as exc:
        assess(world.officer_s1, dispute, colour=RiskColour.YELLOW)
    assert "override_reason" in exc.value.message_dict
    assert not RiskAssessment.objects.exists()
    assessment = assess(
        world.officer_s1, dispute, colour=RiskColour.YELLOW, reason="双方情绪激动，有升级苗头"
    )
    assert assessment.is_override
    assert (assessment.proposed_colour, assessment.colour) == (RiskColour.BLUE, RiskColour.YELLOW)
    event = AuditEvent.objects.get(action="dispute.assess")
    assert event.changes["override_reason"] == "双方情绪激动，有升级苗头"


def test_assessment_needs_classification_and_every_item_answered_by_an_officer(world):
    make_incident(world.s1)
    services.dispute_intake()
    dispute = Dispute.objects.get()
    with pytest.raises(ValidationError) as exc:
        services.dispute_assess(actor=world.officer_s1, dispute=dispute, colour=RiskColour.BLUE)
    assert exc.value.code == "unclassified"
    services.dispute_classify(
        actor=world.officer_s1,
        dispute=dispute,
        dispute_type="neighbourhood",
        consequence="none",
        cause="trivial",
    )
    # Items pre-filled from the data are not enough: an officer confirms them.
    with pytest.raises(ValidationError) as exc:
        services.dispute_assess(actor=world.officer_s1, dispute=dispute, colour=RiskColour.BLUE)
    assert exc.value.code == "checklist_incomplete"


def test_hard_trigger_red_from_weapons_on_the_incident(world):
    make_incident(world.s1, summary="双方持刀对峙", weapons=True)
    services.dispute_intake()
    dispute = Dispute.objects.get()
    assert dispute.proposed_colour == RiskColour.RED
    assessment = assess(world.officer_s1, dispute, answers={"r-weapons": Answer.YES})
    assert Factor.WEAPONS in assessment.hard_triggers and assessment.colour == RiskColour.RED


def test_a_flagged_party_raises_the_proposal(world):
    make_person(unit=world.s3, name="甲", id_number="330102197707077777", is_drug_user=True)
    make_incident(
        world.s1, summary="债务纠纷讨债", persons=[{"name": "甲", "id_number": "330102197707077777"}]
    )
    services.dispute_intake()
    dispute = Dispute.objects.get()
    assert dispute.proposed_score == 15 + 20  # debts + flagged party


def test_old_assessments_stay_explained_by_their_model_version(world):
    make_incident(world.s1, summary="邻里纠纷")
    services.dispute_intake()
    dispute = Dispute.objects.get()
    first = assess(world.officer_s1, dispute)
    new_config = config() | {"type_points": {**config()["type_points"], "neighbourhood": 40}}
    with pytest.raises(PermissionDenied):
        services.scoring_model_publish(actor=world.officer_s1, config=new_config, note="x")
    v2 = services.scoring_model_publish(actor=world.city_legal, config=new_config, note="邻里纠纷权重上调")
    assert v2.version == first.scoring_model.version + 1
    assert ScoringModel.objects.filter(is_active=True).get() == v2
    first.refresh_from_db()
    assert first.scoring_model.config["type_points"]["neighbourhood"] == 10
    assert {"code": "dispute_type", "points": 10, "value": "neighbourhood"} in first.factors
    second = assess(world.officer_s1, dispute)
    assert second.scoring_model == v2 and second.score == 40
    assert AuditEvent.objects.filter(action="scoring_model.publish").count() == 1


def test_unresolved_age_raises_the_proposal_over_time(world):
    make_incident(world.s1, received_at=at(10), summary="土地纠纷")
    services.dispute_intake()
    assert Dispute.objects.get().proposed_score == 10 + 10  # land + unresolved > 7 days
