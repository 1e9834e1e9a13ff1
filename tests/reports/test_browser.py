"""A real headless Chromium opens the dashboard, the wall screen and a published ranking."""

from __future__ import annotations

import pytest

from reports import assessment as svc
from reports.indicators import Period

from .conftest import build_october

pytestmark = [pytest.mark.browser, pytest.mark.needs_chromium, pytest.mark.needs_postgres]


@pytest.fixture
def assessed(transactional_world):
    world = transactional_world
    build_october(world)
    assessment, _ = svc.assessment_generate(period=Period(2026, 10))
    svc.assessment_publish(actor=world.city_legal, assessment=assessment)
    return world


def test_dashboard_and_wall_screen(page, browser_login, assessed):
    browser_login(page, assessed.branch_legal)
    page.goto(page.base_url + "/")
    panel = page.get_by_test_id("dashboard-panel")
    panel.wait_for()
    assert "执法智慧大屏" in panel.inner_text()
    assert page.get_by_test_id("dash-overdue").locator(".value").inner_text() == "3"
    # The chart was drawn (ECharts renders a canvas), so the library and data loaded.
    page.locator('[data-chart="trend"] canvas').first.wait_for()
    page.get_by_test_id("dash-overdue").click()
    page.wait_for_url("**/reports/dashboard/items/overdue/")
    assert page.get_by_test_id("page-title").inner_text() == "超期未整改"
    assert page.get_by_test_id("item-table").locator("tbody tr").count() == 3

    page.goto(page.base_url + "/")
    page.get_by_test_id("open-wall").click()
    page.wait_for_url("**/reports/dashboard/wall/")
    assert "执法智慧大屏" in page.get_by_test_id("page-title").inner_text()
    page.locator('[data-chart="trend"] canvas').first.wait_for()
    first = page.get_by_test_id("wall-updated").inner_text()
    # The wall refreshes itself: send the request its htmx timer sends, a second later.
    page.wait_for_timeout(1100)
    page.evaluate(
        "htmx.ajax('GET', document.querySelector('#wall-body').getAttribute('hx-get'), '#wall-body')"
    )
    page.wait_for_function(
        "(first) => document.querySelector('[data-testid=wall-updated]').innerText !== first", arg=first
    )
    assert page.get_by_test_id("dash-overdue").locator(".value").inner_text() == "3"
    page.locator('[data-chart="trend"] canvas').first.wait_for()
    page.screenshot(path="test-artifacts/dashboard-wall.png", full_page=True)


def test_published_ranking_and_drill_down(page, browser_login, assessed):
    browser_login(page, assessed.city_legal)
    page.goto(page.base_url + "/reports/assessment/2026-10/")
    assert "2026-10 月考评" in page.get_by_test_id("page-title").inner_text()
    assert page.get_by_test_id("status").inner_text() == "已发布"
    stations = page.get_by_test_id("ranking-station")
    assert stations.locator("tr[data-unit='S1'] [data-testid=score]").inner_text() == "47.50"
    page.locator("#chart-scores canvas").first.wait_for()
    stations.locator("tr[data-unit='S1'] td a").first.click()
    page.wait_for_url("**/reports/assessment/score/*/")
    page.locator("[data-item='late_person'] [data-drill='late_person']").click()
    page.wait_for_url("**/items/late_person/")
    assert page.get_by_test_id("page-title").inner_text() == "人员及强制措施问题未按期整改"
    assert page.get_by_test_id("item-table").locator("tbody tr").count() == 1
    page.screenshot(path="test-artifacts/assessment-drill.png", full_page=True)


def test_quarterly_charts_and_figure_links(page, browser_login, assessed):
    """From the sidebar to the quarterly analysis: both charts are drawn, and a figure of
    the unit table opens exactly the items it counts."""
    browser_login(page, assessed.branch_legal)
    page.goto(page.base_url + "/")
    page.get_by_test_id("nav-quarterly").click()
    page.wait_for_url("**/reports/quarterly/")
    page.goto(page.base_url + "/reports/quarterly/?year=2026&quarter=4")
    page.locator('[data-chart="quarterly-months"] canvas').first.wait_for()
    page.locator('[data-chart="quarterly-units"] canvas').first.wait_for()
    row = page.get_by_test_id("unit-row").first
    link = row.locator("a.figure-link").nth(3)  # three months, then the quarter
    figure = int(link.inner_text())
    link.click()
    page.wait_for_url("**/reports/quarterly/items/**")
    assert page.get_by_test_id("item-table").locator("tbody tr[data-item]").count() == figure
