import pytest

from dovetail.placements import services as placements
from dovetail.placements.models import Round
from dovetail.scheduling import services
from dovetail.scheduling.models import AcademicCalendar, PracticePattern


@pytest.fixture
def published(persona):
    """The demo round of college-001, matched and published into placements."""
    round_ = Round.objects.get(college__code="college-001", status="open")
    placements.run_round(round_, by=persona("coordinator"))
    placements.publish_round(round_, by=persona("coordinator"))
    return round_


@pytest.fixture
def calendar():
    return AcademicCalendar.objects.get(college__code="college-001")


@pytest.fixture
def plan(persona, published, calendar):
    plan = services.create_plan(
        by=persona("coordinator"),
        calendar=calendar,
        name="Spring practice",
        pattern=PracticePattern.objects.get(code="concentrated-block"),
        required_hours=160,
    )
    services.solve_plan(plan, by=persona("coordinator"))
    plan.refresh_from_db()
    return plan


@pytest.fixture
def persona_placed(persona, calendar):
    """The persona learner placed with the persona enterprise through a published round."""
    from datetime import timedelta

    from django.utils import timezone

    from dovetail.partnerships.services import create_agreement

    coordinator, hr = persona("coordinator"), persona("hr")
    enterprise = hr.memberships.get().organisation
    today = timezone.localdate()
    create_agreement(
        enterprise.enterprise_partnerships.get(),
        by=coordinator,
        kind="dual_programme",
        title="Dual programme",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=400),
        signed_on=today - timedelta(days=1),
    )
    offer = placements.create_offer(
        by=hr,
        enterprise=enterprise,
        zone=enterprise.zones.get(confidentiality_level=0),
        title="Battery line practice",
        seats=2,
        starts_on=calendar.first_monday + timedelta(weeks=2),
        ends_on=calendar.first_monday + timedelta(weeks=16, days=-1),
    )
    placements.review_offer(offer, by=coordinator, approve=True)
    round_ = Round.objects.get(college__code="college-001", status="open")
    placements.set_preferences(round_, by=persona("learner"), offer_ids=[offer.pk])
    placements.run_round(round_, by=coordinator)
    placements.publish_round(round_, by=coordinator)
    return offer
