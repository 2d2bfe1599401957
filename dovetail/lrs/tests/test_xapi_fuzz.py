"""Schemathesis drives the xAPI resources with generated requests from an LRS client: whatever
arrives, the LRS answers without a server error, and every 400 says what was wrong.

xAPI publishes no OpenAPI description, so the one below states the resources and parameters of
xAPI 1.0.3 (part three, section 2) that Dovetail's LRS serves; bodies are any JSON.
"""

import base64

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from dovetail.core.models import Organisation
from dovetail.lrs.services.clients import create_client
from dovetail.lrs.views import _QUERY_PARAMS, _SINGLE_PARAMS


def _query(*names, required=()):
    return [
        {"name": n, "in": "query", "required": n in required, "schema": {"type": "string"}}
        for n in names
    ]


JSON_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {"type": "object"}}},
}
OK = {"200": {"description": "ok"}, "204": {"description": "stored"}}
DOCUMENT = ("activityId", "agent", "registration", "stateId")


def _document(*names, required):
    return {
        "get": {"parameters": _query(*names, required=required), "responses": OK},
        "put": {
            "parameters": _query(*names, required=required),
            "requestBody": JSON_BODY,
            "responses": OK,
        },
        "post": {
            "parameters": _query(*names, required=required),
            "requestBody": JSON_BODY,
            "responses": OK,
        },
        "delete": {"parameters": _query(*names, required=required), "responses": OK},
    }


XAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Dovetail LRS (xAPI 1.0.3)", "version": "1.0.3"},
    "paths": {
        "/xapi/statements": {
            "get": {
                "parameters": _query(*sorted(_QUERY_PARAMS | _SINGLE_PARAMS)),
                "responses": OK,
            },
            "put": {
                "parameters": _query("statementId", required=("statementId",)),
                "requestBody": JSON_BODY,
                "responses": OK,
            },
            "post": {"requestBody": JSON_BODY, "responses": OK},
        },
        "/xapi/activities": {
            "get": {"parameters": _query("activityId", required=("activityId",)), "responses": OK}
        },
        "/xapi/agents": {
            "get": {"parameters": _query("agent", required=("agent",)), "responses": OK}
        },
        "/xapi/activities/state": _document(*DOCUMENT, "since", required=("activityId", "agent")),
        "/xapi/activities/profile": _document(
            "activityId", "profileId", "since", required=("activityId",)
        ),
        "/xapi/agents/profile": _document("agent", "profileId", "since", required=("agent",)),
        "/xapi/about": {"get": {"responses": OK}},
    },
}


@pytest.fixture
def xapi_schema(db):
    return schemathesis.openapi.from_dict(XAPI)


@pytest.fixture
def lrs_headers(db):
    client, secret = create_client(Organisation.objects.get(code="college-001"), "fuzz")
    token = base64.b64encode(f"{client.key}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}


schema = schemathesis.pytest.from_fixture("xapi_schema")


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_xapi_resource_survives_generated_requests(case, lrs_headers, wsgi_app):
    response = case.call(app=wsgi_app, headers=lrs_headers)
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    if response.status_code == 400:
        assert response.json()["error"]["message"], (case.method, case.path)
