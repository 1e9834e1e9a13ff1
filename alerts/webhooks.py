"""Outbound webhooks: one signed JSON POST per workflow event and matching subscription.

The body is signed with HMAC-SHA256 over the exact bytes sent, in ``X-Signature:
sha256=<hex>``; the receiver recomputes it with the shared secret. Each attempt is logged
(``WebhookDelivery``); a failed attempt is retried by the task with exponential backoff,
and a subscription that fails ``DISABLE_AFTER`` times in a row is switched off (and shown
as such on the staff page) until someone re-enables it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from supervision.choices import AuditSource
from supervision.models import Unit
from supervision.services import audit_record

from .models import Warning, WebhookDelivery, WebhookSubscription, WorkflowEvent

MAX_ATTEMPTS = getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 5)
DISABLE_AFTER = getattr(settings, "WEBHOOK_DISABLE_AFTER", 10)
TIMEOUT_SECONDS = getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 5)
BACKOFF_BASE_SECONDS = getattr(settings, "WEBHOOK_BACKOFF_SECONDS", 30)


def backoff(attempt: int) -> int:
    """Seconds before attempt ``attempt + 1``: 30, 60, 120, 240 … capped at an hour."""
    return min(BACKOFF_BASE_SECONDS * 2 ** (attempt - 1), 3600)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(event: WorkflowEvent) -> dict:
    return {
        "event": event.action,
        "event_id": event.pk,
        "occurred_at": event.occurred_at,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "escalation_step": event.escalation_step,
        "warning": warning_payload(event.warning),
    }


# A new item the patrol raised has no workflow event of its own (the sweep notifies it
# later): it is announced as one of these, with ``event_id`` null.
RAISED, REGRESSION, RECORDED_LATE = "raised", "regression", "recorded_late"


def raised_payload(warning: Warning) -> dict:
    if warning.regression_of_id:
        event = REGRESSION
    elif warning.cleared_at is not None:
        event = RECORDED_LATE  # an act that came after its deadline: a breach on record, closed
    else:
        event = RAISED
    return {
        "event": event,
        "event_id": None,
        "occurred_at": warning.raised_at,
        "from_state": "",
        "to_state": warning.workflow_state,
        "escalation_step": 0,
        "warning": warning_payload(warning),
    }


def ping_payload(subscription: WebhookSubscription) -> dict:
    """The body of a test ping sent from the staff page (no item, no event row)."""
    return {
        "event": "ping",
        "event_id": None,
        "occurred_at": timezone.now(),
        "subscription": {"id": subscription.pk, "name": subscription.name},
    }


def warning_payload(warning: Warning) -> dict:
    return {
        "id": warning.pk,
        "kind": warning.kind,
        "level": warning.level,
        "workflow_state": warning.workflow_state,
        "risk_point": warning.risk_point.code if warning.risk_point_id else None,
        "unit": {"id": warning.unit_id, "code": warning.unit.code, "name": warning.unit.name},
        "element_type": warning.element_type,
        "element_id": warning.element_id,
        "element_label": warning.element_label,
        "rectify_due_at": warning.rectify_due_at,
        "regression_of": warning.regression_of_id,
        "updated_at": warning.updated_at,
    }


def encode(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True).encode()


def matches(
    subscription: WebhookSubscription, warning, *, risk_point_ids: set[int], unit_path: str | None
) -> bool:
    if subscription.levels and warning.level not in subscription.levels:
        return False
    if risk_point_ids and warning.risk_point_id not in risk_point_ids:
        return False
    return unit_path is None or warning.unit.path.startswith(unit_path)


def fan_out(event_ids: list[int], raised_ids: list[int] = ()) -> list[tuple[int, int | None, dict]]:
    """(subscription, event, payload) for every active subscription an event matches, and
    for every new item the patrol raised (``raised_ids``: warnings, event null). One query
    per kind builds the payloads. Exempted items are never delivered."""
    subscriptions = list(WebhookSubscription.objects.filter(is_active=True).prefetch_related("risk_points"))
    if not subscriptions:
        return []
    unit_paths = dict(
        Unit.objects.filter(pk__in=[s.unit_id for s in subscriptions if s.unit_id]).values_list("pk", "path")
    )
    filters = [
        (s, {rp.pk for rp in s.risk_points.all()}, unit_paths.get(s.unit_id) if s.unit_id else None)
        for s in subscriptions
    ]
    jobs = []
    events = WorkflowEvent.objects.filter(pk__in=event_ids, warning__exempted=False).select_related(
        "warning__unit", "warning__risk_point"
    )
    for event in events:
        body = None
        for subscription, rp_ids, path in filters:
            if matches(subscription, event.warning, risk_point_ids=rp_ids, unit_path=path):
                body = body or json.loads(encode(payload(event)))
                jobs.append((subscription.pk, event.pk, body))
    if raised_ids:
        raised = Warning.objects.filter(pk__in=raised_ids, exempted=False)
        for warning in raised.select_related("unit", "risk_point"):
            body = None
            for subscription, rp_ids, path in filters:
                if matches(subscription, warning, risk_point_ids=rp_ids, unit_path=path):
                    body = body or json.loads(encode(raised_payload(warning)))
                    jobs.append((subscription.pk, None, body))
    return jobs


# Ids per fan-out task: a patrol chunk that changes 50,000 items queues 100 small tasks,
# not one message too large for the broker nor 50,000 of them.
FAN_OUT_BATCH = 500


def queue_patrol_moves(*, event_ids: list[int], raised_ids: list[int]) -> None:
    """Announce the patrol's bulk moves (workflow events it wrote, items it raised) once the
    chunk's transaction commits: nothing per item happens inside it, and a chunk rolled back
    (taken over by another worker) sends nothing."""
    if not event_ids and not raised_ids:
        return

    def queue():
        from . import tasks

        if not WebhookSubscription.objects.filter(is_active=True).exists():
            return
        for offset in range(0, max(len(event_ids), len(raised_ids)), FAN_OUT_BATCH):
            tasks.webhook_fan_out.delay(
                event_ids[offset : offset + FAN_OUT_BATCH], raised_ids[offset : offset + FAN_OUT_BATCH]
            )

    transaction.on_commit(queue)


def attempt(subscription_id: int, event_id: int | None, data: dict, number: int) -> bool | None:
    """One delivery attempt. True: delivered; False: failed (retry if attempts remain);
    None: the subscription is gone or switched off (stop)."""
    subscription = WebhookSubscription.objects.filter(pk=subscription_id, is_active=True).first()
    if subscription is None:
        return None
    body = encode(data)
    if not subscription.url.lower().startswith(("http://", "https://")):
        return None  # URLField allows only these; never open file: or custom schemes
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "supervision-webhooks/1",
            "X-Signature": sign(subscription.secret, body),
            "X-Event": data.get("event", ""),
            "X-Delivery-Attempt": str(number),
        },
    )
    started = time.monotonic()
    status_code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status_code = response.status
    except urllib.error.HTTPError as exc:
        status_code, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
    duration = int((time.monotonic() - started) * 1000)
    ok = status_code is not None and 200 <= status_code < 300
    with transaction.atomic():
        WebhookDelivery.objects.create(
            subscription=subscription,
            event_id=event_id,
            attempt=number,
            payload=data,
            status_code=status_code,
            error=error[:300],
            duration_ms=duration,
            succeeded=ok,
        )
        if ok:
            WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)
            return True
        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            consecutive_failures=F("consecutive_failures") + 1
        )
        disabled = WebhookSubscription.objects.filter(
            pk=subscription.pk, is_active=True, consecutive_failures__gte=DISABLE_AFTER
        ).update(is_active=False, disabled_at=timezone.now())
        if disabled:
            subscription.refresh_from_db()
            audit_record(
                actor=None,
                action="webhook.disable",
                target=subscription,
                changes={"is_active": [True, False]},
                note=f"{subscription.consecutive_failures} consecutive failures",
                source=AuditSource.JOB,
            )
            return None
    return False
