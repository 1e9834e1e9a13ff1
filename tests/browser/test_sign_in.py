"""A real headless Chromium signs in and reaches the overview."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.needs_chromium]


def test_sign_in_and_reach_the_overview(page, transactional_world):
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill("chief_s1")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + "/")
    assert page.get_by_test_id("page-title").inner_text() == "概览"
    assert "一分局东街派出所" in page.get_by_test_id("current-unit").inner_text()
    assert "所队长" in page.get_by_test_id("current-role").inner_text()
    page.screenshot(path="test-artifacts/overview.png")
