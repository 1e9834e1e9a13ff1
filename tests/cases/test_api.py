"""The REST API: bulk ingest endpoints (auth, capability, error body, limits) and the
read endpoints (scoping, masking, filters, constant query counts)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases import ingest
from cases import models as m

from .conftest import ORDER, record

READ_SLUGS = list(ORDER)


# --------------------------------------------------------------------------------------
# Ingest


def test_an_api_client_ingests_with_its_token(world, officers, api_as):
    api = api_as(world.api_client)  # token authentication
    body = [record("incidents", "t1", "S1", officers["S1"]), record("incidents", "t2", "S1", officers["S1"])]
    response = api.post("/api/v1/ingest/incidents/", body, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert {
        k: data[k] for k in ("element_type", "status", "received", "created", "updated", "unchanged")
    } == {
        "element_type": "incident",
        "status": "committed",
        "received": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    ingestion = m.Ingestion.objects.get(pk=data["ingestion"])
    assert (ingestion.actor, ingestion.channel) == (world.api_client, "api")
    again = api.post("/api/v1/ingest/incidents/", {"records": body}, format="json").json()
    assert (again["created"], again["unchanged"]) == (0, 2)


def test_a_rejected_batch_is_a_400_with_the_standard_body(world, officers, api_as):
    body = [record("incidents", "a", "S1", officers["S1"]), record("incidents", "b", "S2", officers["S2"])]
    body[0]["received_at"] = "soon"
    response = api_as(world.api_client).post("/api/v1/ingest/incidents/", body, format="json")
    assert response.status_code == 400
    data = response.json()
    assert set(data) == {"status", "code", "message", "errors"}
    assert (data["status"], data["code"]) == (400, "invalid")
    assert "未写入任何记录" in data["message"]  # the product speaks Chinese
    assert [(e["index"], e["external_id"], e["field"]) for e in data["errors"]] == [
        (0, "JQ350102202603010001-a", "received_at"),
        (1, "JQ350102202603010001-b", "unit"),
    ]
    assert m.Incident.objects.count() == 0


def test_the_error_body_speaks_chinese_by_default(world, officers, api_as):
    body = [dict(record("incidents", "a", "S1", officers["S1"]), unit="NOPE")]
    with translation.override("zh-hans"):
        response = api_as(world.api_client).post(
            "/api/v1/ingest/incidents/", body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    data = response.json()
    assert data["message"].startswith("批次被拒绝")
    assert data["errors"][0]["message"] == "单位代码“NOPE”不存在。"


def test_bad_json_is_a_400(world, api_as):
    response = api_as(world.api_client).post(
        "/api/v1/ingest/incidents/", data="[{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize(("body", "code"), [({"rows": []}, "invalid"), ([], "empty_batch"), ("x", "invalid")])
def test_a_body_that_is_not_a_batch_is_a_400(world, api_as, body, code):
    response = api_as(world.api_client).post("/api/v1/ingest/incidents/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_an_oversized_batch_is_refused_whole(world, officers, api_as):
    one = record("incidents", "x", "S1", officers["S1"])
    body = [dict(one, external_id=f"JQ{i}") for i in range(ingest.MAX_BATCH + 1)]
    response = api_as(world.api_client).post("/api/v1/ingest/incidents/", body, format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "batch_too_large"
    assert m.Incident.objects.count() == 0
    assert m.Ingestion.objects.count() == 0


def test_batches_of_five_thousand_are_taken(world, officers, api_as):
    one = record("incidents", "x", "S1", officers["S1"])
    body = [dict(one, external_id=f"JQ{i:05d}", number=f"J{i:05d}") for i in range(5000)]
    response = api_as(world.api_client).post("/api/v1/ingest/incidents/", body, format="json")
    assert response.status_code == 200
    assert response.json()["created"] == 5000


@pytest.mark.parametrize("persona", ["officer_s1", "chief_s1", "auditor", "leader"])
def test_ingesting_needs_the_capability(world, officers, api_as, persona):
    body = [record("incidents", "x", "S1", officers["S1"])]
    response = api_as(getattr(world, persona)).post("/api/v1/ingest/incidents/", body, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_ingesting_needs_authentication(world, officers):
    from rest_framework.test import APIClient

    response = APIClient().post("/api/v1/ingest/incidents/", [], format="json")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_an_unknown_element_type_is_404(world, api_as):
    assert api_as(world.api_client).post("/api/v1/ingest/spaceships/", [], format="json").status_code == 404


def test_every_ingest_endpoint_is_documented_with_an_example(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for slug in ORDER:
        operation = schema["paths"][f"/api/v1/ingest/{slug}/"]["post"]
        body = operation["requestBody"]["content"]["application/json"]
        assert body["examples"], slug
        assert {"200", "400", "413"} <= set(operation["responses"]), slug
        component = body["schema"]["items"]["$ref"].rsplit("/", 1)[1]
        record_schema = schema["components"]["schemas"][component]
        assert "external_id" in record_schema["properties"] or "code" in record_schema["properties"]
        assert record_schema["required"], slug


# --------------------------------------------------------------------------------------
# Read


@pytest.mark.parametrize("slug", READ_SLUGS)
def test_list_counts_differ_by_level(elements, api_as, slug):
    counts = {
        user.username: api_as(user).get(f"/api/v1/{slug}/").json()["count"]
        for user in (elements.city_legal, elements.branch_legal, elements.officer_s1)
    }
    assert counts == {"city_legal": 3, "branch_legal": 2, "officer_s1": 1}


@pytest.mark.parametrize("slug", READ_SLUGS)
def test_a_sibling_stations_element_is_404(elements, api_as, slug):
    spec = ingest.specs()[slug]
    key = spec.key
    theirs = spec.model.objects.get(**{f"{key}__endswith": "-s2", "unit": elements.s2})
    mine = spec.model.objects.get(**{f"{key}__endswith": "-s1", "unit": elements.s1})
    api = api_as(elements.api_client)  # the S1 machine account
    assert api.get(f"/api/v1/{slug}/{mine.pk}/").status_code == 200
    response = api.get(f"/api/v1/{slug}/{theirs.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_element_reads_back_in_the_ingest_format(elements, api_as, officers):
    data = api_as(elements.officer_s1).get("/api/v1/cases/").json()["results"][0]
    sent = record("cases", "s1", "S1", officers["S1"])
    for key in ("external_id", "unit", "officers", "number", "kind", "cause", "incident", "status"):
        assert data[key] == sent[key], key
    assert data["accepted_at"] == "2026-03-01T11:00:00+08:00"
    assert data["unit_name"] == "一分局东街派出所"
    assert data["last_activity_at"] == "2026-03-04T10:00:00+08:00"


def test_id_numbers_are_masked_for_those_who_may_not_see_them(elements, api_as):
    whole = "350102199001011234"
    assert api_as(elements.officer_s1).get("/api/v1/persons/").json()["results"][0]["id_number"] == whole
    for persona in (elements.chief_s1, elements.leader, elements.auditor):
        shown = api_as(persona).get("/api/v1/persons/").json()["results"][0]["id_number"]
        assert shown == "350102********1234", persona.username


def test_filters_are_the_pages_filters(elements, api_as):
    api = api_as(elements.city_legal)
    assert api.get(f"/api/v1/cases/?unit={elements.b1.pk}").json()["count"] == 2
    assert api.get("/api/v1/cases/?q=A3501025100002026030001s3").json()["count"] == 1
    assert api.get("/api/v1/cases/?officer=S2001").json()["count"] == 1
    assert api.get("/api/v1/cases/?kind=administrative").json()["count"] == 0
    assert api.get("/api/v1/cases/?accepted_from=2026-03-01&accepted_until=2026-03-01").json()["count"] == 3
    assert api.get("/api/v1/cases/?accepted_from=2026-03-02").json()["count"] == 0
    assert api.get("/api/v1/measures/?open=true").json()["count"] == 3
    assert api.get("/api/v1/persons/?q=陈志").json()["count"] == 3
    assert api.get("/api/v1/documents/?case=AJ350102202603010001-s1").json()["count"] == 1
    # A branch officer cannot widen their scope with the unit filter.
    assert api_as(elements.branch_legal).get(f"/api/v1/cases/?unit={elements.b2.pk}").status_code == 400


def test_searching_by_id_number_needs_the_right_to_see_it(elements, api_as):
    number = "350102199001011234"
    assert api_as(elements.officer_s1).get(f"/api/v1/persons/?q={number}").json()["count"] == 1
    assert api_as(elements.chief_s1).get(f"/api/v1/persons/?q={number}").json()["count"] == 0


@pytest.mark.parametrize("slug", READ_SLUGS)
def test_a_list_costs_the_same_queries_for_1_or_30_rows(elements, officers, api_as, slug):
    api = api_as(elements.city_legal)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"/api/v1/{slug}/").status_code == 200
        return len(queries.captured_queries)

    few = count()
    spec = ingest.specs()[slug]
    model = spec.model
    # Clone the stored rows (same references) under new source ids: 30 rows in all.
    rows = list(model.objects.values())
    clones = []
    for i in range(10):
        for row in rows:
            clone = {k: v for k, v in row.items() if k != "id"}
            clone[spec.key] = f"{row[spec.key]}-c{i}"
            if model is m.CaseFile:
                continue
            clones.append(model(**clone))
    model.objects.bulk_create(clones)
    if model is m.Case:
        m.CaseOfficer.objects.bulk_create(
            [
                m.CaseOfficer(case=c, officer=elements.off_s1a, is_lead=True)
                for c in model.objects.filter(case_officers=None)
            ]
        )
    assert count() == few


def test_ingestion_history_is_scoped(world, officers, api_as):
    api_as(world.api_client).post(
        "/api/v1/ingest/incidents/", [record("incidents", "a", "S1", officers["S1"])], format="json"
    )
    assert api_as(world.city_legal).get("/api/v1/ingestions/").json()["count"] == 1
    assert api_as(world.officer_s1).get("/api/v1/ingestions/").json()["count"] == 1
    assert api_as(world.officer_s2).get("/api/v1/ingestions/").json()["count"] == 0


def test_json_bodies_of_records_round_trip(elements, api_as):
    """What the read API returns can be sent back unchanged: nothing changes."""
    api = api_as(elements.city_legal)
    for slug in ORDER:
        results = api.get(f"/api/v1/{slug}/").json()["results"]
        spec = ingest.specs()[slug]
        body = [{f.name: row[f.name] for f in spec.fields} for row in results]
        response = api.post(f"/api/v1/ingest/{slug}/", json.loads(json.dumps(body)), format="json")
        assert response.status_code == 200, (slug, response.json())
        assert response.json()["unchanged"] == 3, slug
