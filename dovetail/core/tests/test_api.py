"""People and organisations through the API: the same rules as the pages and imports."""


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def test_coordinator_adds_a_learner_through_the_api(client_as):
    response = post(
        client_as("coordinator"),
        "/api/people",
        {
            "username": "api.learner",
            "full_name": "API Learner",
            "organisation": "college-001",
            "role": "learner",
            "career_stage": "apprentice",
            "cohort_year": 2026,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["memberships"] == [{"organisation": "college-001", "role": "learner"}]


def test_adding_a_learner_without_stage_names_the_field(client_as):
    response = post(
        client_as("coordinator"),
        "/api/people",
        {
            "username": "x",
            "full_name": "X",
            "organisation": "college-001",
            "role": "learner",
            "cohort_year": 2026,
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "career_stage"


def test_enterprise_hr_cannot_add_people_to_the_college(client_as):
    response = post(
        client_as("hr"),
        "/api/people",
        {"username": "sneaky", "full_name": "S", "organisation": "college-001", "role": "teacher"},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "organisation"


def test_people_edit_themselves_but_not_each_other(client_as, persona):
    me = persona("teacher").pk
    response = client_as("teacher").patch(
        f"/api/people/{me}", {"email": "li.ming@example.cn"}, content_type="application/json"
    )
    assert response.status_code == 200
    other = persona("coordinator").pk
    response = client_as("teacher").patch(
        f"/api/people/{other}", {"full_name": "Changed"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_only_administrators_add_organisations(client_as):
    payload = {"code": "api-co", "kind": "enterprise", "name": "API Co", "region": "haibin"}
    assert post(client_as("officer"), "/api/organisations", payload).status_code == 403
    created = post(client_as("admin"), "/api/organisations", payload)
    assert created.status_code == 201 and created.json()["region"] == "haibin"
    assert post(client_as("admin"), "/api/organisations", payload).json()["field"] == "code"


def test_openapi_schema_lists_the_resources(client_as):
    paths = client_as("teacher").get("/api/openapi.json").json()["paths"]
    for path in [
        "/api/organisations",
        "/api/people",
        "/api/partnerships",
        "/api/zones",
        "/api/clearances",
    ]:
        assert path in paths


def test_interactive_docs_load_nothing_from_the_internet(client_as):
    page = client_as("teacher").get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "https://" not in page
