"""Unknown paths under /api/ answer with the API's one JSON error body, not an HTML page;
other paths keep the site's page."""

import pytest


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-thing/", "/api/v2/warnings/", "/api/nothing", "/api/v1/warnings/x/y/"]
)
def test_unknown_api_paths_are_json_404s(world, api_as, client, path):
    for caller in (api_as(world.api_client), client):  # signed in or not: the same shape
        for method in ("get", "post", "delete"):
            response = getattr(caller, method)(path)
            assert response.status_code == 404, (method, path)
            assert response["Content-Type"].startswith("application/json")
            body = response.json()
            assert body["status"] == 404 and body["code"] == "not_found" and body["message"]


def test_a_missing_slash_still_redirects_and_the_site_keeps_its_page(world, client_as):
    client = client_as(world.city_legal)
    response = client.get("/api/v1/warnings")
    assert response.status_code == 301 and response["Location"].endswith("/api/v1/warnings/")
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_an_object_outside_scope_is_the_same_json_404(world, api_as):
    response = api_as(world.api_client).get("/api/v1/warnings/999999/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
