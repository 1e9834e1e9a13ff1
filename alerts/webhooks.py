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
import secrets
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.choices import AuditSource
from supervision.models import Unit, User
from supervision.querysets import scope_path
from supervision.roles import has_capability
from supervision.services import audit_record

from .choices import Level
from .models import RiskPoint, Warning, WebhookDelivery, WebhookSubscription, WorkflowEvent

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


def attempt(
    subscription_id: int, event_id: int | None, data: dict, number: int, *, ping: bool = False
) -> bool | None:
    """One delivery attempt. True: delivered; False: failed (retry if attempts remain);
    None: the subscription is gone or switched off (stop). A ``ping`` (the staff's test) is
    sent even to a disabled subscription and logged, but never counts as a failure."""
    subscription = WebhookSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None or not (subscription.is_active or ping):
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
        if ping:
            return ok
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


# ---------------------------------------------------------------------------------------
# Configuration by the legal-affairs unit (the staff page): every write audited, the secret
# never written to the audit trail and shown only once, when it is made.


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _require(actor: User, *unit_filters: Unit | None) -> None:
    """configure_rules, and every unit filter touched (old and new) inside the actor's
    scope; no filter at all (the whole platform) only for those who see all of it."""
    if not has_capability(actor, "configure_rules"):
        raise PermissionDenied(_("Your role may not do this."))
    scope = scope_path(actor)
    if scope == "":
        return
    for unit in unit_filters:
        if unit is None or scope is None or not unit.path.startswith(scope):
            raise PermissionDenied(_("This unit subtree is outside your scope."))


def _validate(*, name: str, url: str, levels: list[str]) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the subscription a name.")
    if not url.lower().startswith(("http://", "https://")):
        errors["url"] = _("Only http:// and https:// addresses can receive webhooks.")
    unknown = sorted(set(levels) - set(Level.values))
    if unknown:
        errors["levels"] = _("Unknown levels: %(levels)s") % {"levels": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def webhook_subscription_save(
    *,
    actor: User,
    subscription: WebhookSubscription | None = None,
    name: str,
    url: str,
    levels: list[str],
    risk_points: list[RiskPoint],
    unit: Unit | None,
) -> tuple[WebhookSubscription, str | None]:
    """Create a subscription (with a new signing secret) or change its address and filters.
    Returns it and the secret when one was made (to show once), else ``None``."""
    _require(actor, *((subscription.unit, unit) if subscription else (unit,)))
    _validate(name=name, url=url, levels=levels)
    levels = [level for level in Level.values if level in levels]  # one order, no repeats
    if subscription is None:
        secret = new_secret()
        subscription = WebhookSubscription.objects.create(
            name=name.strip(), url=url, secret=secret, levels=levels, unit=unit
        )
        subscription.risk_points.set(risk_points)
        audit_record(
            actor=actor,
            action="webhook.create",
            target=subscription,
            changes={
                "name": [None, subscription.name],
                "url": [None, url],
                "levels": [None, levels],
                "risk_points": [None, sorted(rp.code for rp in risk_points)],
                "unit": [None, unit.code if unit else None],
            },
            unit=unit,
        )
        return subscription, secret
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    before = {
        "name": subscription.name,
        "url": subscription.url,
        "levels": subscription.levels,
        "risk_points": sorted(subscription.risk_points.values_list("code", flat=True)),
        "unit": subscription.unit.code if subscription.unit_id else None,
    }
    after = {
        "name": name.strip(),
        "url": url,
        "levels": levels,
        "risk_points": sorted(rp.code for rp in risk_points),
        "unit": unit.code if unit else None,
    }
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if not changes:
        return subscription, None
    subscription.name, subscription.url, subscription.levels, subscription.unit = (
        after["name"],
        url,
        levels,
        unit,
    )
    subscription.save()
    subscription.risk_points.set(risk_points)
    audit_record(actor=actor, action="webhook.update", target=subscription, changes=changes, unit=unit)
    return subscription, None


@transaction.atomic
def webhook_secret_regenerate(*, actor: User, subscription: WebhookSubscription) -> str:
    """A new signing secret (the old one stops working at once); returned to show once."""
    _require(actor, subscription.unit)
    secret = new_secret()
    WebhookSubscription.objects.filter(pk=subscription.pk).update(secret=secret)
    # That it changed, never what it is.
    audit_record(actor=actor, action="webhook.update", target=subscription, changes={"secret": ["…", "…"]})
    return secret


@transaction.atomic
def webhook_subscription_enable(*, actor: User, subscription: WebhookSubscription) -> WebhookSubscription:
    """Switch a disabled subscription back on; its failure count starts again from zero."""
    _require(actor, subscription.unit)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.is_active:
        return subscription
    changes = {"is_active": [False, True], "consecutive_failures": [subscription.consecutive_failures, 0]}
    subscription.is_active, subscription.consecutive_failures, subscription.disabled_at = True, 0, None
    subscription.save(update_fields=["is_active", "consecutive_failures", "disabled_at"])
    audit_record(actor=actor, action="webhook.enable", target=subscription, changes=changes)
    return subscription


def webhook_ping(*, actor: User, subscription: WebhookSubscription) -> bool:
    """Send one signed test ping now (in the request, with the usual short timeout) and log
    it like any attempt; it never counts towards disabling the subscription."""
    _require(actor, subscription.unit)
    data = json.loads(encode(ping_payload(subscription)))
    ok = bool(attempt(subscription.pk, None, data, 1, ping=True))
    audit_record(
        actor=actor, action="webhook.ping", target=subscription, note="delivered" if ok else "failed"
    )
    return ok
