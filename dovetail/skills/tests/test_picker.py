"""Skill pickers stay small and fast with a taxonomy of ESCO's size: a page renders the chosen and
suggested skills only, and the search box finds any other on the server."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dovetail.core.models import Membership, Role
from dovetail.placements.tests.helpers import place_persona_learner
from dovetail.records.models import DiaryEntry
from dovetail.skills.models import Skill, Taxonomy
from dovetail.skills.picker import SkillsField
from dovetail.skills.services import ESCO_SLUG

pytestmark = pytest.mark.django_db

ESCO_SIZE = 13_934


def _esco_sized_taxonomy() -> Taxonomy:
    """A taxonomy as big as ESCO, loaded as ESCO is (so it becomes the mapping taxonomy)."""
    taxonomy = Taxonomy.objects.create(slug=ESCO_SLUG, name="ESCO-sized", version="test")
    Skill.objects.bulk_create(
        (
            Skill(
                taxonomy=taxonomy,
                uri=f"urn:test:esco:{i}",
                code=f"E{i:05d}",
                label=f"apply technique {i}",
                alt_labels=f"technique number {i}\nmethod {i}",
            )
            for i in range(ESCO_SIZE)
        ),
        batch_size=2000,
    )
    return taxonomy


def _skill(code: str) -> Skill:
    return Skill.objects.get(taxonomy__slug="dovetail", code=code)


def _found(client, **params) -> list[str]:
    response = client.get("/skills/find/", params)
    assert response.status_code == 200
    return [skill["label"] for skill in response.json()["skills"]]


def test_find_matches_english_chinese_and_alternative_labels(client_as):
    # given a skill with an alternative name
    Skill.objects.filter(pk=_skill("cnc-machining").pk).update(alt_labels="CNC operator work")
    teacher = client_as("teacher")
    # when a teacher searches by words of each of its names
    by_label = _found(teacher, q="machine tools")
    by_chinese = _found(teacher, q="数控")
    by_alternative = _found(teacher, q="operator")
    # then each finds it
    for found in (by_label, by_chinese, by_alternative):
        assert "operate CNC machine tools" in found


def test_find_answers_in_chinese_for_a_chinese_page(client_as):
    assert "操作数控机床" in _found(client_as("teacher", "zh-hans"), q="CNC")


def test_find_lists_the_forms_suggestions_first_and_alone_when_empty(client_as):
    # given a search that finds many skills, shortest first
    teacher = client_as("teacher")
    everything = _found(teacher, q="e")
    assert len(everything) > 2
    last = Skill.objects.get(label=everything[-1])
    # when the form suggests the one listed last
    suggested = _found(teacher, q="e", first=str(last.pk))
    alone = _found(teacher, q="", first=f"{last.pk},x,")
    # then it comes first, and an empty search lists the suggestions alone
    assert suggested[0] == last.label
    assert alone == [last.label]
    assert _found(teacher, q="") == []


def _pages(persona):
    learner = persona("learner").learner_profile
    enterprise = Membership.objects.get(user=persona("hr"), role=Role.ENTERPRISE_HR).organisation
    return [
        ("learner", "/records/diary/"),
        ("teacher", f"/records/competencies/{learner.pk}/"),
        ("teacher", "/records/rubrics/"),
        ("hr", f"/placements/enterprises/{enterprise.pk}/offers/new/"),
        ("coordinator", "/careers/courses/new/"),
        ("coordinator", "/credentials/achievements/new/"),
    ]


def _measure(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert b"data-skill-picker" in response.content, url
    return len(captured), len(response.content)


def test_skill_pages_cost_the_same_with_a_taxonomy_of_escos_size(persona, client_as):
    # given every page that picks a skill, measured with the small default taxonomy
    today = timezone.localdate()
    place_persona_learner(
        persona, starts_on=today - timedelta(days=7), ends_on=today + timedelta(days=30)
    )
    pages = _pages(persona)
    clients = {username: client_as(username) for username, _url in pages}
    for username, url in pages:
        clients[username].get(url)  # warm sessions and caches
    small = {url: _measure(clients[username], url) for username, url in pages}
    # when ESCO's 13,934 skills are loaded
    _esco_sized_taxonomy()
    large = {url: _measure(clients[username], url) for username, url in pages}
    # then no page runs more queries or grows by more than a few suggestions
    for _username, url in pages:
        (queries_before, bytes_before), (queries_after, bytes_after) = small[url], large[url]
        assert queries_after <= queries_before, (url, queries_before, queries_after)
        assert bytes_after - bytes_before < 2_000, (url, bytes_before, bytes_after)


def test_a_skill_the_page_did_not_show_is_saved_from_the_diary(persona, client_as):
    # given a diary whose picker renders only the offer's required skills
    today = timezone.localdate()
    offer = place_persona_learner(
        persona, starts_on=today - timedelta(days=7), ends_on=today + timedelta(days=30)
    )
    taxonomy = _esco_sized_taxonomy()
    found = Skill.objects.get(taxonomy=taxonomy, code="E12345")
    learner = client_as("learner")
    assert _found(learner, q="technique 12345") == [found.label]
    # when the learner posts the skill the search found
    response = learner.post(
        "/records/diary/",
        {
            "written_on": today.isoformat(),
            "hours": "6",
            "activities": "Set up the press",
            "learned": "Die alignment",
            "skills": [found.pk],
            "zone": offer.zone_id,
        },
    )
    # then the entry keeps it
    assert response.status_code == 302
    assert list(DiaryEntry.objects.get(placement__offer=offer).skills.all()) == [found]


def test_a_picker_renders_the_chosen_and_suggested_skills_and_accepts_any_other():
    # given a many-skills field suggesting two skills, one of them already chosen
    chosen, suggested, other = (_skill(c) for c in ("first-aid", "teamwork", "care-records"))
    field = SkillsField(label="Skills", required=False)
    field.suggest([chosen.pk, suggested.pk])
    # when it renders
    html = field.widget.render("skills", [chosen.pk], attrs={"id": "id_skills"})
    # then it lists those two, the chosen one ticked, and a search box for the rest
    assert html.count('type="checkbox"') == 2 and "checked" in html
    assert chosen.label in html and suggested.label in html and other.label not in html
    assert 'id="id_skills_find"' in html and "data-skill-picker" in html
    # and a skill it did not render is still a valid choice
    assert list(field.clean([other.pk])) == [other]
