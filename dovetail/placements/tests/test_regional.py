"""A regional round: the region's officer opens it over every college of the region, learners of
any of those colleges rank their partners' offers, one matching places them all, and each college
sees only its own learners' results."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile, Membership, Organisation, Role, User
from dovetail.partnerships.models import Partnership
from dovetail.partnerships.services import create_agreement
from dovetail.placements import services
from dovetail.placements.models import Allocation, Round


@pytest.fixture
def second_college(persona, enterprise, signed_agreement):
    """Another college of the persona region, partnered with the persona enterprise, with a
    coordinator and a learner."""
    region = persona("coordinator").memberships.get().organisation.region
    college = Organisation.objects.create(
        code="college-second", kind=Organisation.Kind.COLLEGE, region=region, name="Second"
    )
    partnership = Partnership.objects.create(
        college=college,
        enterprise=enterprise,
        status=Partnership.Status.ACTIVE,
        started_on=timezone.localdate() - timedelta(days=400),
    )
    people = {}
    for role in (Role.COORDINATOR, Role.LEARNER):
        user = User.objects.create(username=f"second-{role}", email=f"second-{role}@example.org")
        Membership.objects.create(user=user, organisation=college, role=role)
        people[role] = user
    today = timezone.localdate()
    create_agreement(
        partnership,
        by=people[Role.COORDINATOR],
        kind="dual_programme",
        title="Dual programme",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=365),
        signed_on=today - timedelta(days=1),
    )
    LearnerProfile.objects.create(
        user=people[Role.LEARNER],
        college=college,
        career_stage=LearnerProfile.CareerStage.STUDENT,
        cohort_year=timezone.localdate().year - 1,
    )
    return people


def test_an_officer_places_the_learners_of_every_college_of_the_region(
    persona, client_as, second_college, offer_factory
):
    officer = persona("officer")
    page = client_as("officer").post(
        "/placements/rounds/",
        {
            "name": "Region round",
            "preference_deadline": (timezone.now() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "precedence": Round.Precedence.RESERVE_FIRST,
        },
    )
    round_ = Round.objects.get(name="Region round")
    assert page.status_code == 302 and round_.is_regional and round_.college is None

    offer = offer_factory(seats=2, title="Regional seat")
    assert round_.offers.filter(pk=offer.pk).exists()  # an approved offer joins open rounds
    learner, second = persona("learner"), second_college[Role.LEARNER]
    for person in (learner, second):
        services.set_preferences(round_, by=person, offer_ids=[offer.pk])
    with pytest.raises(PermissionDenied):
        services.run_round(round_, by=persona("coordinator"), early=True)
    summary = services.run_round(round_, by=officer, early=True)
    assert summary["learners"] == 2 and summary["placed"] == 2

    # each college sees its own learners' rows; the officer who runs it sees them all
    def rows(client):
        return client.get(f"/placements/rounds/{round_.pk}/").text

    assert str(learner) in rows(client_as("coordinator"))
    assert "second-learner" not in rows(client_as("coordinator"))
    second_coordinator = Client()
    second_coordinator.force_login(second_college[Role.COORDINATOR])
    assert "second-learner" in rows(second_coordinator)
    assert str(learner) not in rows(second_coordinator)
    assert {str(learner), "second-learner"} <= {
        str(a.learner.user) for a in Allocation.objects.filter(round=round_)
    }
    assert "second-learner" in rows(client_as("officer"))


def test_a_learner_of_another_region_cannot_rank_in_it(persona, other_college, offer_factory):
    region = persona("coordinator").memberships.get().organisation.region
    round_ = services.open_round(
        by=persona("officer"),
        region=region,
        name="Region round",
        preference_deadline=timezone.now() + timedelta(days=5),
        precedence=Round.Precedence.RESERVE_FIRST,
    )
    offer = offer_factory(seats=1)
    with pytest.raises(ServiceError, match="Only learners"):
        services.set_preferences(round_, by=other_college["learner"], offer_ids=[offer.pk])


def test_an_officer_of_another_region_neither_opens_nor_runs_it(persona, other_college):
    elsewhere = Organisation.objects.create(
        code="authority-elsewhere",
        kind=Organisation.Kind.AUTHORITY,
        region=other_college["college"].region,
        name="Elsewhere authority",
    )
    stranger = User.objects.create(username="officer-elsewhere")
    Membership.objects.create(user=stranger, organisation=elsewhere, role=Role.OFFICER)
    region = persona("coordinator").memberships.get().organisation.region
    opening = {
        "name": "Not theirs",
        "preference_deadline": timezone.now() + timedelta(days=5),
        "precedence": Round.Precedence.RESERVE_FIRST,
    }
    with pytest.raises(PermissionDenied):
        services.open_round(by=stranger, region=region, **opening)
    round_ = services.open_round(by=persona("officer"), region=region, **opening)
    with pytest.raises(PermissionDenied):
        services.run_round(round_, by=stranger, early=True)
    assert round_ not in services.rounds_of(stranger)
