"""Practice plans through the API, under the same rules as the pages."""


def test_coordinator_solves_and_learner_reads_only_own_weeks(client_as, plan):
    started = client_as("coordinator").post(f"/api/plans/{plan.pk}/solve")
    assert started.status_code == 202 and started.json()["status"] == "succeeded"
    everyone = client_as("coordinator").get(f"/api/plans/{plan.pk}/entries").json()
    assert len(everyone) == plan.entries.count()
    assert client_as("learner").get(f"/api/plans/{plan.pk}/entries").status_code == 404
    mine = client_as("learner").get("/api/me/practice").json()
    assert all(row["learner"] == "learner" for row in mine)
    assert client_as("teacher").post(f"/api/plans/{plan.pk}/solve").status_code == 403


def test_change_reported_and_settled_through_the_api(client_as, plan):
    entry = plan.entries.exclude(weeks=[]).select_related("placement__offer").first()
    response = client_as("coordinator").post(
        f"/api/plans/{plan.pk}/changes",
        {
            "zone_id": entry.placement.offer.zone_id,
            "conflict_kind": "project_deadline",
            "description": "Moved",
            "first_week": entry.weeks[0] + 1,
            "last_week": entry.weeks[-1] + 1,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    settled = client_as("coordinator").post(f"/api/changes/{response.json()['id']}/settle")
    assert settled.json()["outcome"] == "repaired" and settled.json()["diff"]
    bad = client_as("coordinator").post(
        f"/api/plans/{plan.pk}/changes",
        {
            "zone_id": entry.placement.offer.zone_id,
            "conflict_kind": "alien",
            "description": "x",
            "first_week": 1,
            "last_week": 2,
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "conflict_kind"
