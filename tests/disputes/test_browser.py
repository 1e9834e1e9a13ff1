"""One dispute from intake to the township's confirmation, in a real headless Chromium:
the community officer assesses it on the triage list (the proposal follows the form
live), records a visit, resolves it and records the township closing the loop."""

import re

import pytest
from playwright.sync_api import expect

from disputes import services
from disputes.models import Dispute

from .conftest import at, make_incident

pytestmark = [pytest.mark.browser, pytest.mark.needs_chromium]


def test_a_dispute_from_intake_to_a_closed_loop(transactional_world, page, browser_login):
    world = transactional_world
    make_incident(
        world.s1,
        received_at=at(0, hour=0),
        summary="邻居因楼上漏水发生争吵，一方扬言要拼命",
        location_key="东街幸福里3幢",
        officer=world.off_s1b,
        persons=[
            {"name": "周某", "id_number": "330102198001011111"},
            {"name": "吴某", "id_number": "330102198202022222"},
        ],
    )
    services.dispute_intake()  # the daily job
    dispute = Dispute.objects.get()

    browser_login(page, world.officer_s1)
    page.goto(f"{page.base_url}/disputes/triage/")
    row = page.get_by_test_id("triage-row")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-colour", "red")  # threat-to-kill language in the summary
    expect(row.get_by_test_id("missing")).to_contain_text("分类待确认")
    row.get_by_role("link", name="研判").click()

    # 研判: the proposal follows the form before anything is saved.
    expect(page.get_by_test_id("hard-trigger")).to_be_visible()
    score = page.get_by_test_id("proposed-score")
    before = score.inner_text()
    page.select_option("#id_dispute_type", "family")
    expect(score).not_to_have_text(before)
    page.select_option("#id_consequence", "none")
    page.select_option("#id_cause", "trivial")
    for item_row in page.locator("tr[data-code]").all():
        if item_row.locator("input:checked").count() == 0:
            item_row.locator("input[value=no]").check()
    expect(page.locator("input[name=colour][value=red]")).to_be_checked()
    page.get_by_test_id("confirm-assessment").click()

    expect(page.get_by_test_id("dispute-status")).to_have_text("化解中")
    expect(page.locator("[data-colour=red]").first).to_be_visible()
    next_due = page.get_by_test_id("next-due").inner_text()
    assert re.search(r"\d", next_due)

    # 回访
    visit = page.get_by_test_id("visit-form")
    visit.locator("[name=outcome]").fill("上门走访，双方同意由社区调解委员会调解")
    visit.locator("[name=next_steps]").fill("明日会同社区调解")
    visit.get_by_role("button", name="保存回访").click()
    expect(page.get_by_test_id("visits")).to_contain_text("上门走访，双方同意由社区调解委员会调解")

    # 化解: without an outcome it is refused, with one it waits for the township.
    resolve = page.get_by_test_id("resolve-form")
    resolve.locator("[name=township]").fill("东街街道")
    resolve.get_by_role("button", name="登记化解").click()
    expect(page.get_by_text("登记化解须填写化解结果。")).to_be_visible()
    page.locator("[name=outcome]").fill("经社区调解，楼上住户修复水管并赔偿损失，双方签订协议")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("dispute-status")).to_have_text("已化解待属地确认")

    # 属地确认 closes the loop.
    township = page.get_by_test_id("township-form")
    township.locator("input[name=confirmed][value='1']").check()
    township.locator("[name=confirmed_by]").fill("东街街道 王主任")
    township.get_by_role("button", name="登记属地意见").click()
    expect(page.get_by_test_id("dispute-status")).to_have_text("已闭环")
    timeline = page.get_by_test_id("timeline")
    for step in (
        "接报纠纷警情",
        "由纠纷警情自动生成纠纷档案",
        "研判赋色",
        "登记回访",
        "已化解",
        "属地确认，纠纷闭环",
    ):
        expect(timeline).to_contain_text(step)

    dispute.refresh_from_db()
    assert dispute.status == "closed" and dispute.colour == "red" and dispute.dispute_type == "family"
