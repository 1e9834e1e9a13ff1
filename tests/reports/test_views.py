"""Assessment pages and the dashboard: content, drill-down, scoping, permissions, query counts."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from reports import assessment as svc
from reports.indicators import Period
from reports.models import AssessmentScheme, AssessmentScore

from .factories import make_problem

pytestmark = [pytest.mark.django_db]

OCT = Period(2026, 10)


@pytest.fixture
def generated(october):
    assessment, _ = svc.assessment_generate(period=OCT)
    return assessment


def _score(assessment, unit, kind="unit"):
    return AssessmentScore.objects.get(assessment=assessment, unit=unit, subject_kind=kind)


def test_ranking_page_for_the_city(generated, client_as, world):
    response = client_as(world.city_legal).get(reverse("reports:assessment_detail", args=[OCT.key]))
    assert response.status_code == 200
    body = response.content.decode()
    for code in ("S1", "S2", "S3", "B1", "B2"):
        assert f'data-unit="{code}"' in body
    assert "47.50" in body and "张伟" in body  # S1's score and its leader
    assert reverse("reports:assessment_drill", args=[_score(generated, world.s1).pk, "problems_late"]) in body


def test_station_sees_only_its_own_rows_with_rank(generated, client_as, world):
    body = (
        client_as(world.officer_s2).get(reverse("reports:assessment_detail", args=[OCT.key])).content.decode()
    )
    assert 'data-unit="S2"' in body
    assert 'data-unit="S1"' not in body and 'data-unit="S3"' not in body and 'data-unit="B1"' not in body
    assert "2/3" in body  # its rank among the three stations


def test_score_page_and_drill_down(generated, october, client_as, world):
    s1 = _score(generated, world.s1)
    client = client_as(world.branch_legal)
    body = client.get(reverse("reports:assessment_score", args=[s1.pk])).content.decode()
    assert 'data-item="negative_list"' in body and "7.50" in body
    response = client.get(reverse("reports:assessment_drill", args=[s1.pk, "overdue"]))
    assert response.status_code == 200
    listed = {w.pk for w in response.context["items"]}
    assert listed == {october.problems[k].pk for k in ("w3", "w7", "w8")}
    assert len(listed) == s1.inputs["overdue"] == 3
    cases = client.get(reverse("reports:assessment_drill", args=[s1.pk, "filing_late"]))
    assert [c.pk for c in cases.context["items"]] == [october.cases["c2"].pk]
    hits = client.get(reverse("reports:assessment_drill", args=[s1.pk, "neg_hits"]))
    assert len(hits.context["items"]) == 2
    veto = client.get(
        reverse("reports:assessment_drill", args=[_score(generated, world.s2).pk, "veto_custody_overrun"])
    )
    assert len(veto.context["items"]) == 1
    assert client.get(reverse("reports:assessment_drill", args=[s1.pk, "no_such_figure"])).status_code == 404


def test_other_station_gets_404_on_score_and_drill_down(generated, client_as, world):
    s1 = _score(generated, world.s1)
    client = client_as(world.officer_s2)
    assert client.get(reverse("reports:assessment_score", args=[s1.pk])).status_code == 404
    assert client.get(reverse("reports:assessment_drill", args=[s1.pk, "problems"])).status_code == 404
    leader = _score(generated, world.s1, kind="leader")
    assert client.get(reverse("reports:assessment_score", args=[leader.pk])).status_code == 404
    # Another branch's station chief cannot see S1 either.
    assert client_as(world.chief_s3).get(reverse("reports:assessment_score", args=[s1.pk])).status_code == 404


def test_publish_needs_manage_assessment(generated, client_as, world):
    url = reverse("reports:assessment_publish", args=[OCT.key])
    assert client_as(world.chief_s1).post(url).status_code == 403
    generated.refresh_from_db()
    assert not generated.is_published
    assert client_as(world.city_legal).post(url).status_code == 302
    generated.refresh_from_db()
    assert generated.is_published and generated.published_by == world.city_legal


def test_export_contains_only_visible_rows(generated, client_as, world):
    from openpyxl import load_workbook

    response = client_as(world.officer_s2).get(reverse("reports:assessment_export", args=[OCT.key]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    units = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert units == [world.s2.name]


def _scheme_post(form_initial: dict, **over) -> dict:
    data = {k: ("" if v is None else v) for k, v in form_initial.items()}
    data.update(over)
    return data


def test_scheme_editor_creates_a_version(client_as, world):
    client = client_as(world.city_legal)
    form = client.get(reverse("reports:scheme_edit")).context["form"]
    data = _scheme_post(form.initial, excellent="92", note="raise the bar", **{"item__repeat__points": "3"})
    response = client.post(reverse("reports:scheme_edit"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    current = AssessmentScheme.objects.get(is_current=True)
    assert current.version == 2 and current.definition["grades"]["excellent"] == 92
    assert next(i for i in current.definition["items"] if i["key"] == "repeat")["points"] == 3
    assert client.get(reverse("reports:scheme")).status_code == 200


def test_scheme_editor_rejects_bad_input_and_writes_nothing(client_as, world):
    client = client_as(world.city_legal)
    form = client.get(reverse("reports:scheme_edit")).context["form"]
    bad = _scheme_post(form.initial, excellent="60", passing="80", note="oops")
    response = client.post(reverse("reports:scheme_edit"), bad)
    assert response.status_code == 200 and response.context["form"].errors
    bad = _scheme_post(
        form.initial, note="oops", **{"item__on_time__target": "5", "veto__custody_overrun": "x"}
    )
    assert client.post(reverse("reports:scheme_edit"), bad).status_code == 200
    assert AssessmentScheme.objects.count() == 1
    # Only legal-affairs edits the scheme.
    assert client_as(world.branch_legal).get(reverse("reports:scheme_edit")).status_code == 403


def test_list_page(generated, client_as, world):
    body = client_as(world.officer_s1).get(reverse("reports:assessment")).content.decode()
    assert OCT.key in body


# --------------------------------------------------------------------------------------
# Dashboard


def test_overview_is_the_dashboard(october, client_as, world):
    response = client_as(world.branch_legal).get(reverse("supervision:overview"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="dashboard-panel"' in body and 'data-testid="overview-warnings"' in body
    dashboard = response.context["panels"][0]["context"]["dashboard"]
    # Open now: w3, w4, w7 (and the exempted w5, the reminder w6); all due before today.
    assert dashboard.counts["overdue"] == 3
    assert dashboard.counts["open_problems"] == 3
    assert dashboard.counts["red"] == 6
    assert dashboard.top_rules[0]["ref"] == "RY15"


def test_dashboard_scoped(october, client_as, world):
    response = client_as(world.officer_s2).get(reverse("supervision:overview"))
    dashboard = response.context["panels"][0]["context"]["dashboard"]
    assert dashboard.counts["red"] == 1  # only S2's open veto warning
    assert [u["name"] for u in dashboard.units] == [world.s2.display_name]


def test_dashboard_items_pages(october, client_as, world):
    client = client_as(world.branch_legal)
    overdue = client.get(reverse("reports:dashboard_items", args=["overdue"]))
    assert {w.pk for w in overdue.context["object_list"]} == {
        october.problems[k].pk for k in ("w3", "w4", "w7")
    }
    assert client.get(reverse("reports:dashboard_items", args=["nonsense"])).status_code == 404
    assert client.get(reverse("reports:dashboard_items", args=["raised"]) + "?week=bad").status_code == 404
    week = client.get(reverse("reports:dashboard_items", args=["raised"]) + "?week=2026-10-19")
    assert week.status_code == 200
    other = client_as(world.officer_s2).get(reverse("reports:dashboard_items", args=["overdue"]))
    assert list(other.context["object_list"]) == []


def test_wall_screen(october, client_as, world):
    client = client_as(world.city_legal)
    wall = client.get(reverse("reports:wall"))
    assert wall.status_code == 200
    body = wall.content.decode()
    assert 'hx-trigger="every 60s"' in body and reverse("reports:wall_body") in body
    assert client.get(reverse("reports:wall_body")).status_code == 200


def _bulk_problems(unit, n):
    for _i in range(n):
        make_problem(
            unit, created="2026-10-10 09:00", due="2026-10-12 18:00", element_type="case", level="yellow"
        )


def test_dashboard_query_count_does_not_grow_with_data(
    october, client_as, world, django_assert_max_num_queries
):
    client = client_as(world.city_legal)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("supervision:overview"))
    _bulk_problems(world.s1, 30)
    _bulk_problems(world.s3, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("supervision:overview"))
    with CaptureQueriesContext(connection) as wall_small:
        client.get(reverse("reports:wall"))
    _bulk_problems(world.s2, 30)
    with django_assert_max_num_queries(len(wall_small.captured_queries)):
        client.get(reverse("reports:wall"))


def test_dashboard_shows_the_latest_published_ranking_in_scope(generated, client_as, world):
    svc.assessment_publish(actor=world.city_legal, assessment=generated)
    city = client_as(world.city_legal).get(reverse("supervision:overview")).context["panels"][0]["context"]
    assert [r["name"] for r in city["dashboard"].assessment["rows"]] == [
        world.s3.display_name,
        world.s2.display_name,
        world.s1.display_name,
    ]
    station = client_as(world.officer_s2).get(reverse("supervision:overview")).context["panels"][0]["context"]
    assert [(r["name"], r["rank"]) for r in station["dashboard"].assessment["rows"]] == [
        (world.s2.display_name, 2)
    ]
