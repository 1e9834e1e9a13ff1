"""A station chief opens a published bulletin in a real headless Chromium and acknowledges
it; the publisher then sees that nobody is left to acknowledge."""

import pytest
from playwright.sync_api import expect

from reports.bulletins import bulletin_generate, bulletin_publish
from reports.models import BulletinDelivery

from .bulletin_data import MONDAY, at, make_item

pytestmark = [pytest.mark.browser, pytest.mark.needs_chromium]


def test_a_chief_opens_a_published_bulletin_and_acknowledges_it(transactional_world, page, browser_login):
    world = transactional_world
    make_item(world.s1, created=at(MONDAY), rectify_due=at(MONDAY, 18), label="东街超期问题")
    bulletin, _ = bulletin_generate(publisher=world.b1, monday=MONDAY)
    bulletin_publish(actor=world.city_legal, bulletin=bulletin)

    browser_login(page, world.chief_s1)
    page.goto(f"{page.base_url}/reports/bulletins/")
    row = page.get_by_test_id("bulletin-row")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("awaiting-me")).to_be_visible()
    row.get_by_role("link").first.click()
    expect(page.get_by_test_id("page-title")).to_contain_text("2026年第1期")
    expect(page.get_by_test_id("overdue-table")).to_contain_text("东街超期问题")
    page.get_by_test_id("acknowledge").click()
    expect(page.get_by_test_id("my-delivery")).to_contain_text("确认阅知")
    assert BulletinDelivery.objects.get(bulletin=bulletin, recipient=world.chief_s1).acknowledged_at

    page.context.clear_cookies()
    browser_login(page, world.city_legal)
    page.goto(f"{page.base_url}/reports/bulletins/{bulletin.pk}/")
    expect(page.get_by_test_id("not-acknowledged")).to_contain_text("全部已确认阅知")
