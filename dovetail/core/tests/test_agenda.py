"""The agenda is worked out once a minute at most, and afresh after anything changes."""

from datetime import date

import pytest
from django.db import transaction

from dovetail.core import agenda
from dovetail.core.agenda import AgendaItem, agenda_of
from dovetail.core.models import User

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 3)


@pytest.fixture
def counted_source(monkeypatch):
    calls = []

    def source(user, *, today):
        calls.append(user.pk)
        return [AgendaItem(f"Item {len(calls)}", "", "/", today)]

    monkeypatch.setattr(agenda, "_sources", [source])
    return calls


def test_a_second_look_reuses_the_agenda_and_a_change_refreshes_it(counted_source):
    person = User.objects.create(username="someone", full_name="Some One")
    assert [i.title for i in agenda_of(person, today=TODAY)] == ["Item 1"]
    assert [i.title for i in agenda_of(person, today=TODAY)] == ["Item 1"]
    assert counted_source == [person.pk]

    User.objects.create(username="another", full_name="Another")
    assert [i.title for i in agenda_of(person, today=TODAY)] == ["Item 2"]


@pytest.mark.django_db(transaction=True)
def test_the_agenda_is_forgotten_again_when_the_change_commits(counted_source):
    person = User.objects.create(username="someone", full_name="Some One")
    with transaction.atomic():
        User.objects.create(username="another", full_name="Another")
        agenda_of(person, today=TODAY)  # as another request would read before the commit
    agenda_of(person, today=TODAY)
    assert len(counted_source) == 2


def test_each_person_and_language_has_their_own(counted_source, settings):
    first = User.objects.create(username="first", full_name="First")
    second = User.objects.create(username="second", full_name="Second")
    agenda_of(first, today=TODAY)
    agenda_of(second, today=TODAY)
    from django.utils import translation

    with translation.override("zh-hans"):
        agenda_of(first, today=TODAY)
    assert counted_source == [first.pk, second.pk, first.pk]
