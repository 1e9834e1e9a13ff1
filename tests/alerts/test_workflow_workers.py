"""The sweep under two concurrent workers, and webhooks against a real local receiver:
HMAC signature, retry with backoff, auto-disable, one delivery by a real Celery worker."""

import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import connection
from django.utils import timezone

from alerts import webhooks, workflow
from alerts.choices import WarningSource, WorkflowAction
from alerts.models import WebhookDelivery, WebhookSubscription, WorkflowEvent
from alerts.sweep import sweep_items
from supervision.models import AuditEvent

from .conftest import wait_for

pytestmark = pytest.mark.needs_postgres


def test_two_concurrent_sweeps_never_act_twice(transactional_world):
    world = transactional_world
    items = [
        workflow.open_problem(unit=world.s1, source=WarningSource.MANUAL, title=f"问题{n}") for n in range(40)
    ]
    as_of = timezone.now() + datetime.timedelta(minutes=1)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            results.append(sweep_items(as_of=as_of, batch_size=3))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    assert sum(r.get("notified", 0) for r in results) == len(items)
    notified = WorkflowEvent.objects.filter(action=WorkflowAction.NOTIFIED).values_list(
        "warning_id", flat=True
    )
    assert sorted(notified) == sorted(i.pk for i in items)  # each exactly once


class Receiver:
    """A local HTTP endpoint answering with the queued status codes (then 200)."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(statuses=()):
        r = Receiver(statuses)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


def event_for(world):
    item = workflow.open_problem(unit=world.s1, source=WarningSource.MANUAL, title="卷宗问题")
    return item.workflow_events.get()


def test_signed_delivery_with_retries_until_success(world, receiver, django_capture_on_commit_callbacks):
    hook = receiver([500, 503])
    WebhookSubscription.objects.create(name="督察系统", url=hook.url, secret="s3cret", unit=world.b1)
    with django_capture_on_commit_callbacks(execute=True):
        event = event_for(world)
    deliveries = list(WebhookDelivery.objects.order_by("attempt"))
    assert [(d.attempt, d.status_code, d.succeeded) for d in deliveries] == [
        (1, 500, False),
        (2, 503, False),
        (3, 200, True),
    ]
    headers, body = hook.requests[-1]
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["X-Signature"] == expected
    data = json.loads(body)
    assert data["event_id"] == event.pk and data["warning"]["unit"]["code"] == "S1"
    assert WebhookSubscription.objects.get().consecutive_failures == 0
    assert [webhooks.backoff(n) for n in (1, 2, 3)] == [30, 60, 120]


def test_filters_keep_other_units_and_levels_out(world, receiver, django_capture_on_commit_callbacks):
    hook = receiver()
    WebhookSubscription.objects.create(name="二分局", url=hook.url, secret="x", unit=world.b2)
    WebhookSubscription.objects.create(name="red only", url=hook.url, secret="x", levels=["red"])
    with django_capture_on_commit_callbacks(execute=True):
        event_for(world)  # a yellow finding at S1 (branch B1)
    assert hook.requests == [] and not WebhookDelivery.objects.exists()


def test_a_dead_subscription_is_disabled_after_repeated_failures(
    world, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(webhooks, "DISABLE_AFTER", 3)
    hook = receiver([500] * 10)
    subscription = WebhookSubscription.objects.create(name="dead", url=hook.url, secret="x")
    with django_capture_on_commit_callbacks(execute=True):
        event_for(world)
    subscription.refresh_from_db()
    assert not subscription.is_active and subscription.disabled_at and subscription.consecutive_failures == 3
    assert WebhookDelivery.objects.count() == 3  # no attempt after it was switched off
    assert AuditEvent.objects.filter(action="webhook.disable").exists()


def test_unreachable_receiver_is_logged_not_raised(world):
    subscription = WebhookSubscription.objects.create(name="gone", url="http://127.0.0.1:9/x", secret="x")
    assert webhooks.attempt(subscription.pk, None, {"event": "x"}, 1) is False
    delivery = WebhookDelivery.objects.get()
    assert delivery.status_code is None and delivery.error


@pytest.mark.needs_redis
def test_a_real_worker_delivers_a_signed_payload(transactional_world, workers, receiver):
    hook = receiver()
    subscription = WebhookSubscription.objects.create(name="worker", url=hook.url, secret="k")
    workers.start("a")
    workers.send(
        "alerts.webhook_deliver", subscription_id=subscription.pk, event_id=None, payload={"event": "x"}
    )
    delivery = wait_for(lambda: WebhookDelivery.objects.filter(succeeded=True).first(), timeout=60)
    assert delivery.attempt == 1 and delivery.status_code == 200
    headers, body = hook.requests[0]
    assert headers["X-Signature"] == "sha256=" + hmac.new(b"k", body, hashlib.sha256).hexdigest()
