"""Placements through the API: learners rank, enterprises rank, coordinators run and publish."""

from datetime import timedelta

from dovetail.placements.models import Round


def put(client, url, payload):
    return client.put(url, payload, content_type="application/json")


def post(client, url, payload=None):
    return client.post(url, payload or {}, content_type="application/json")


def test_enterprise_posts_an_offer_with_required_skills(
    client_as, enterprise, signed_agreement, today
):
    zone = enterprise.zones.filter(confidentiality_level=0).first()
    response = post(
        client_as("hr"),
        "/api/offers",
        {
            "zone_id": zone.pk,
            "title": "API offer",
            "seats": 3,
            "starts_on": str(today + timedelta(days=20)),
            "ends_on": str(today + timedelta(days=80)),
            "required_skills": [
                {"skill": "urn:dovetail:default:skill:teamwork", "min_proficiency": 2}
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["required_skills"] == [
        {"skill": "urn:dovetail:default:skill:teamwork", "min_proficiency": 2}
    ]
    review = post(client_as("coordinator"), f"/api/offers/{body['id']}/review", {"approve": True})
    assert review.json()["status"] == "approved"


def test_unknown_skill_names_the_field(client_as, enterprise, today):
    zone = enterprise.zones.first()
    response = post(
        client_as("hr"),
        "/api/offers",
        {
            "zone_id": zone.pk,
            "title": "x",
            "seats": 1,
            "starts_on": str(today),
            "ends_on": str(today),
            "required_skills": [{"skill": "urn:nope"}],
        },
    )
    assert response.status_code == 400 and response.json()["field"] == "required_skills"


def test_learner_ranks_and_reads_back_preferences(client_as, new_round, offer_factory):
    first, second = offer_factory(title="A"), offer_factory(title="B")
    client = client_as("learner")
    response = put(
        client, f"/api/rounds/{new_round.pk}/preferences", {"offers": [second.pk, first.pk]}
    )
    assert response.status_code == 200, response.content
    assert client.get(f"/api/rounds/{new_round.pk}/preferences").json() == {
        "offers": [second.pk, first.pk]
    }
    duplicate = put(
        client, f"/api/rounds/{new_round.pk}/preferences", {"offers": [first.pk, first.pk]}
    )
    assert duplicate.status_code == 400


def test_preferences_after_the_deadline_are_refused(client_as, new_round, offer_factory):
    offer = offer_factory()
    Round.objects.filter(pk=new_round.pk).update(status=Round.Status.MATCHED)
    response = put(
        client_as("learner"), f"/api/rounds/{new_round.pk}/preferences", {"offers": [offer.pk]}
    )
    assert response.status_code == 409 and response.json()["code"] == "closed"


def test_coordinator_runs_and_publishes_learner_sees_only_own_result(
    client_as, persona, new_round, offer_factory, learners
):
    offer = offer_factory(seats=1)
    put(client_as("learner"), f"/api/rounds/{new_round.pk}/preferences", {"offers": [offer.pk]})
    other = learners[0]
    from dovetail.placements.services import set_preferences

    set_preferences(new_round, by=other.user, offer_ids=[offer.pk])
    assert post(client_as("teacher"), f"/api/rounds/{new_round.pk}/run").status_code == 403
    started = post(client_as("coordinator"), f"/api/rounds/{new_round.pk}/run?early=true")
    assert started.status_code == 202 and started.json()["status"] == "succeeded"
    published = post(client_as("coordinator"), f"/api/rounds/{new_round.pk}/publish")
    assert published.json()["status"] == "published"
    mine = client_as("learner").get(f"/api/rounds/{new_round.pk}/allocations").json()["items"]
    assert [row["username"] for row in mine] == ["learner"]
    everyone = (
        client_as("coordinator").get(f"/api/rounds/{new_round.pk}/allocations").json()["items"]
    )
    assert {row["username"] for row in everyone} == {"learner", other.user.username}


def test_enterprise_ranks_only_its_applicants(client_as, new_round, offer_factory, learners):
    offer = offer_factory()
    from dovetail.placements.services import set_preferences

    set_preferences(new_round, by=learners[0].user, offer_ids=[offer.pk])
    url = f"/api/rounds/{new_round.pk}/offers/{offer.pk}/applicants"
    assert put(client_as("hr"), url, {"learners": [learners[0].pk]}).status_code == 200
    assert put(client_as("hr"), url, {"learners": [learners[1].pk]}).status_code == 400
    assert put(client_as("mentor"), url, {"learners": [learners[0].pk]}).status_code == 403
