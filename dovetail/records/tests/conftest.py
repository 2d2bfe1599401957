from datetime import timedelta

import pytest
from django.utils import timezone

from dovetail.placements import services as placements
from dovetail.placements.tests.helpers import place_persona_learner


@pytest.fixture
def placement(persona):
    """The persona learner on placement with the persona enterprise for the last two weeks,
    mentored by the persona mentor."""
    today = timezone.localdate()
    offer = place_persona_learner(
        persona,
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=60),
        mentor=persona("mentor"),
    )
    return placements.placements_of(persona("learner")).get(offer=offer)
