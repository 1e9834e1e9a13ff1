"""Webhooks for the patrol's own moves (raised, became a problem, auto-resolved, reopened,
regression), fanned out after the chunk commits, against a real local HTTP receiver."""

import datetime
import hashlib
import hmac
import json

import pytest

from alerts import exemptions, tasks, webhooks, workflow
from alerts.models import Warning, WebhookDelivery, WebhookSubscription
from alerts.services import patrol_run
from alerts.sweep import sweep_items

from .factories import at, make_case
from .test_workflow_workers import receiver  # noqa: F401 (fixture)

pytestmark = pytest.mark.needs_postgres


def patrol(as_of: str, capture):
    moment = at(as_of)
    with capture(execute=True):
        patrol_run(business_date=moment.date(), as_of=moment, inline=True, rerun=True)


def filing(case):
    return Warning.objects.filter(case=case, risk_point__code="filing_review_overdue")


def received(hook, rule="filing_review_overdue"):
    """(event, warning id) of the requests the receiver got about ``rule``'s items, checking
    every signature (a case also trips other risk points; they are left out here)."""
    out = []
    for headers, body in hook.requests:
        assert headers["X-Signature"] == "sha256=" + hmac.new(b"k", body, hashlib.sha256).hexdigest()
        data = json.loads(body)
        if data["warning"]["risk_point"] == rule:
            out.append((data["event"], data["warning"]["id"]))
    return out


def test_every_patrol_move_reaches_the_subscription(world, receiver, django_capture_on_commit_callbacks):  # noqa: F811
    capture = django_capture_on_commit_callbacks
    hook = receiver()
    WebhookSubscription.objects.create(name="督察", url=hook.url, secret="k", unit=world.b1)
    case = make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    elsewhere = make_case(world.s3, world.off_s3a, accepted_at=at("2026-11-18 10:00"))

    patrol("2026-11-22 02:00", capture)  # blue reminder raised
    item = filing(case).get()
    assert received(hook) == [("raised", item.pk)]  # the other branch's item is filtered out
    assert filing(elsewhere).exists()
    assert {json.loads(body)["warning"]["unit"]["code"] for _h, body in hook.requests} == {"S1"}
    delivery = WebhookDelivery.objects.filter(payload__warning__id=item.pk).get()
    assert delivery.event_id is None and delivery.succeeded and delivery.payload["warning"]["level"] == "blue"

    case.filed_at = at("2026-11-22 09:00")
    case.save()
    patrol("2026-11-22 12:00", capture)  # the data cleared it in time
    assert received(hook)[-1] == ("auto_resolved", item.pk)

    case.filed_at = None  # the source system withdrew the decision
    case.save()
    patrol("2026-11-23 02:00", capture)  # back before anyone closed it: reopened
    assert received(hook)[-1] == ("reopened", item.pk)

    patrol("2026-11-24 02:00", capture)  # red: the reminder became a problem
    assert received(hook)[-1] == ("became_problem", item.pk)
    assert WebhookDelivery.objects.filter(event__warning=item, event__action="became_problem").exists()
    assert len(received(hook)) == 4

    # Closed out, then the condition comes back: a new item, announced as a regression.
    item.refresh_from_db()
    sweep_items(as_of=datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1))
    workflow.acknowledge(item, by=world.chief_s1)
    workflow.submit_rectification(item, by=world.chief_s1, text="已立案")
    workflow.verify(item, by=world.branch_legal)
    workflow.close_out(item, by=world.branch_legal)
    case.filed_at = at("2026-11-24 09:00")
    case.save()
    patrol("2026-11-25 02:00", capture)  # closed stays closed: nothing to announce
    case.filed_at = None
    case.save()
    hook.requests.clear()
    patrol("2026-11-26 02:00", capture)
    second = filing(case).exclude(pk=item.pk).get()
    assert received(hook) == [("regression", second.pk)]
    body = WebhookDelivery.objects.get(payload__warning__id=second.pk).payload
    assert body["warning"]["regression_of"] == item.pk and body["event_id"] is None


def test_exempt_items_send_nothing(world, receiver, django_capture_on_commit_callbacks):  # noqa: F811
    hook = receiver()
    WebhookSubscription.objects.create(name="all", url=hook.url, secret="k")
    case = make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    other = make_case(world.s2, world.off_s2a, accepted_at=at("2026-11-18 10:00"))
    patrol("2026-11-22 02:00", django_capture_on_commit_callbacks)
    hook.requests.clear()
    exemption = exemptions.exemption_request(
        actor=world.city_legal,
        unit=world.s1,
        risk_point=filing(case).get().risk_point,
        reason="系统迁移期间数据不全",
        ends_on=datetime.date(2099, 1, 1),
    )
    exemptions.exemption_decide(actor=world.leader, exemption=exemption, approve=True)
    patrol("2026-11-24 02:00", django_capture_on_commit_callbacks)  # both escalate to red
    assert received(hook) == [("became_problem", filing(other).get().pk)]


def test_fan_out_is_one_task_per_bounded_batch_after_commit(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(webhooks, "FAN_OUT_BATCH", 2)
    monkeypatch.setattr(tasks.webhook_fan_out, "delay", lambda *args: calls.append(args))
    for n in range(5):
        make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"), external_id=f"W{n}")
    patrol("2026-11-22 02:00", django_capture_on_commit_callbacks)
    assert calls == []  # no subscription: nothing queued at all
    WebhookSubscription.objects.create(name="all", url="http://127.0.0.1:9/x", secret="k")
    patrol("2026-11-24 02:00", django_capture_on_commit_callbacks)  # five became problems
    assert [len(events) for events, _raised in calls] == [2, 2, 1]
    assert {event for events, _ in calls for event in events} == set(
        Warning.objects.filter(workflow_events__action="became_problem").values_list(
            "workflow_events__id", flat=True
        )
    )


def test_nothing_is_sent_when_the_chunk_rolls_back(world, django_capture_on_commit_callbacks):
    from django.db import transaction

    WebhookSubscription.objects.create(name="all", url="http://127.0.0.1:9/x", secret="k")
    make_case(world.s1, world.off_s1a, accepted_at=at("2026-11-18 10:00"))
    moment = at("2026-11-22 02:00")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        patrol_run(business_date=moment.date(), as_of=moment, inline=True, rerun=True)
        transaction.set_rollback(True)
    assert callbacks == [] and not WebhookDelivery.objects.exists()
