"""A real headless Chromium walks one problem from notified to closed out: the station
chief acknowledges and submits a rectification with a file, the branch's legal officer
verifies and closes it; the history shows every move."""

import datetime

import pytest
from django.utils import timezone

from alerts import workflow
from alerts.choices import Level, WarningSource
from alerts.models import Warning
from alerts.sweep import sweep_items

pytestmark = [pytest.mark.browser, pytest.mark.needs_chromium, pytest.mark.needs_postgres]


def test_a_problem_from_notified_to_closed_out(page, browser_login, transactional_world, tmp_path):
    world = transactional_world
    item = workflow.open_problem(
        unit=world.s1, source=WarningSource.MANUAL, title="未依法告知", level=Level.RED
    )
    sweep_items(as_of=timezone.now() + datetime.timedelta(minutes=1))
    url = f"{page.base_url}/warnings/{item.pk}/"

    browser_login(page, world.chief_s1)
    page.goto(page.base_url + "/warnings/rectification/to-fix/")
    page.get_by_test_id("to-fix-table").get_by_role("link").first.click()
    page.wait_for_url(url)
    assert page.get_by_test_id("workflow-state").inner_text() == "已通知"
    page.get_by_test_id("do-acknowledge").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("workflow-state").inner_text() == "已签收"
    scan = tmp_path / "整改报告.pdf"
    scan.write_bytes(b"%PDF-1.4 rectification")
    page.locator("#rect-text").fill("已补充告知书并归卷")
    page.locator("input[name='files']").set_input_files(str(scan))
    page.get_by_test_id("do-submit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("workflow-state").inner_text() == "已提交整改"

    page.context.clear_cookies()
    browser_login(page, world.branch_legal)
    page.goto(url)
    page.get_by_test_id("do-verify").click()
    page.wait_for_load_state()
    page.get_by_test_id("do-close").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("workflow-state").inner_text() == "已销号"
    history = page.get_by_test_id("workflow-history").inner_text()
    for word in ("已通知", "已签收", "已提交整改", "整改已核实", "已销号", "整改报告.pdf"):
        assert word in history
    assert Warning.objects.get(pk=item.pk).closed_by == world.branch_legal
    page.screenshot(path="test-artifacts/workflow-closed.png", full_page=True)
