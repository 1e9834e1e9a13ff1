"""A real headless Chromium: a branch legal officer draws a spot-check sample, records a
finding on a sampled case and hands the problem to discipline inspection."""

import pytest

from alerts.models import Finding, Warning

from .factories import at, make_case

pytestmark = [pytest.mark.browser, pytest.mark.needs_chromium, pytest.mark.needs_postgres]


def test_legal_officer_draws_a_sample_records_a_finding_and_routes_it(
    page, browser_login, transactional_world
):
    world = transactional_world
    for day in range(1, 8):
        make_case(world.s1, world.off_s1b, accepted_at=at(f"2026-09-0{day} 10:00"))
    browser_login(page, world.branch_legal)
    page.goto(page.base_url + "/warnings/spot-checks/")
    form = page.get_by_test_id("draw-form")
    form.locator("select[name='unit']").select_option(str(world.s1.pk))
    form.locator("input[name='period_start']").fill("2026-09-01")
    form.locator("input[name='period_end']").fill("2026-09-30")
    form.locator("input[name='sample_size']").fill("3")
    form.locator("input[name='seed']").fill("2026-Q3")
    form.get_by_role("button").click()
    page.wait_for_url("**/spot-checks/*/")
    assert page.get_by_test_id("seed").inner_text() == "2026-Q3"
    rows = page.get_by_test_id("sample").locator("tbody tr")
    assert rows.count() == 3
    first = rows.first
    first.locator("select[name='checklist_item']").select_option(
        label="2. 法律文书是否齐全，签名、捺印、日期、电子签章是否完整"
    )
    first.locator("textarea[name='text']").fill("讯问笔录缺少签名")
    first.get_by_role("button", name="记录问题").click()
    page.wait_for_url("**/spot-checks/*/")
    assert "讯问笔录缺少签名" in page.get_by_test_id("sample").inner_text()
    page.screenshot(path="test-artifacts/spot-check.png", full_page=True)
    problem = Finding.objects.get().warning
    page.get_by_role("link", name=f"问题 #{problem.pk}").click()
    page.wait_for_url(f"**/warnings/{problem.pk}/")
    page.get_by_test_id("routing-link").click()
    form = page.get_by_test_id("route-form")
    form.locator("select[name='to_department']").select_option("discipline")
    form.locator("input[name='note']").fill("涉嫌违纪")
    form.get_by_role("button").click()
    page.wait_for_url(f"**/warnings/{problem.pk}/route/")
    assert page.get_by_test_id("department").inner_text() == "纪检督察"
    assert "涉嫌违纪" in page.get_by_test_id("routes").inner_text()
    assert Warning.objects.get(pk=problem.pk).department == "discipline"
