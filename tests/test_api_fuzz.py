"""Schema-driven fuzzing of the whole API with schemathesis, against the project's own
OpenAPI schema: every operation, a bounded number of generated requests each, signed in as
the city's legal-affairs unit (the widest scope and most capabilities). No request may end
in a 5xx, and every response must match the schema (status code documented, body shape).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.conftest import build_world

pytestmark = pytest.mark.needs_postgres

FUZZ_TOKEN = "f" * 40


# The schema is fetched from the project's own /api/schema/ route, in process (the route
# needs no database). (schemathesis' from_fixture loader does not run under pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def fuzz_client(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        # The fuzzer is one client sending hundreds of requests: a 429 would hide the answers.
        "DEFAULT_THROTTLE_RATES": {"client": "100000/min", "feed": "100000/min"},
    }
    world = build_world()
    Token.objects.create(user=world.city_legal, key=FUZZ_TOKEN)
    # The requests run in this thread inside the test's transaction: the WSGI handler must
    # not close the connection at the end of each (as Django's own test client arranges).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield world
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=5,
    # No shrinking: a failure is reported with its reproducing curl as generated; keeps the
    # whole-API run well under two minutes on a 2-core machine.
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_every_generated_request_without_5xx_and_per_schema(case, fuzz_client):
    case.call_and_validate(
        headers={"Authorization": f"Token {FUZZ_TOKEN}"},
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )


def test_a_nul_character_in_a_body_is_a_400_not_a_500(fuzz_client, api_as):
    """Found by the fuzzer: PostgreSQL stores no NUL in text or jsonb."""
    api = api_as(fuzz_client.city_legal)
    for body in ([{"external_id": "X\x001", "unit": "S1"}], [{"external_id": "X1", "note\x00": 1}]):
        response = api.post("/api/v1/ingest/incidents/", body, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["code"] == "parse_error" and "NUL" in response.json()["message"]
