"""A persona learner placed through the real services, for the apps that build on placements."""

from datetime import timedelta

from django.utils import timezone

from dovetail.partnerships.services import create_agreement
from dovetail.placements import services as placements
from dovetail.placements.models import Placement, Round


def place_persona_learner(persona, *, starts_on, ends_on, mentor=None):
    """Sign a dual-programme agreement, post and approve an offer at the persona enterprise,
    let the persona learner rank it, run and publish college-001's round; returns the offer.
    The demo's own placement of the learner is cancelled first: nobody holds two at once."""
    coordinator, hr = persona("coordinator"), persona("hr")
    Placement.objects.filter(learner__user=persona("learner")).update(
        status=Placement.Status.CANCELLED
    )
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
        starts_on=starts_on,
        ends_on=ends_on,
        mentor=mentor,
    )
    placements.review_offer(offer, by=coordinator, approve=True)
    round_ = Round.objects.get(college__code="college-001", status="open")
    placements.set_preferences(round_, by=persona("learner"), offer_ids=[offer.pk])
    placements.run_round(round_, by=coordinator, early=True)
    placements.publish_round(round_, by=coordinator)
    return offer
