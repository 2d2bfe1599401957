from datetime import timedelta

import pytest
from django.utils import timezone

from dovetail.partnerships.services import create_agreement
from dovetail.placements import services as placements
from dovetail.placements.models import Round


@pytest.fixture
def placement(persona):
    """The persona learner on placement with the persona enterprise for the last two weeks,
    mentored by the persona mentor."""
    coordinator, hr = persona("coordinator"), persona("hr")
    enterprise = hr.memberships.get().organisation
    today = timezone.localdate()
    create_agreement(
        enterprise.enterprise_partnerships.get(),
        by=coordinator,
        kind="dual_programme",
        title="Dual programme",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=400),
        signed_on=today - timedelta(days=30),
    )
    offer = placements.create_offer(
        by=hr,
        enterprise=enterprise,
        zone=enterprise.zones.get(confidentiality_level=0),
        title="Battery line practice",
        seats=2,
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=60),
        mentor=persona("mentor"),
    )
    placements.review_offer(offer, by=coordinator, approve=True)
    round_ = Round.objects.get(college__code="college-001", status="open")
    placements.set_preferences(round_, by=persona("learner"), offer_ids=[offer.pk])
    placements.run_round(round_, by=coordinator)
    placements.publish_round(round_, by=coordinator)
    return placements.placements_of(persona("learner")).get(offer=offer)
