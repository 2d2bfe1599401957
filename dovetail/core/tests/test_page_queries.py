"""Each persona's main pages cost the same number of queries after their organisations have grown:
more learners, offers, allocations, placements and diary entries add rows to a page, never
queries."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dovetail.core.models import LearnerProfile, Membership, Organisation, Role, User
from dovetail.placements.models import Allocation, Offer, Placement, Round
from dovetail.records.models import DiaryEntry

GROWTH = 40


def _queries(client, url) -> int:
    # what the page costs to work out, not what it costs when the agenda is still cached
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def _grow(persona, round_):
    """GROWTH more learners at the persona college, placed at the persona enterprise with the
    persona mentor, each with a diary entry, an allocation in ``round_``, and an offer each."""
    college = Organisation.objects.get(code="college-001")
    hr, mentor = persona("hr"), persona("mentor")
    template = Offer.objects.filter(enterprise__code="enterprise-00001").first()
    today = timezone.localdate()
    start = User.objects.order_by("-pk").first().pk
    users = User.objects.bulk_create(
        User(username=f"grown-{start + i}", full_name=f"Grown {i}", password="!")
        for i in range(GROWTH)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=college, role=Role.LEARNER) for u in users
    )
    profiles = LearnerProfile.objects.bulk_create(
        LearnerProfile(
            user=u,
            college=college,
            programme=template.eligible_programmes.first() or None,
            student_number=f"G{start + i}",
            career_stage=LearnerProfile.CareerStage.STUDENT,
            cohort_year=today.year - 1,
            rural=i % 2 == 0,
        )
        for i, u in enumerate(users)
    )
    offers = Offer.objects.bulk_create(
        Offer(
            enterprise=template.enterprise,
            zone=template.zone,
            title=f"Grown offer {i}",
            seats=1,
            starts_on=today - timedelta(days=20),
            ends_on=today + timedelta(days=60),
            status=Offer.Status.APPROVED,
            mentor=mentor,
            created_by=hr,
        )
        for i in range(GROWTH)
    )
    round_.offers.add(*offers)
    Allocation.objects.bulk_create(
        Allocation(
            round=round_,
            learner=p,
            offer=o,
            choice=1,
            explanation=[],
        )
        for p, o in zip(profiles, offers, strict=True)
    )
    placements = Placement.objects.bulk_create(
        Placement(learner=p, offer=o, round=round_, starts_on=o.starts_on, ends_on=o.ends_on)
        for p, o in zip(profiles, offers, strict=True)
    )
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            placement=placement,
            learner_id=placement.learner.user_id,
            written_on=today - timedelta(days=7),
            week_of=today - timedelta(days=7 + (today - timedelta(days=7)).weekday()),
            activities="Worked",
            learned="Things",
            hours=6,
        )
        for placement in placements
    )


PAGES = [
    ("coordinator", "/"),
    ("coordinator", "/learners/"),
    ("coordinator", "/placements/offers/"),
    ("coordinator", "/placements/rounds/"),
    ("coordinator", "/placements/rounds/{round}/"),
    ("coordinator", "/placements/rounds/{round}/?outcome=placed&group=rural"),
    ("coordinator", "/partnerships/"),
    ("coordinator", "/scheduling/"),
    ("teacher", "/"),
    ("teacher", "/records/diaries/"),
    ("teacher", "/records/cohort/"),
    ("hr", "/"),
    ("hr", "/placements/offers/"),
    ("mentor", "/"),
    ("mentor", "/records/diaries/"),
    ("learner", "/"),
    ("learner", "/placements/"),
    ("officer", "/"),
    ("officer", "/evaluation/depth/"),
]


@pytest.mark.django_db
def test_main_pages_cost_the_same_queries_at_two_sizes(persona, client_as):
    round_ = Round.objects.filter(college__code="college-001").exclude(status="open").first()
    assert round_ is not None, "the demo region has a matched or published round"
    clients = {username: client_as(username) for username, _url in PAGES}
    urls = [(username, url.format(round=round_.pk)) for username, url in PAGES]
    _grow(persona, round_)  # every list has rows, so the first size is not an empty page
    for username, url in urls:
        clients[username].get(url)  # warm sessions and caches
    before = {(u, url): _queries(clients[u], url) for u, url in urls}
    _grow(persona, round_)
    after = {(u, url): _queries(clients[u], url) for u, url in urls}
    grew = {page: (before[page], after[page]) for page in urls if after[page] > before[page]}
    assert not grew, f"queries grew with the rows (before, after): {grew}"
