"""A real headless Chromium: an officer opens a warning from the list and reads its
arithmetic; the legal-affairs unit previews a threshold change (htmx) before saving."""

import datetime

import pytest

from alerts.services import patrol_run

from .factories import at, make_case

pytestmark = [pytest.mark.browser, pytest.mark.needs_chromium, pytest.mark.needs_postgres]


@pytest.fixture
def patrolled(transactional_world):
    world = transactional_world
    make_case(world.s1, world.off_s1a, accepted_at=at("2026-09-05 10:00"), filing_review_tier="complex")
    patrol_run(business_date=datetime.date(2026, 10, 6), as_of=at("2026-10-06 09:00"), inline=True)
    return world


def test_officer_opens_a_warning_and_reads_its_arithmetic(page, browser_login, patrolled):
    browser_login(page, patrolled.officer_s1)
    page.goto(page.base_url + "/warnings/?rule=filing_review_overdue")
    page.get_by_test_id("warning-table").get_by_role("link", name="AJ01 受而不立（立案审查超期）").click()
    page.wait_for_url("**/warnings/*/")
    assert page.get_by_test_id("page-title").inner_text() == "AJ01 受而不立（立案审查超期）"
    assert page.get_by_test_id("due").inner_text() == "2026-10-08 24:00"
    steps = page.get_by_test_id("steps").inner_text()
    assert "末日 2026-10-05" in steps and "国庆节 → 顺延至 2026-10-08" in steps
    assert "公安部关于改革完善受案立案制度的意见" in page.get_by_test_id("basis").inner_text()
    assert "发出" in page.get_by_test_id("history").inner_text()
    page.screenshot(path="test-artifacts/warning-detail.png", full_page=True)


def test_legal_affairs_previews_a_threshold_change(page, browser_login, patrolled):
    browser_login(page, patrolled.city_legal)
    page.goto(page.base_url + "/warnings/risk-points/filing_review_overdue/")
    page.locator("input[name='t:30d:blue']").fill("3d")  # yellow starts 4 days before: invalid
    page.get_by_test_id("dry-run").click()
    errors = page.get_by_test_id("dry-run-errors")
    errors.wait_for()
    assert "黄色不得早于蓝色开始" in errors.inner_text()
    page.locator("input[name='enabled']").uncheck()
    page.locator("input[name='t:30d:blue']").fill("10d")
    page.get_by_test_id("dry-run").click()
    result = page.get_by_test_id("dry-run-result")
    result.wait_for()
    assert "消除1条" in result.inner_text() and "尚未保存" in result.inner_text()
