"""The quarterly analysis (季分析) beyond its tables: every figure links to exactly the
items it counts (scoped), the charts get the same figures, and the Excel carries them."""

from __future__ import annotations

import io
import json
import re
from html import unescape

import pytest
from openpyxl import load_workbook

from reports.quarterly import quarterly_analysis

from .factories import make_patrol_warning, make_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def q3(world):
    """Q3 2026 and the quarter before, at S1 and S2 (B1) and S3 (B2), with every split the
    analysis makes: months, colours, risk points and human findings, elements, repeats,
    an exempted item (counted nowhere) and an item of B2 (outside B1's scope)."""
    s1, s2, s3 = world.s1, world.s2, world.s3
    first = make_problem(s1, created="2026-07-03 09:00", element_type="case")
    make_problem(s1, created="2026-08-10 09:00", element_type="case", regression_of=first)
    make_problem(s1, created="2026-09-12 09:00", kind="reminder", level="blue", peak_level="blue")
    make_problem(s1, created="2026-09-13 09:00", exempted=True)
    make_problem(s1, created="2026-05-02 09:00")
    make_problem(s1, created="2026-06-02 09:00", element_type="person")
    make_patrol_warning(
        s1, rule_code="custody_2m_expiring", raised="2026-07-20 02:00", element_type="measure"
    )
    make_patrol_warning(
        s2, rule_code="custody_2m_expiring", raised="2026-08-21 02:00", level="yellow", element_type="measure"
    )
    make_patrol_warning(
        s2, rule_code="filing_review_overdue", raised="2026-09-01 02:00", level="blue", element_type="case"
    )
    make_patrol_warning(
        s3, rule_code="custody_2m_expiring", raised="2026-07-22 02:00", element_type="measure"
    )
    return world


def _links(html: str) -> list[tuple[str, int]]:
    """(href, figure) for every figure link on the page."""
    return [
        (unescape(href), int(n))
        for href, n in re.findall(r'<a href="([^"]+)" class="figure-link">(\d+)</a>', html)
    ]


def test_every_figure_links_to_exactly_the_items_it_counts(q3, client_as):
    client = client_as(q3.branch_legal)
    page = client.get("/reports/quarterly/?year=2026&quarter=3")
    assert page.status_code == 200
    links = _links(page.content.decode())
    # Months × colours, rules, elements, units, repeats, the quarter before …
    assert len(links) >= 25
    kinds = {
        k
        for href, _ in links
        for k in ("month=", "level=", "code=", "element=", "unit=", "prev=1", "repeats=1")
        if k in href
    }
    assert kinds == {"month=", "level=", "code=", "element=", "unit=", "prev=1", "repeats=1"}
    for href, figure in links:
        listed = client.get(href)
        assert listed.status_code == 200, href
        assert listed.context["paginator"].count == figure, href
    a = page.context["a"]
    assert a["total"]["this"] == 6  # exempted and B2's left out
    listed = client.get(a["total"]["urls"]["this"])
    assert listed.context["paginator"].count == 6
    assert {w.unit_id for w in listed.context["object_list"]} == {q3.s1.pk, q3.s2.pk}


def test_items_behind_a_figure_are_scoped(q3, client_as):
    # S2's officer follows a link to S1's row: the same query, scoped to S2 → nothing.
    client = client_as(q3.officer_s2)
    response = client.get(f"/reports/quarterly/items/?year=2026&quarter=3&unit={q3.s1.pk}")
    assert response.status_code == 200 and response.context["paginator"].count == 0
    # A station sees only its own figures and items.
    a = client.get("/reports/quarterly/?year=2026&quarter=3").context["a"]
    assert [u["unit"] for u in a["units"]] == [q3.s2.display_name]
    everything = client.get(a["total"]["urls"]["this"])
    assert {w.unit_id for w in everything.context["object_list"]} == {q3.s2.pk}


@pytest.mark.parametrize(
    "query",
    ["month=4", "month=x", "unit=abc", "level=purple", "source=rumour", "element=planet"],
)
def test_bad_filters_are_a_clear_400(q3, client_as, query):
    response = client_as(q3.branch_legal).get(f"/reports/quarterly/items/?year=2026&quarter=3&{query}")
    assert response.status_code == 400
    message = response.content.decode()
    assert 'data-testid="bad-request"' in message
    assert "月份须为" in message or "未知的" in message


def test_bad_period_is_404_not_500(q3, client_as):
    client = client_as(q3.branch_legal)
    assert client.get("/reports/quarterly/items/?year=x").status_code == 404
    assert client.get("/reports/quarterly/xlsx/?year=2026&quarter=7").status_code == 404


def test_charts_get_the_page_figures(q3, client_as):
    page = client_as(q3.branch_legal).get("/reports/quarterly/?year=2026&quarter=3")
    html = page.content.decode()
    assert "vendor/echarts/echarts.min.js" in html
    assert 'data-chart="quarterly-months"' in html and 'data-chart="quarterly-units"' in html
    charts = json.loads(re.search(r'id="quarterly-charts"[^>]*>(.*?)</script>', html, re.S).group(1))
    a = page.context["a"]
    assert charts["months"] == ["2026-07", "2026-08", "2026-09"]
    assert charts["levels"]["red"] == [m["levels"]["red"] for m in a["by_month"]] == [2, 1, 0]
    assert charts["levels"]["yellow"] == [0, 1, 0] and charts["levels"]["blue"] == [0, 0, 2]
    assert charts["units"] == [u["unit"] for u in a["units"]]
    assert charts["unit_this"] == [4, 2] and charts["unit_prev"] == [2, 0]
    assert len(charts["unit_urls"]) == 2 and charts["month_urls"][0].endswith("month=1")


def test_excel_carries_the_same_figures(q3, client_as):
    client = client_as(q3.branch_legal)
    assert (
        'data-testid="quarterly-xlsx"'
        in client.get("/reports/quarterly/?year=2026&quarter=3").content.decode()
    )
    response = client.get("/reports/quarterly/xlsx/?year=2026&quarter=3")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="quarterly-2026-Q3.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["按月", "按风险点", "按要素", "各单位情况", "进步与退步", "反复出现的问题"]
    a = quarterly_analysis(fetched_by=q3.branch_legal, year=2026, quarter=3)
    months = list(book["按月"].iter_rows(values_only=True))
    assert "一分局" in months[0][0] and "季分析" in months[0][0]
    assert months[3][:6] == ("2026-07", 2, 0, 0, 2, 1)  # the patrol warning is a reminder
    assert [row[4] for row in months[3:6]] == [m["total"] for m in a["by_month"]]
    units = {row[0]: row for row in book["各单位情况"].iter_rows(min_row=2, values_only=True)}
    assert set(units) == {u["unit"] for u in a["units"]}
    s1 = next(u for u in a["units"] if u["unit_id"] == q3.s1.pk)
    assert units[s1["unit"]] == (s1["unit"], *s1["months"], 4, 2, 2, s1["problems"], 1)
    rules = list(book["按风险点"].iter_rows(min_row=2, values_only=True))
    assert len(rules) == len(a["rules"]) and sum(r[4] for r in rules) == 6
    # Another branch's officer gets their own figures, never B1's.
    other = client_as(q3.chief_s3).get("/reports/quarterly/xlsx/?year=2026&quarter=3")
    names = [
        r[0]
        for r in load_workbook(io.BytesIO(other.content))["各单位情况"].iter_rows(min_row=2, values_only=True)
    ]
    assert names == [q3.s3.display_name]


def test_the_pdf_body_has_no_links(q3):
    from django.template.loader import render_to_string

    a = quarterly_analysis(fetched_by=q3.branch_legal, year=2026, quarter=3)
    html = render_to_string("reports/pdf/quarterly.html", {"a": a, "scope": q3.b1})
    assert "<a " not in html and "一分局东街派出所" in html
