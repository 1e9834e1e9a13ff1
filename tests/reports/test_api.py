"""/api/v1/bulletins/ and /api/v1/assessments/: published reports for other systems,
scoped like the pages (another branch's bulletin and a sibling's score are not there),
with the stored figures and scores, documented in the OpenAPI schema."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import assessment as svc
from reports.bulletins import bulletin_generate, bulletin_publish
from reports.indicators import Period
from reports.models import AssessmentScore, SubjectKind

from .bulletin_data import MONDAY

pytestmark = pytest.mark.django_db

OCT = Period(2026, 10)


@pytest.fixture
def bulletins(world, week_data):
    city, _ = bulletin_generate(publisher=world.city, monday=MONDAY)
    b1, _ = bulletin_generate(publisher=world.b1, monday=MONDAY)
    b2, _ = bulletin_generate(publisher=world.b2, monday=MONDAY)
    for b in (city, b1, b2):
        bulletin_publish(actor=world.city_legal, bulletin=b)
    draft, _ = bulletin_generate(publisher=world.b1, monday=MONDAY.replace(day=24))
    return {"city": city, "b1": b1, "b2": b2, "draft": draft}


def test_a_station_system_pulls_its_bulletins_with_their_stored_figures(world, bulletins, api_as):
    api = api_as(world.api_client)  # a machine account of S1 (branch B1)
    response = api.get("/api/v1/bulletins/")
    assert response.status_code == 200
    body = response.json()
    # The city's and its branch's published bulletins; never B2's, never a draft.
    assert {r["id"] for r in body["results"]} == {bulletins["city"].pk, bulletins["b1"].pk}
    assert body["count"] == 2 and "figures" not in body["results"][0]
    row = next(r for r in body["results"] if r["id"] == bulletins["b1"].pk)
    assert row["publisher"] == "B1" and row["number"] == 1 and row["deliveries"] == 1
    assert row["acknowledged"] == 0 and row["period_start"] == MONDAY.isoformat()

    detail = api.get(f"/api/v1/bulletins/{bulletins['b1'].pk}/").json()
    bulletins["b1"].refresh_from_db()
    assert detail["figures"] == bulletins["b1"].figures  # exactly what is stored
    assert detail["figures"]["problems"]["this"]["found"] >= 1
    # Out of scope and drafts look like missing: 404 with the one error body.
    for other in (bulletins["b2"], bulletins["draft"]):
        response = api.get(f"/api/v1/bulletins/{other.pk}/")
        assert response.status_code == 404 and response.json()["status"] == 404


def test_bulletin_filters_and_bad_input(world, bulletins, api_as):
    api = api_as(world.city_legal)
    assert api.get("/api/v1/bulletins/").json()["count"] == 3
    assert [r["publisher"] for r in api.get("/api/v1/bulletins/?publisher=B2").json()["results"]] == ["B2"]
    assert api.get("/api/v1/bulletins/?since=2026-09-01").json()["count"] == 0
    assert api.get("/api/v1/bulletins/?year=2026").json()["count"] == 3
    response = api.get("/api/v1/bulletins/?year=abc")
    assert response.status_code == 400 and response.json()["errors"]
    assert api.get("/api/v1/bulletins/?since=not-a-day").status_code == 400


def test_bulletin_list_query_count_does_not_grow(world, bulletins, api_as):
    api = api_as(world.city_legal)
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/bulletins/")
    for monday in (MONDAY.replace(day=17), MONDAY.replace(day=10)):
        bulletin_publish(
            actor=world.city_legal, bulletin=bulletin_generate(publisher=world.b2, monday=monday)[0]
        )
    with CaptureQueriesContext(connection) as more:
        assert api.get("/api/v1/bulletins/").json()["count"] == 5
    assert len(more) == len(few)


def test_reports_api_needs_an_account_and_is_read_only(world, bulletins, api_as, client):
    assert client.get("/api/v1/bulletins/").status_code in (401, 403)
    api = api_as(world.api_client)
    assert api.post("/api/v1/bulletins/", {}).status_code == 405
    assert api.delete(f"/api/v1/bulletins/{bulletins['b1'].pk}/").status_code == 405


@pytest.fixture
def published_october(world, october):
    assessment, _ = svc.assessment_generate(period=OCT)
    svc.assessment_publish(actor=world.city_legal, assessment=assessment)
    draft, _ = svc.assessment_generate(period=Period(2026, 11))
    return assessment, draft


def test_assessments_list_and_detail_with_scoped_scores(world, published_october, api_as):
    assessment, _draft = published_october
    api = api_as(world.api_client)  # S1
    body = api.get("/api/v1/assessments/").json()
    assert [r["period"] for r in body["results"]] == ["2026-10"]  # the November draft is not served
    detail = api.get("/api/v1/assessments/2026-10/").json()
    assert detail["scheme"] == assessment.scheme_snapshot
    # S1 sees its own score and its leaders', never S2's.
    seen = {(s["subject_kind"], s["unit"]) for s in detail["scores"]}
    assert ("unit", "S1") in seen and all(unit == "S1" for _kind, unit in seen)
    stored = AssessmentScore.objects.get(assessment=assessment, subject_kind=SubjectKind.UNIT, unit=world.s1)
    s1 = next(s for s in detail["scores"] if s["subject_kind"] == "unit")
    assert Decimal(s1["score"]) == stored.score and s1["inputs"] == stored.inputs
    assert s1["deductions"] == stored.deductions and (s1["rank"], s1["rank_of"]) == (
        stored.rank,
        stored.rank_of,
    )
    assert s1["grade"] == stored.grade

    # The city sees every unit's score; the draft month is not found.
    city = api_as(world.city_legal).get("/api/v1/assessments/2026-10/").json()
    assert {s["unit"] for s in city["scores"] if s["subject_kind"] == "unit"} >= {"S1", "S2", "S3"}
    assert api.get("/api/v1/assessments/2026-11/").status_code == 404
    assert api.get("/api/v1/assessments/2026-13x/").status_code == 404
    assert api.get("/api/v1/assessments/?since=2026-11").json()["count"] == 0


def test_schema_documents_both_endpoints_with_examples(world, api_as):
    schema = api_as(world.city_legal).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"] if schema["Content-Type"].startswith("application/json") else None
    if paths is None:
        import yaml

        paths = yaml.safe_load(schema.content)["paths"]
    for path in (
        "/api/v1/bulletins/",
        "/api/v1/bulletins/{id}/",
        "/api/v1/assessments/",
        "/api/v1/assessments/{period}/",
    ):
        operation = paths[path]["get"]
        assert operation["summary"]
        content = operation["responses"]["200"]["content"]["application/json"]
        assert content.get("examples"), path
