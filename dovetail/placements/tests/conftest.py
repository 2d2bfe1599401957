from datetime import timedelta

import pytest
from django.utils import timezone

from dovetail.core.models import LearnerProfile
from dovetail.partnerships.models import Zone
from dovetail.partnerships.services import create_agreement
from dovetail.placements import services
from dovetail.placements.models import Round


@pytest.fixture
def enterprise(persona):
    return persona("hr").memberships.get().organisation


@pytest.fixture
def signed_agreement(persona, enterprise, today):
    partnership = enterprise.enterprise_partnerships.get()
    return create_agreement(
        partnership,
        by=persona("coordinator"),
        kind="dual_programme",
        title="Dual programme",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=365),
        signed_on=today - timedelta(days=1),
    )


def make_offer(persona, enterprise, today, *, level=0, seats=1, approve=True, **fields):
    zone = Zone.objects.filter(
        enterprise=enterprise, confidentiality_level=level
    ).first() or Zone.objects.create(
        enterprise=enterprise,
        kind="cooperation" if level < 2 else "restricted",
        confidentiality_level=level,
        name=f"Zone {level}",
    )
    offer = services.create_offer(
        by=persona("hr"),
        enterprise=enterprise,
        zone=zone,
        title=fields.pop("title", f"Offer L{level}"),
        seats=seats,
        # after the demo learner's current placement, so they may take it
        starts_on=today + timedelta(days=120),
        ends_on=today + timedelta(days=180),
        **fields,
    )
    if approve:
        services.review_offer(offer, by=persona("coordinator"), approve=True)
    return offer


@pytest.fixture
def offer_factory(persona, enterprise, today, signed_agreement):
    return lambda **fields: make_offer(persona, enterprise, today, **fields)


def open_test_round(persona, *, name="Test round", seed=42):
    """A round of the coordinator's college, taking preferences for another week."""
    return services.open_round(
        by=persona("coordinator"),
        college=persona("coordinator").memberships.get().organisation,
        name=name,
        preference_deadline=timezone.now() + timedelta(days=7),
        precedence=Round.Precedence.RESERVE_FIRST,
        seed=seed,
    )


@pytest.fixture
def new_round(persona, signed_agreement):
    return open_test_round(persona)


@pytest.fixture
def learners(persona):
    """Five learners of the college (not the persona), with their login users."""
    return list(
        LearnerProfile.objects.filter(college__code="college-001")
        .exclude(user=persona("learner"))
        .select_related("user")
        .order_by("pk")[:5]
    )
