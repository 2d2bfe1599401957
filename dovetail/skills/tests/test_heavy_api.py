"""Heavy API work is for the people whose job needs it, bounded per call and limited per person;
every refusal says which limit or field it hit."""

import pytest

MAP = "/api/skills/map"


def map_texts(client, texts, **extra):
    return client.post(MAP, {"texts": texts, **extra}, content_type="application/json")


def test_staff_map_texts_but_learners_may_not(client_as):
    assert map_texts(client_as("teacher"), ["give first aid"]).status_code == 200
    refused = map_texts(client_as("learner"), ["give first aid"])
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("payload", "field", "limit"),
    [
        ({"texts": ["x"] * 201}, "texts", "at most 200 items"),
        ({"texts": ["x" * 5001]}, "texts", "at most 5000 characters"),
        ({"texts": []}, "texts", "at least 1 item"),
        ({"texts": ["x"], "top": 500}, "top", "less than or equal to 50"),
    ],
)
def test_a_call_over_a_bound_names_the_field_and_the_limit(client_as, payload, field, limit):
    response = client_as("hr").post(MAP, payload, content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert field in detail["loc"] and limit in detail["msg"]


def test_heavy_calls_are_rate_limited_per_person(client_as, settings):
    settings.DOVETAIL_HEAVY_RATE = "3/min"
    hr, teacher = client_as("hr"), client_as("teacher")
    statuses = [map_texts(hr, ["give first aid"]).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = map_texts(hr, ["give first aid"]).json()
    assert "at most 3 per min" in refused["detail"]
    # another person keeps their own allowance
    assert map_texts(teacher, ["give first aid"]).status_code == 200


def test_bulk_demand_that_is_not_base64_names_the_field(client_as):
    response = client_as("hr").post(
        "/api/demand/bulk",
        {"enterprise": "enterprise-00001", "file_name": "d.csv", "content_base64": "%%%"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "content_base64"
