"""The legal-affairs unit configures the checklists and the scoring model; a dispute can
be opened by hand; ingestion triggers intake; the scheduled jobs are registered."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases.models import Ingestion
from disputes import selectors, services
from disputes.choices import Answer, ChecklistKind, DisputeOrigin, Factor
from disputes.models import ChecklistItem, Dispute, ScoringModel
from supervision.models import AuditEvent, JobRun

from .conftest import make_incident, make_person

pytestmark = pytest.mark.django_db


def test_default_checklists_ship_eight_and_eight():
    items = selectors.checklist_items()
    assert items.filter(kind=ChecklistKind.PERSONS).count() == 8
    assert items.filter(kind=ChecklistKind.RISK).count() == 8
    assert items.filter(factor=Factor.THREAT_TO_KILL).exists()
    assert ScoringModel.objects.get(is_active=True).config["hard_triggers"] == ["threat_to_kill", "weapons"]


def test_only_the_legal_affairs_unit_edits_the_checklists(world):
    data = {
        "kind": ChecklistKind.RISK,
        "code": "r-extra",
        "text": "是否涉及未成年人",
        "order": 99,
        "is_active": True,
    }
    with pytest.raises(PermissionDenied):
        services.checklist_item_save(actor=world.branch_legal, item=None, data=data)
    item = services.checklist_item_save(actor=world.city_legal, item=None, data=data)
    assert AuditEvent.objects.filter(action="checklist_item.save", target_id=str(item.pk)).exists()
    make_incident(world.s1)
    services.dispute_intake()
    dispute = Dispute.objects.get()
    missing = selectors.dispute_missing_many([dispute])[dispute.pk].missing
    assert any("八必判" in m and "4" in m for m in missing)  # 3 manual items + the new one
    services.checklist_item_save(actor=world.city_legal, item=item, data={"is_active": False})
    missing = selectors.dispute_missing_many([dispute])[dispute.pk].missing
    assert any("八必判" in m and "3" in m for m in missing)


def test_settings_pages_by_capability(world, client_as):
    officer = client_as(world.officer_s1)
    assert officer.get("/disputes/settings/").status_code == 200
    assert officer.get("/disputes/settings/scoring/").status_code == 403
    assert officer.get("/disputes/settings/items/new/").status_code == 403
    legal = client_as(world.city_legal)
    form = legal.get("/disputes/settings/scoring/").context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data.update(note="红色起评分下调", red_min=65, hard_triggers=["threat_to_kill", "weapons"])
    data["threat_phrases"] = "同归于尽\n拼命"
    response = legal.post("/disputes/settings/scoring/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    active = ScoringModel.objects.get(is_active=True)
    assert active.config["red_min"] == 65 and active.version == 2 and active.note == "红色起评分下调"
    assert active.config["threat_phrases"] == ["同归于尽", "拼命"]


def test_opening_a_dispute_by_hand(world, client_as):
    make_person(unit=world.s3, name="甲", id_number="330102197707077777", has_mental_disorder_risk=True)
    client = client_as(world.officer_s1)
    response = client.post(
        "/disputes/new/",
        {
            "unit": world.s1.pk,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "location": "东街菜市场",
            "summary": "摊主之间因摊位占道发生争执",
            "dispute_type": "neighbourhood",
            "consequence": "none",
            "cause": "trivial",
            "crowd_size": 2,
            "party-TOTAL_FORMS": 3,
            "party-INITIAL_FORMS": 0,
            "party-0-name": "甲",
            "party-0-id_number": "330102197707077777",
            "party-1-name": "乙",
            "party-1-id_number": "",
            "party-2-name": "",
        },
    )
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    assert (dispute.origin, dispute.unit, dispute.incident) == (DisputeOrigin.MANUAL, world.s1, None)
    assert dispute.classified_by == world.officer_s1
    assert dispute.parties.get(name="甲").has_mental_disorder_risk  # matched at once
    assert dispute.proposed_score == 10 + 20
    # A station cannot open one for its sibling.
    with pytest.raises(PermissionDenied):
        services.dispute_open(actor=world.officer_s1, unit=world.s2, occurred_at=timezone.now(), summary="x")


def test_a_committed_incident_ingestion_triggers_intake(world, django_capture_on_commit_callbacks):
    make_incident(world.s1, summary="邻里纠纷")
    with django_capture_on_commit_callbacks(execute=True):
        Ingestion.objects.create(element_type="incident", channel="api", status=Ingestion.Status.COMMITTED)
    assert Dispute.objects.count() == 1
    run = JobRun.objects.get(kind="dispute_intake")
    assert run.period.endswith(f"#ingestion-{Ingestion.objects.get().pk}")
    with django_capture_on_commit_callbacks(execute=True):
        Ingestion.objects.create(element_type="case", channel="api", status=Ingestion.Status.COMMITTED)
        Ingestion.objects.create(element_type="incident", channel="demo", status=Ingestion.Status.COMMITTED)
        Ingestion.objects.create(element_type="incident", channel="api", status=Ingestion.Status.PREVIEWED)
    assert JobRun.objects.filter(kind="dispute_intake").count() == 1


def test_schedules_are_registered():
    from supervision.schedules import SCHEDULES

    tasks = {s.task: s for s in SCHEDULES}
    assert tasks["disputes.intake"].hour == "1" and tasks["disputes.sweep"].hour == "6"


def test_answers_from_data_are_not_overwritten_once_an_officer_answered(world):
    make_incident(world.s1, summary="邻里纠纷", weapons=True)
    services.dispute_intake()
    dispute = Dispute.objects.get()
    weapons = ChecklistItem.objects.get(code="r-weapons")
    assert dispute.answers.get(item=weapons).answer == Answer.YES
    services.dispute_checklist_answer(
        actor=world.officer_s1, dispute=dispute, answers={weapons.pk: (Answer.NO, "现场核实为雨伞，非凶器")}
    )
    services.dispute_intake()
    answer = dispute.answers.get(item=weapons)
    assert (answer.answer, answer.answered_by) == (Answer.NO, world.officer_s1)
    dispute.refresh_from_db()
    # The officer's "no" decides the factor, so weapons no longer force red …
    assert dispute.proposed_colour != "red"
    # … and the history of both answers is in the audit trail.
    assert AuditEvent.objects.filter(action="dispute.checklist", target_id=str(dispute.pk)).count() == 1
