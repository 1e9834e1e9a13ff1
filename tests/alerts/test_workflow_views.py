"""Pages and REST endpoints of the workflow: each scoped (a sibling station gets 404 and
cannot act), illegal moves are 4xx with a message, never 500."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from alerts import workflow
from alerts.choices import Level, WarningSource, WorkflowState
from alerts.models import Notification, SummonsNotice, WebhookSubscription
from alerts.sweep import sweep_items

S = WorkflowState


@pytest.fixture
def item(world):
    found = workflow.open_problem(
        unit=world.s1, source=WarningSource.MANUAL, title="未告知权利义务", level=Level.RED
    )
    sweep_items(as_of=timezone.now() + datetime.timedelta(minutes=1))
    found.refresh_from_db()
    return found


def test_api_walks_a_problem_and_refuses_illegal_moves(world, item, api_as):
    chief, legal = api_as(world.chief_s1), api_as(world.branch_legal)
    base = f"/api/v1/warnings/{item.pk}"
    response = legal.post(f"{base}/verify/", {}, format="json")
    assert (
        response.status_code == 409 and response.json()["code"] == "conflict" and response.json()["message"]
    )
    assert chief.post(f"{base}/acknowledge/").status_code == 200
    response = chief.post(f"{base}/rectification/", {"text": ""}, format="json")
    assert response.status_code == 400
    # A JSON list instead of an object (found by the schema fuzzer): a 400, not a 500.
    response = chief.post(f"{base}/rectification/", [None, None], format="json")
    assert response.status_code == 400 and response.json()["message"]
    upload = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    response = chief.post(f"{base}/rectification/", {"text": "已整改", "files": [upload]}, format="multipart")
    assert response.status_code == 400 and "PDF" in str(response.json())
    scan = SimpleUploadedFile("回执.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = chief.post(f"{base}/rectification/", {"text": "已整改", "files": [scan]}, format="multipart")
    assert response.status_code == 200 and response.json()["workflow_state"] == S.SUBMITTED
    assert chief.post(f"{base}/verify/", {}, format="json").status_code == 403
    assert legal.post(f"{base}/reject/", {}, format="json").status_code == 400
    assert (
        legal.post(f"{base}/reject/", {"reason": "不完整"}, format="json").json()["workflow_state"]
        == S.ACKNOWLEDGED
    )
    chief.post(f"{base}/rectification/", {"text": "补齐"}, format="json")
    assert legal.post(f"{base}/verify/", {"note": "ok"}, format="json").status_code == 200
    response = legal.post(f"{base}/close/", {}, format="json")
    assert response.status_code == 200 and response.json()["closed_at"]
    history = legal.get(f"{base}/history/").json()
    assert [e["action"] for e in history] == [
        "opened",
        "notified",
        "acknowledged",
        "submitted",
        "rejected",
        "submitted",
        "verified",
        "closed",
    ]
    assert history[3]["attachments"][0]["name"] == "回执.pdf"


def test_api_is_scoped(world, item, api_as):
    sibling = api_as(world.officer_s2)
    base = f"/api/v1/warnings/{item.pk}"
    assert sibling.get(f"{base}/history/").status_code == 404
    assert sibling.post(f"{base}/acknowledge/").status_code == 404
    assert api_as(world.chief_s3).post(f"{base}/acknowledge/").status_code == 404
    item.refresh_from_db()
    assert item.workflow_state == S.NOTIFIED


def test_pages_are_scoped(world, item, client_as):
    client = client_as(world.officer_s2)
    assert client.get(reverse("alerts:warning", args=[item.pk])).status_code == 404
    response = client.post(reverse("alerts:warning_act", args=[item.pk, "acknowledge"]))
    assert response.status_code == 404
    page = client.get(reverse("alerts:rectification"))
    assert page.status_code == 200 and f'data-warning="{item.pk}"' not in page.content.decode()
    page = client.get(reverse("alerts:to_fix"))
    assert f'data-warning="{item.pk}"' not in page.content.decode()
    # Bulk actions on ids outside the scope do nothing.
    client.post(reverse("alerts:rectification"), {"ids": [item.pk], "action": "acknowledge"})
    item.refresh_from_db()
    assert item.workflow_state == S.NOTIFIED


def test_inbox_bulk_acknowledge_assign_remind(world, item, client_as):
    other = workflow.open_problem(unit=world.s2, source=WarningSource.MANUAL, title="另一问题")
    client = client_as(world.branch_legal)
    page = client.get(reverse("alerts:rectification"))
    assert (
        f'data-warning="{item.pk}"' in page.content.decode()
        and f'data-warning="{other.pk}"' in page.content.decode()
    )
    url = reverse("alerts:rectification")
    client.post(url, {"ids": [item.pk, other.pk], "action": "acknowledge"})
    item.refresh_from_db()
    assert item.workflow_state == S.ACKNOWLEDGED
    client.post(url, {"ids": [item.pk], "action": "assign", "assignee": world.officer_s1.pk})
    item.refresh_from_db()
    assert item.assignee == world.officer_s1
    client.post(url, {"ids": [item.pk], "action": "remind", "note": "请尽快"})
    assert item.workflow_events.filter(action="reminded", note="请尽快").exists()
    filtered = client.get(url, {"unit": world.s2.pk}).content.decode()
    assert f'data-warning="{item.pk}"' not in filtered


def test_item_page_walks_and_shows_history(world, item, client_as):
    chief = client_as(world.chief_s1)
    detail = reverse("alerts:warning", args=[item.pk])
    assert 'data-testid="do-acknowledge"' in chief.get(detail).content.decode()
    chief.post(reverse("alerts:warning_act", args=[item.pk, "acknowledge"]))
    response = chief.post(reverse("alerts:warning_act", args=[item.pk, "verify"]), follow=True)
    assert response.status_code == 403  # not a station chief's move: refused, state unchanged
    item.refresh_from_db()
    assert item.workflow_state == S.ACKNOWLEDGED
    page = chief.get(detail).content.decode()
    assert 'data-action="acknowledged"' in page and 'data-testid="do-submit"' in page


def test_station_to_fix_lists_overdue_first(world, item, client_as):
    later = workflow.open_problem(unit=world.s1, source=WarningSource.MANUAL, title="later")
    sweep_items(as_of=timezone.now() + datetime.timedelta(minutes=2))
    type(item).objects.filter(pk=item.pk).update(rectify_due_at=timezone.now() - datetime.timedelta(days=1))
    page = client_as(world.chief_s1).get(reverse("alerts:to_fix")).content.decode()
    assert page.index(f'data-warning="{item.pk}"') < page.index(f'data-warning="{later.pk}"')


def test_notifications_bell_and_list_are_personal(world, item, client_as):
    assert Notification.objects.filter(recipient=world.chief_s1).exists()
    page = client_as(world.chief_s1).get(reverse("alerts:notifications")).content.decode()
    assert 'data-testid="unread-count"' in page and "未告知权利义务" in page
    other = client_as(world.officer_s2).get(reverse("alerts:notifications")).content.decode()
    assert "未告知权利义务" not in other


def test_policy_page_edit_needs_legal_affairs(world, client_as):
    values = {
        "red_days": 2,
        "yellow_days": 4,
        "blue_days": 6,
        "reminder_interval_hours": 12,
        "step2_after_days": 2,
        "step3_after_days": 5,
    }
    assert client_as(world.branch_legal).post(reverse("alerts:policy"), values).status_code == 403
    client_as(world.city_legal).post(reverse("alerts:policy"), values)
    assert workflow.policy().red_days == 2


def test_exemption_pages_request_and_approve(world, client, client_as):
    item = workflow.open_problem(
        unit=world.s1, source=WarningSource.MANUAL, title="卷宗", element_type="case", element_id=777
    )
    client_as(world.branch_legal).post(
        reverse("alerts:exemptions"),
        {"warning": item.pk, "scope": "element", "until_clears": "1", "reason": "专项延期"},
    )
    from alerts.models import Exemption

    exemption = Exemption.objects.get()
    assert exemption.status == "requested"
    assert (
        client_as(world.officer_s2)
        .get(reverse("alerts:exemptions"))
        .content.decode()
        .count("data-exemption=")
        == 0
    )
    client.logout()
    client_as(world.leader).post(reverse("alerts:exemptions"), {"decide": exemption.pk, "approve": "1"})
    item.refresh_from_db()
    assert item.exempted


def test_webhook_page_is_for_staff_and_summons_is_scoped(world, item, client_as):
    WebhookSubscription.objects.create(name="x", url="http://127.0.0.1:9/", secret="s", is_active=False)
    assert client_as(world.officer_s1).get(reverse("alerts:webhooks")).status_code == 403
    assert (
        'data-testid="disabled"'
        in client_as(world.branch_legal).get(reverse("alerts:webhooks")).content.decode()
    )
    workflow.acknowledge(item, by=world.chief_s1)
    pol = workflow.policy()
    due = item.rectify_due_at
    for days in (0, pol.step2_after_days, pol.step3_after_days):
        sweep_items(as_of=due + datetime.timedelta(days=days, minutes=1))
    notice = SummonsNotice.objects.get(warning=item)
    assert client_as(world.officer_s2).get(reverse("alerts:summons", args=[notice.pk])).status_code == 404
    leader = client_as(world.leader)
    assert leader.get(reverse("alerts:summons", args=[notice.pk])).status_code == 200
    leader.post(reverse("alerts:summons", args=[notice.pk]), {"talk_note": "已约谈所长"})
    notice.refresh_from_db()
    assert notice.signed_by == world.leader and notice.talk_held_at
