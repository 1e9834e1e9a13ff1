"""Scoping of disputes: a station never sees a sibling's disputes — 404 on the page, the
actions and the API, exactly like a missing one — and counts differ by level."""

import pytest
from django.core.exceptions import PermissionDenied

from disputes import services
from disputes.models import Dispute
from supervision.models import AuditEvent

from .conftest import assess, make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def disputes(world):
    make_incident(
        world.s1, summary="东街邻里纠纷", persons=[{"name": "东街甲", "id_number": "330102198001011111"}]
    )
    make_incident(world.s1, summary="东街劳资纠纷")
    make_incident(world.s2, summary="南门家庭纠纷")
    make_incident(world.s3, summary="江滨土地纠纷")
    services.dispute_intake()
    return {d.summary[:2]: d for d in Dispute.objects.all()}


def test_sibling_dispute_is_404_on_page_and_actions(world, disputes, client_as):
    mine, sibling = disputes["东街"], disputes["南门"]
    client = client_as(world.officer_s1)
    assert client.get(f"/disputes/{mine.pk}/").status_code == 200
    for path in ("", "assess/", "visit/", "resolve/", "township/", "assign/", "parties/add/"):
        assert client.get(f"/disputes/{sibling.pk}/{path}").status_code == 404, path
    assert client.post(f"/disputes/{sibling.pk}/visit/", {"visited_on": "2026-01-01"}).status_code == 404
    assert client.post(f"/disputes/{sibling.pk}/assess/preview/", {}).status_code == 404
    assert client.get("/disputes/999999/").status_code == 404
    # A chief may draft notices, but not on a sibling's dispute.
    assert client_as(world.chief_s1).get(f"/disputes/{sibling.pk}/notice/").status_code == 404
    rows = client.get("/disputes/").context["object_list"]
    assert {d.unit_id for d in rows} == {world.s1.pk}


def test_sibling_dispute_is_404_in_the_api(world, disputes, api_as):
    api = api_as(world.api_client)  # a machine account of station S1
    mine, sibling = disputes["东街"], disputes["南门"]
    assert api.get(f"/api/v1/disputes/{mine.pk}/").status_code == 200
    response = api.get(f"/api/v1/disputes/{sibling.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "南门" not in response.content.decode()


def test_counts_differ_by_level(world, disputes, api_as, client_as):
    counts = {
        user.username: api_as(user).get("/api/v1/disputes/").json()["count"]
        for user in (world.city_legal, world.branch_legal, world.chief_s1, world.officer_s2, world.chief_s3)
    }
    assert counts == {"city_legal": 4, "branch_legal": 3, "chief_s1": 2, "officer_s2": 1, "chief_s3": 1}
    page = client_as(world.branch_legal).get("/disputes/")
    assert page.context["counts"]["new"] == 3
    overview = client_as(world.officer_s2).get("/").content.decode()
    assert 'data-testid="panel-new">1<' in overview


def test_services_refuse_an_out_of_scope_actor(world, disputes):
    with pytest.raises(PermissionDenied):
        assess(world.officer_s2, disputes["东街"])
    assert not AuditEvent.objects.filter(action="dispute.classify").exists()


def test_api_filters_and_detail(world, disputes, api_as):
    api = api_as(world.branch_legal)
    assess(world.officer_s1, disputes["东街"])
    red = api.get("/api/v1/disputes/", {"colour": "none"}).json()
    assert red["count"] == 2
    by_unit = api.get("/api/v1/disputes/", {"unit": world.s2.pk}).json()
    assert [row["unit"] for row in by_unit["results"]] == [world.s2.pk]
    assert (
        api.get("/api/v1/disputes/", {"unit": world.s3.pk}).status_code == 400
    )  # not a unit they may choose
    detail = api.get(f"/api/v1/disputes/{disputes['东街'].pk}/").json()
    assert detail["status"] == "in_progress" and len(detail["assessments"]) == 1
    assert detail["parties"][0]["id_number"] == "330102198001011111"  # legal officers see it whole
    masked = api_as(world.chief_s1).get(f"/api/v1/disputes/{disputes['东街'].pk}/").json()
    assert masked["parties"][0]["id_number"] == "330102********1111"
