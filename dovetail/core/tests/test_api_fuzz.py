"""Schemathesis drives every API operation with inputs generated from the OpenAPI schema, as a
signed-in coordinator: nothing answers 5xx, responses match the schema, and every refusal of the
input (400, 422) names the field it is about."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from dovetail.core.services import create_api_token

# the codes that say who may do what rather than what was wrong with the input
ABOUT_ACCESS = {401, 403, 404, 405, 409, 429}


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def bearer(persona, settings):
    # set once per operation: hypothesis runs the test body many times with these fixtures
    settings.DOVETAIL_HEAVY_RATE = "100000/min"
    return {"Authorization": f"Bearer {create_api_token(persona('coordinator'), name='fuzz')}"}


def names_the_field(response) -> bool:
    body = response.json()
    if response.status_code == 422:
        return all(item.get("loc") for item in body["detail"])
    return bool(body.get("field")) or ", row " in body.get("message", "")


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_survives_generated_input(case, bearer):
    response = case.call(headers=bearer)
    assert response.status_code < 500, response.text[:500]
    if 400 <= response.status_code < 500 and response.status_code not in ABOUT_ACCESS:
        assert names_the_field(response), (case.method, case.path, response.text[:500])
