import pytest
from django.test import Client

from tests.conftest import PASSWORD


def test_sign_in_page_speaks_chinese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "智慧法制监督平台" in body and "登录" in body
    assert 'lang="zh-hans"' in body


def test_unauthenticated_pages_redirect_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_sign_in_reaches_the_overview(client, world):
    response = client.post("/accounts/login/", {"username": "chief_s1", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    body = response.content.decode()
    assert "概览" in body and "一分局东街派出所" in body and "所队长" in body


def test_repeated_failures_lock_the_account(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "chief_s1", "password": "wrong-password"})
    # Even the right password is refused now.
    response = client.post("/accounts/login/", {"username": "chief_s1", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_csrf_is_enforced_on_sign_in(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "chief_s1", "password": PASSWORD})
    assert response.status_code == 403


def test_api_token_authenticates_a_machine_account_tied_to_its_unit(world, client):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {world.api_token}")
    assert response.status_code == 200
    assert response.json()["unit"]["code"] == "S1"
    assert response.json()["role"] == "api_client"


@pytest.mark.parametrize("header", ["", "Token not-a-token"])
def test_api_rejects_missing_or_bad_tokens_with_a_clear_body(world, client, header):
    kwargs = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/units/", **kwargs)
    assert response.status_code in (401, 403)
    body = response.json()
    assert body["status"] == response.status_code and body["message"]


def test_english_is_switchable(client, world):
    client.force_login(world.chief_s1, backend="django.contrib.auth.backends.ModelBackend")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert "Overview" in body and "概览" not in body


def test_full_id_numbers_only_for_roles_that_need_them(world):
    from supervision.privacy import id_number_for, mask_id_number

    number = "330102199001011234"
    assert mask_id_number(number) == "330102********1234"
    assert id_number_for(world.officer_s1, number) == number
    assert id_number_for(world.branch_legal, number) == number
    assert id_number_for(world.leader, number) == "330102********1234"
    assert id_number_for(world.auditor, number) == "330102********1234"
    assert id_number_for(world.chief_s1, number) == "330102********1234"
