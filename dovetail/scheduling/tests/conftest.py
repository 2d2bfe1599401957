from datetime import timedelta

import pytest

from dovetail.placements import services as placements
from dovetail.placements.models import Round
from dovetail.placements.tests.helpers import place_persona_learner
from dovetail.scheduling import services
from dovetail.scheduling.models import AcademicCalendar, PracticePattern


@pytest.fixture
def published(persona):
    """The demo round of college-001, matched and published into placements."""
    round_ = Round.objects.get(college__code="college-001", status="open")
    placements.run_round(round_, by=persona("coordinator"), early=True)
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
    return place_persona_learner(
        persona,
        starts_on=calendar.first_monday + timedelta(weeks=2),
        ends_on=calendar.first_monday + timedelta(weeks=16, days=-1),
    )
