"""Shared test fixtures: one small generated region per test database, and persona helpers."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from dovetail.core.models import LearnerProfile, Membership, Organisation, Region, Role, User
from dovetail.core.tasks import submit
from dovetail.partnerships import services as partnership_services
from dovetail.partnerships.models import Clearance

REGION_SEED = 7


def build_region():
    run = submit("generate_region", backend="inline", size="small", seed=REGION_SEED)
    assert run.status == "succeeded", run.error
    return run


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_region()


@pytest.fixture(autouse=True)
def inline_tasks(settings):
    settings.TASK_BACKEND = "inline"


@pytest.fixture(autouse=True)
def accessible_pages(request):
    """Browser tests: the pages a test left open are checked by axe-core when it ends."""
    yield
    if request.node.get_closest_marker("browser"):
        from dovetail.core.tests import accessibility

        problems = accessibility.audit_open_pages()
        assert not problems, "\n".join(problems)


@pytest.fixture(autouse=True)
def english_by_default():
    # a page asked for in Chinese leaves Chinese active in the thread; each test starts in English
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_cache():
    # rate limits and task progress live in the cache; each test starts with none
    cache.clear()


@pytest.fixture
def persona(db):
    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def client_as(persona):
    def make(username: str, language: str = "en") -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(persona(username))
        return client

    return make


@pytest.fixture
def other_college(db):
    """A second college in another region, with a coordinator and a learner of its own."""
    region = Region.objects.create(code="elsewhere", name="Elsewhere", name_zh="别处")
    college = Organisation.objects.create(
        code="college-elsewhere",
        kind=Organisation.Kind.COLLEGE,
        region=region,
        name="Elsewhere College",
    )
    coordinator = User.objects.create(username="other-coordinator", full_name="Other coordinator")
    Membership.objects.create(user=coordinator, organisation=college, role=Role.COORDINATOR)
    learner = User.objects.create(username="other-learner", full_name="Other learner")
    Membership.objects.create(user=learner, organisation=college, role=Role.LEARNER)
    profile = LearnerProfile.objects.create(
        user=learner,
        college=college,
        career_stage=LearnerProfile.CareerStage.STUDENT,
        cohort_year=timezone.localdate().year,
        rural=True,
    )
    return {"college": college, "coordinator": coordinator, "learner": learner, "profile": profile}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def next_year(today):
    return today + timedelta(days=365)


@pytest.fixture
def wsgi_app(db):
    """Django's WSGI application for tools that call it directly (Schemathesis). As Django's test
    client does, a request's start and end must not close the test's database connection."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def partnership(persona):
    """The persona learner's college and enterprise."""
    return Clearance.objects.get(holder=persona("learner")).partnership


@pytest.fixture
def agreement(persona, partnership, today, next_year):
    """A signed agreement in force for that partnership, with the default interface rules."""
    return partnership_services.create_agreement(
        partnership,
        by=persona("coordinator"),
        kind="order_class",
        title="Order class 2026",
        starts_on=today - timedelta(days=1),
        ends_on=next_year,
        signed_on=today - timedelta(days=2),
    )
