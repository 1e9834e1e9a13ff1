"""One scoping primitive, proven: a station never sees a sibling's data, and a sibling's
object is simply not found (404) — through the pages and through the API."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from supervision.api.base import ScopedViewSetMixin
from supervision.base_views import ScopedListView, ScopedQuerysetMixin
from supervision.models import AuditEvent, Officer, Unit, User
from supervision.services import audit_record


def test_unit_visibility_follows_the_tree(world):
    visible = {
        u: set(Unit.objects.visible_to(u).values_list("code", flat=True))
        for u in (world.city_legal, world.branch_legal, world.chief_s1, world.officer_s2, world.chief_s3)
    }
    assert visible[world.city_legal] == {"C0", "C0-FZ", "B1", "B1-FZ", "S1", "S2", "B2", "S3"}
    # A branch's legal office supervises its whole branch, not only the office itself.
    assert visible[world.branch_legal] == {"B1", "B1-FZ", "S1", "S2"}
    assert visible[world.chief_s1] == {"S1"}
    assert visible[world.officer_s2] == {"S2"}
    assert visible[world.chief_s3] == {"S3"}


def test_scoped_models_filter_by_owning_unit(world):
    assert set(Officer.objects.visible_to(world.officer_s1)) == {world.off_s1a, world.off_s1b}
    assert set(Officer.objects.visible_to(world.branch_legal)) == {
        world.off_s1a,
        world.off_s1b,
        world.off_s2a,
    }
    assert Officer.objects.visible_to(world.city_legal).count() == 4
    assert User.objects.visible_to(world.officer_s2).filter(pk=world.officer_s1.pk).count() == 0


def test_anonymous_and_unitless_users_see_nothing(world, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert Unit.objects.visible_to(AnonymousUser()).count() == 0
    orphan = django_user_model.objects.create_user(username="orphan", password="x" * 12)
    assert Officer.objects.visible_to(orphan).count() == 0


def test_inactive_user_sees_nothing(world):
    world.chief_s1.is_active = False
    assert Unit.objects.visible_to(world.chief_s1).count() == 0


def test_sibling_unit_page_is_404_not_403(world, client_as):
    client = client_as(world.officer_s1)
    assert client.get(f"/units/{world.s1.pk}/").status_code == 200
    assert client.get(f"/units/{world.s2.pk}/").status_code == 404
    assert client.get(f"/units/{world.b1.pk}/").status_code == 404  # a parent is out of scope too
    assert client.get("/units/999999/").status_code == 404  # …exactly like a missing one


def test_sibling_unit_api_is_404(world, api_as):
    api = api_as(world.api_client)  # a machine account of station S1
    assert api.get(f"/api/v1/units/{world.s1.pk}/").status_code == 200
    response = api.get(f"/api/v1/units/{world.s2.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "s2" not in response.content.decode().lower()


def test_list_counts_differ_by_level(world, api_as):
    counts = {}
    for user in (world.city_legal, world.branch_legal, world.officer_s1):
        counts[user.username] = api_as(user).get("/api/v1/units/").json()["count"]
    assert counts == {"city_legal": 8, "branch_legal": 4, "officer_s1": 1}


def test_audit_trail_is_scoped(world, api_as, client_as):
    audit_record(actor=world.chief_s1, action="test.s1", target=world.s1)
    audit_record(actor=world.officer_s2, action="test.s2", target=world.s2)
    audit_record(actor=world.chief_s3, action="test.s3", target=world.s3)
    seen = {e["action"] for e in api_as(world.branch_legal).get("/api/v1/audit-events/").json()["results"]}
    assert seen == {"test.s1", "test.s2"}
    page = client_as(world.city_legal).get("/audit/").content.decode()
    assert "test.s1" in page and "test.s3" in page
    other = AuditEvent.objects.get(action="test.s2")
    assert (
        api_as(world.api_client).get(f"/api/v1/audit-events/{other.pk}/").status_code == 403
    )  # no capability


def test_a_view_cannot_bypass_scoping():
    with pytest.raises(TypeError, match="get_base_queryset"):
        type("Leaky", (ScopedListView,), {"get_queryset": lambda self: Unit.objects.all()})
    with pytest.raises(TypeError, match="get_base_queryset"):
        type("LeakyApi", (ScopedViewSetMixin,), {"get_queryset": lambda self: Unit.objects.all()})


# Views that are not lists or details of unit-owned rows, and say why.
UNSCOPED_VIEWS_ALLOWED = {
    "MeView",  # the caller's own account
    "JobRunListView",  # platform-wide job records, no unit owner
    "NotificationListView",  # the caller's own notifications (filtered by recipient)
    "SpectacularAPIView",
    "SpectacularSwaggerView",
    "SpectacularRedocView",  # API documentation
}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_model_view_and_viewset_is_scoped():
    """Generic guard for every page and endpoint later issues add: a class-based view
    that reads model rows must be built on the scoped bases."""
    from django.views.generic.detail import SingleObjectMixin
    from django.views.generic.list import MultipleObjectMixin
    from rest_framework.generics import GenericAPIView

    offenders = []
    for route, callback in _walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            continue
        cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if cls is None or cls.__name__ in UNSCOPED_VIEWS_ALLOWED:
            continue
        reads_rows = issubclass(cls, MultipleObjectMixin | SingleObjectMixin | GenericAPIView)
        scoped = issubclass(cls, ScopedQuerysetMixin | ScopedViewSetMixin)
        if reads_rows and not scoped:
            offenders.append(f"{route} → {cls.__name__}")
    assert offenders == []
