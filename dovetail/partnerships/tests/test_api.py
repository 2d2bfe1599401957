"""The partnerships API applies the same rules as the pages."""

from dovetail.core.models import Organisation
from dovetail.partnerships.models import Clearance, Zone


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def test_enterprise_hr_posts_a_zone_and_sees_it_listed(client_as):
    client = client_as("hr")
    enterprise = client.get("/api/me").json()["memberships"][0]["organisation"]
    response = post(
        client,
        "/api/zones",
        {
            "enterprise": enterprise,
            "name": "Battery lab",
            "kind": "restricted",
            "confidentiality_level": 3,
        },
    )
    assert response.status_code == 201, response.content
    listed = client.get(f"/api/zones?enterprise={enterprise}&limit=100").json()["items"]
    assert "Battery lab" in {zone["name"] for zone in listed}


def test_invalid_zone_payload_names_the_field(client_as):
    client = client_as("hr")
    enterprise = client.get("/api/me").json()["memberships"][0]["organisation"]
    response = post(
        client,
        "/api/zones",
        {
            "enterprise": enterprise,
            "name": "Line",
            "kind": "restricted",
            "confidentiality_level": 0,
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "confidentiality_level"
    missing = post(client, "/api/zones", {"enterprise": enterprise, "kind": "cooperation"})
    assert missing.status_code == 422
    assert {tuple(e["loc"])[-1] for e in missing.json()["detail"]} >= {
        "name",
        "confidentiality_level",
    }
    assert not Zone.objects.filter(name="Line").exists()


def test_learner_may_ask_what_they_may_do_in_a_zone(client_as, persona):
    clearance = Clearance.objects.get(holder=persona("learner"))
    zone = Zone.objects.filter(
        enterprise=clearance.partnership.enterprise, confidentiality_level=0
    ).first()
    answer = client_as("learner").get(f"/api/zones/{zone.pk}/participation").json()
    assert answer["zone_id"] == zone.pk
    assert answer["reason"]


def test_coordinator_records_and_revokes_a_clearance(client_as, persona, today, next_year):
    partnership = Clearance.objects.get(holder=persona("learner")).partnership
    response = post(
        client_as("coordinator"),
        "/api/clearances",
        {
            "holder": "teacher",
            "partnership_id": partnership.pk,
            "level": 2,
            "signed_on": today.isoformat(),
            "expires_on": next_year.isoformat(),
        },
    )
    assert response.status_code == 201, response.content
    clearance_id = response.json()["id"]
    assert (
        post(client_as("learner"), f"/api/clearances/{clearance_id}/revoke", {}).status_code == 404
    )
    revoked = post(client_as("coordinator"), f"/api/clearances/{clearance_id}/revoke", {})
    assert revoked.json()["revoked"] is True


def test_coordinator_opens_a_partnership_with_a_new_enterprise(client_as):
    college = Organisation.objects.get(code="college-001")
    Organisation.objects.create(
        code="newco", kind="enterprise", region=college.region, name="NewCo"
    )
    response = post(
        client_as("coordinator"),
        "/api/partnerships",
        {"college": "college-001", "enterprise": "newco", "started_on": "2026-09-01"},
    )
    assert response.status_code == 201, response.content
    partnership_id = response.json()["id"]
    agreement = post(
        client_as("coordinator"),
        f"/api/partnerships/{partnership_id}/agreements",
        {
            "kind": "modern_apprenticeship",
            "title": "Apprenticeship",
            "starts_on": "2026-09-01",
            "ends_on": "2029-08-31",
        },
    )
    assert agreement.status_code == 201
    assert len(agreement.json()["participation_rules"]) == 4
    assert (
        post(
            client_as("teacher"),
            "/api/partnerships",
            {"college": "college-001", "enterprise": "newco", "started_on": "2026-09-01"},
        ).status_code
        == 403
    )


def test_partners_sign_and_edit_rules_through_the_api(client_as, persona):
    partnership = Clearance.objects.get(holder=persona("learner")).partnership
    created = post(
        client_as("coordinator"),
        f"/api/partnerships/{partnership.pk}/agreements",
        {
            "kind": "joint_project",
            "title": "Project",
            "starts_on": "2026-01-01",
            "ends_on": "2030-01-01",
        },
    ).json()
    signed = post(
        client_as("hr"), f"/api/agreements/{created['id']}/sign", {"signed_on": "2026-01-05"}
    )
    assert signed.json()["signed_on"] == "2026-01-05"
    rules = {
        "participation_rules": [
            {
                "confidentiality_level": 0,
                "participation": "assist",
                "requires_clearance": False,
                "max_hours_per_week": 20,
            }
        ],
        "temporal_rules": [
            {"conflict_kind": "new_order", "prevailing_party": "enterprise", "rank": 1}
        ],
    }
    response = client_as("coordinator").put(
        f"/api/agreements/{created['id']}/rules", rules, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["temporal_rules"] == [
        {"conflict_kind": "new_order", "prevailing_party": "enterprise", "rank": 1}
    ]
    assert body["participation_rules"][0]["participation"] == "assist"
    forbidden = client_as("teacher").put(
        f"/api/agreements/{created['id']}/rules", rules, content_type="application/json"
    )
    assert forbidden.status_code == 403
