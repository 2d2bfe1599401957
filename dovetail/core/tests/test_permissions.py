"""Reading across organisations and learners must fail; each persona sees what it needs."""

from datetime import timedelta

import pytest

from dovetail.core.models import LearnerProfile, Organisation, User
from dovetail.core.permissions import CHANGE, may, visible
from dovetail.core.policies import VIEW_PRIVATE
from dovetail.partnerships.models import Clearance, Zone
from dovetail.placements.models import Preference


def persona_enterprise(persona):
    return persona("hr").memberships.get().organisation


def test_learner_sees_only_their_own_learner_record(persona, client_as):
    learner = persona("learner")
    other = LearnerProfile.objects.exclude(user=learner).first()

    assert list(visible(learner, LearnerProfile)) == [learner.learner_profile]
    assert client_as("learner").get(f"/learners/{other.pk}/").status_code == 404
    assert client_as("learner").get(f"/api/learners/{other.pk}").status_code == 404
    assert client_as("learner").get("/api/learners").json()["count"] == 1


def test_coordinator_cannot_read_learners_of_another_college(client_as, other_college):
    response = client_as("coordinator").get(f"/learners/{other_college['profile'].pk}/")
    assert response.status_code == 404
    assert (
        not visible(other_college["coordinator"], LearnerProfile)
        .exclude(college=other_college["college"])
        .exists()
    )


def test_private_group_attributes_reach_only_learner_and_coordinator(persona, client_as):
    profile = persona("learner").learner_profile
    assert client_as("teacher").get(f"/api/learners/{profile.pk}").json()["rural"] is None
    assert client_as("coordinator").get(f"/api/learners/{profile.pk}").json()["rural"] is True
    assert client_as("learner").get(f"/api/learners/{profile.pk}").json()["rural"] is True
    assert not may(persona("teacher"), VIEW_PRIVATE, profile)
    page = client_as("teacher").get(f"/learners/{profile.pk}/").content.decode()
    assert "Rural background" not in page


def test_officer_sees_staff_but_no_individual_learner(persona, client_as):
    officer = persona("officer")
    assert not visible(officer, LearnerProfile).exists()
    people = visible(officer, User)
    assert people.filter(username="coordinator").exists()
    assert not people.filter(username="learner").exists()
    assert client_as("officer").get("/api/learners").json()["count"] == 0


def test_enterprise_staff_see_only_learners_cleared_with_or_applying_to_them(persona, today):
    mentor = persona("mentor")
    enterprise = persona_enterprise(persona)
    seen = set(visible(mentor, LearnerProfile).values_list("user_id", flat=True))
    cleared = set(
        Clearance.objects.filter(
            partnership__enterprise=enterprise, revoked=False, expires_on__gte=today
        ).values_list("holder_id", flat=True)
    )
    applied = set(
        Preference.objects.filter(offer__enterprise=enterprise).values_list(
            "learner__user_id", flat=True
        )
    )
    assert persona("learner").pk in seen
    assert seen <= cleared | applied
    assert LearnerProfile.objects.count() > len(seen)


@pytest.fixture
def zones_by_level(persona):
    enterprise = persona_enterprise(persona)
    kinds = ["cooperation", "observation", "restricted", "restricted"]
    return {
        level: Zone.objects.create(
            enterprise=enterprise,
            kind=kinds[level],
            confidentiality_level=level,
            name=f"test zone {level}",
        )
        for level in range(4)
    }


@pytest.mark.parametrize(
    "username, visible_levels",
    [
        ("learner", {0, 1}),  # open, plus internal through the learner's level-1 clearance
        ("teacher", {0, 1}),
        ("coordinator", {0, 1}),
        ("officer", {0, 1}),
        ("hr", {0, 1, 2, 3}),
        ("mentor", {0, 1, 2, 3}),
    ],
)
def test_zone_visibility_follows_confidentiality_and_clearance(
    persona, zones_by_level, username, visible_levels
):
    seen = set(
        visible(persona(username), Zone)
        .filter(pk__in=[z.pk for z in zones_by_level.values()])
        .values_list("confidentiality_level", flat=True)
    )
    assert seen == visible_levels


def test_learner_without_clearance_sees_only_open_zones(persona, zones_by_level):
    learner = persona("learner")
    Clearance.objects.filter(holder=learner).update(revoked=True)
    seen = visible(learner, Zone).filter(pk__in=[z.pk for z in zones_by_level.values()])
    assert set(seen.values_list("confidentiality_level", flat=True)) == {0}


def test_expired_clearance_no_longer_opens_zones(persona, zones_by_level, today):
    learner = persona("learner")
    Clearance.objects.filter(holder=learner).update(
        signed_on=today - timedelta(days=400), expires_on=today - timedelta(days=1)
    )
    assert not visible(learner, Zone).filter(pk=zones_by_level[1].pk).exists()


def test_college_outside_the_partnership_sees_no_zones(zones_by_level, other_college):
    assert not visible(other_college["coordinator"], Zone).exists()


def test_only_enterprise_managers_change_their_zones(persona, client_as, zones_by_level):
    zone = zones_by_level[0]
    assert may(persona("hr"), CHANGE, zone)
    assert may(persona("pm"), CHANGE, zone)
    assert not may(persona("mentor"), CHANGE, zone)
    response = client_as("mentor").patch(
        f"/api/zones/{zone.pk}", {"capacity": 99}, content_type="application/json"
    )
    assert response.status_code == 403
    zone.refresh_from_db()
    assert zone.capacity != 99


def test_enterprise_cannot_touch_another_enterprise_zone(persona, client_as):
    own = persona_enterprise(persona)
    foreign = Zone.objects.exclude(enterprise=own).filter(confidentiality_level=0).first()
    response = client_as("hr").patch(
        f"/api/zones/{foreign.pk}", {"capacity": 99}, content_type="application/json"
    )
    assert response.status_code == 404


def test_learner_sees_staff_of_own_college_but_no_fellow_learner(persona, client_as):
    usernames = {
        p["username"] for p in client_as("learner").get("/api/people?limit=1000").json()["items"]
    }
    assert {"learner", "coordinator", "teacher"} <= usernames
    fellow = LearnerProfile.objects.exclude(user=persona("learner")).first().user
    assert fellow.username not in usernames


def test_anonymous_requests_are_refused(client):
    assert client.get("/").status_code == 302
    assert client.get("/api/organisations").status_code == 401


def test_organisation_directory_is_readable_but_only_admins_change_it(persona, client_as):
    college = Organisation.objects.get(code="college-001")
    assert client_as("learner").get("/api/organisations/college-001").status_code == 200
    response = client_as("teacher").patch(
        "/api/organisations/college-001", {"city": "Nowhere"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = client_as("coordinator").patch(
        "/api/organisations/college-001",
        {"city": "Haibin New Town"},
        content_type="application/json",
    )
    assert response.status_code == 200
    college.refresh_from_db()
    assert college.city == "Haibin New Town"
