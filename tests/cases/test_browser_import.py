"""A real headless Chromium uploads a file with problems, reads each one by row and
column in the preview, uploads the corrected file and commits it."""

from __future__ import annotations

import pytest

from cases import models as m

pytestmark = [pytest.mark.browser, pytest.mark.needs_chromium]

HEADER = "*源系统编号,*办案单位（单位代码）,*警情编号,*接警时间,*来源,*警情类别,处警民警（警号）,地点"
GOOD = "JQ-B-1,S1,J0001,2026-03-01 09:12,110报警,纠纷,S1001,东街18号"


def test_the_upload_preview_shows_problems_by_row_and_column(
    page, transactional_world, browser_login, tmp_path
):
    world = transactional_world
    browser_login(page, world.branch_legal)

    bad = tmp_path / "警情.csv"
    bad.write_text(
        "\n".join(
            [
                HEADER,
                GOOD,
                "JQ-B-2,S1,J0002,昨天,110报警,打架,S1001,东街19号",
                "JQ-B-3,S9,J0003,2026-03-01 10:00,110报警,纠纷,,",
            ]
        ),
        encoding="utf-8-sig",
    )
    page.goto(page.base_url + "/elements/import/?type=incidents")
    assert page.get_by_test_id("page-title").inner_text() == "导入文件"
    page.get_by_label("要素").select_option("incidents")
    page.get_by_label("文件").set_input_files(str(bad))
    page.get_by_role("button", name="校验文件").click()
    page.wait_for_selector('[data-testid="errors"]')
    assert page.get_by_test_id("status").inner_text() == "已拒绝"
    rows = page.get_by_test_id("error-row")
    seen = {
        (
            rows.nth(i).get_by_test_id("error-at").inner_text(),
            rows.nth(i).get_by_test_id("error-column").inner_text(),
        )
        for i in range(rows.count())
    }
    assert seen == {("3", "D · 接警时间"), ("3", "F · 警情类别"), ("4", "B · 办案单位（单位代码）")}
    messages = page.get_by_test_id("errors").inner_text()
    assert "单位代码“S9”不存在" in messages and "“打架”不是允许的值" in messages
    page.screenshot(path="test-artifacts/import-preview-errors.png", full_page=True)
    assert page.get_by_test_id("commit").count() == 0
    assert m.Incident.objects.count() == 0

    good = tmp_path / "警情-已更正.csv"
    good.write_text(
        "\n".join([HEADER, GOOD, GOOD.replace("JQ-B-1", "JQ-B-2").replace("J0001", "J0002")]),
        encoding="utf-8-sig",
    )
    page.goto(page.base_url + "/elements/import/")
    page.get_by_label("要素").select_option("incidents")
    page.get_by_label("文件").set_input_files(str(good))
    page.get_by_role("button", name="校验文件").click()
    page.wait_for_selector('[data-testid="preview-ok"]')
    assert page.get_by_test_id("count-created").inner_text() == "2"
    page.get_by_test_id("commit").click()
    page.wait_for_selector('[data-testid="committed"]')
    assert m.Incident.objects.filter(unit=world.s1).count() == 2
