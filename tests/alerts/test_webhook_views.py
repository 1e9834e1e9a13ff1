"""The staff pages of the webhook subscriptions: create, edit, new secret (shown once),
switch a disabled one back on, test ping against a real local receiver; audited, for legal
affairs only, scoped by the unit filter, bad input a 400 with nothing written."""

import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from alerts.models import RiskPoint, WebhookDelivery, WebhookSubscription
from supervision.choices import Role
from supervision.models import AuditEvent, User

from .test_workflow_workers import receiver  # noqa: F401 (fixture)

pytestmark = pytest.mark.needs_postgres

NEW = reverse("alerts:webhook_new")


def edit(subscription):
    return reverse("alerts:webhook", args=[subscription.pk])


@pytest.fixture
def b2_affairs(world):
    """Legal affairs of the second branch: configures webhooks, but only for its subtree."""
    from supervision.choices import UnitKind
    from supervision.models import Unit

    office = Unit.objects.create(
        code="B2-FZ", name="二分局法制大队", kind=UnitKind.LEGAL_AFFAIRS, parent=world.b2
    )
    return User.objects.create_user(username="b2_affairs", password="x", role=Role.LEGAL_AFFAIRS, unit=office)


def test_create_shows_the_secret_once_and_audits_without_it(world, client_as):
    client = client_as(world.city_legal)
    assert client.get(NEW).status_code == 200
    rule = RiskPoint.objects.order_by("code").first() or RiskPoint.objects.create(code="x_rule", ref="X1")
    response = client.post(
        NEW,
        {
            "name": "督察系统",
            "url": "https://hooks.example/in",
            "levels": ["red", "yellow"],
            "unit": world.b1.pk,
            "risk_points": [rule.pk],
        },
    )
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    page = response.content.decode()
    assert subscription.secret and subscription.secret in page and 'data-testid="secret"' in page
    assert (subscription.levels, subscription.unit, list(subscription.risk_points.all())) == (
        ["yellow", "red"],  # in the order of the levels
        world.b1,
        [rule],
    )
    event = AuditEvent.objects.get(action="webhook.create")
    assert event.actor == world.city_legal and subscription.secret not in json.dumps(event.changes)
    # Shown once: the edit page never shows it again.
    assert subscription.secret not in client.get(edit(subscription)).content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "url": "https://a.example/"}, "name"),
        ({"name": "x", "url": "ftp://a.example/"}, "url"),
        ({"name": "x", "url": "file:///etc/passwd"}, "url"),
        ({"name": "x", "url": "https://a.example/", "levels": ["purple"]}, "levels"),
        ({"name": "x", "url": "https://a.example/", "unit": "999999"}, "unit"),
        ({"name": "x", "url": "https://a.example/", "risk_points": ["abc"]}, "risk_points"),
    ],
)
def test_bad_input_is_a_400_with_the_error_and_nothing_written(world, client_as, data, field):
    response = client_as(world.city_legal).post(NEW, data)
    assert response.status_code == 400
    assert 'data-testid="field-error"' in response.content.decode()
    assert field in response.context["form"].errors
    assert not WebhookSubscription.objects.exists() and not AuditEvent.objects.filter(
        action__startswith="webhook"
    )


def test_edit_regenerate_and_switch_back_on(world, client_as):
    client = client_as(world.city_legal)
    subscription = WebhookSubscription.objects.create(
        name="old", url="https://a.example/", secret="s", is_active=False, consecutive_failures=10
    )
    response = client.post(edit(subscription), {"action": "save", "name": "new", "url": "https://b.example/"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.name, subscription.url, subscription.secret) == ("new", "https://b.example/", "s")
    assert AuditEvent.objects.get(action="webhook.update").changes["name"] == ["old", "new"]

    response = client.post(edit(subscription), {"action": "regenerate"})
    subscription.refresh_from_db()
    assert response.status_code == 200 and subscription.secret != "s"
    assert subscription.secret in response.content.decode() and subscription.name == "new"
    changes = AuditEvent.objects.filter(action="webhook.update").latest("id").changes
    assert set(changes) == {"secret"} and subscription.secret not in json.dumps(changes)

    assert client.post(edit(subscription), {"action": "enable"}).status_code == 302
    subscription.refresh_from_db()
    assert (
        subscription.is_active and subscription.consecutive_failures == 0 and subscription.disabled_at is None
    )
    assert AuditEvent.objects.filter(action="webhook.enable", actor=world.city_legal).count() == 1

    response = client.post(edit(subscription), {"action": "save", "name": "new", "url": "gopher://x/"})
    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.url == "https://b.example/"  # nothing half-written
    assert client.post(edit(subscription), {"action": "nonsense"}).status_code == 400


def test_ping_is_signed_logged_and_never_counts_as_a_failure(world, client_as, receiver):  # noqa: F811
    hook = receiver([500])
    subscription = WebhookSubscription.objects.create(
        name="p", url=hook.url, secret="k", is_active=False, consecutive_failures=10
    )
    client = client_as(world.city_legal)
    client.post(edit(subscription), {"action": "ping"})  # fails (500): logged, not counted
    client.post(edit(subscription), {"action": "ping"})  # a disabled one can be tested before switching on
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 10 and not subscription.is_active
    attempts = list(
        WebhookDelivery.objects.order_by("id").values_list("status_code", "succeeded", "event_id")
    )
    assert attempts == [(500, False, None), (200, True, None)]
    headers, body = hook.requests[-1]
    assert headers["X-Signature"] == "sha256=" + hmac.new(b"k", body, hashlib.sha256).hexdigest()
    assert json.loads(body)["event"] == "ping" and headers["X-Event"] == "ping"
    assert list(
        AuditEvent.objects.filter(action="webhook.ping").order_by("id").values_list("note", flat=True)
    ) == [
        "failed",
        "delivered",
    ]


def test_only_legal_affairs_configure_and_only_in_their_scope(world, client_as, b2_affairs):
    own = WebhookSubscription.objects.create(name="b2", url="https://a.example/", secret="s", unit=world.b2)
    other = WebhookSubscription.objects.create(name="b1", url="https://a.example/", secret="s", unit=world.b1)
    everything = WebhookSubscription.objects.create(name="all", url="https://a.example/", secret="s")
    for user in (world.branch_legal, world.officer_s1, world.chief_s1, world.auditor):
        client = client_as(user)
        assert client.get(NEW).status_code == 403
        assert client.post(edit(own), {"action": "enable"}).status_code == 403
    client = client_as(b2_affairs)
    assert client.get(edit(own)).status_code == 200
    for hidden in (other, everything):  # out of scope looks like missing
        assert client.get(edit(hidden)).status_code == 404
        assert client.post(edit(hidden), {"action": "ping"}).status_code == 404
    # The whole platform is not theirs to subscribe to, nor another branch.
    assert client.post(NEW, {"name": "x", "url": "https://a.example/"}).status_code == 400
    assert (
        client.post(NEW, {"name": "x", "url": "https://a.example/", "unit": world.s1.pk}).status_code == 400
    )
    # Nor can they move their own subscription to a unit outside their scope.
    response = client.post(
        edit(own), {"action": "save", "name": "b2", "url": "https://a.example/", "unit": world.s1.pk}
    )
    assert response.status_code == 400
    assert WebhookSubscription.objects.count() == 3
    assert (
        client.post(NEW, {"name": "x", "url": "https://a.example/", "unit": world.s3.pk}).status_code == 200
    )
    page = client_as(b2_affairs).get(reverse("alerts:webhooks")).content.decode()
    assert edit(own) in page and edit(other) not in page
