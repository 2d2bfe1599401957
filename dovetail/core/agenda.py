"""What a person has to do today: each app contributes items to the home page.

Apps register a source (``@agenda_source``); the home page asks :func:`agenda_of`. Working out
a person's agenda reads from every app, so it is kept in the cache for a minute per person,
day and language, and forgotten whenever anything is saved anywhere: a change one person makes
shows on everyone's agenda at their next visit. (Saves, not deletes: a listener on every delete
would stop Django deleting a queryset in one statement. A delete nearly always comes with a save,
its audit record or the rows that replace it; one that does not shows within the minute.)"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils.translation import get_language

KEPT_FOR_S = 60
GENERATION = "agenda:generation"

_sources = []


@dataclass(frozen=True)
class AgendaItem:
    title: str
    detail: str
    url: str
    due: date | None = None
    urgent: bool = False


def agenda_source(source):
    """Register ``source(user, *, today) -> list[AgendaItem]``, one app's part of the agenda."""
    _sources.append(source)
    return source


def ordered(items: list[AgendaItem], today: date) -> list[AgendaItem]:
    """Urgent first, then by due date."""
    return sorted(items, key=lambda item: (not item.urgent, item.due or today))


def agenda_of(user, *, today: date) -> list[AgendaItem]:
    generation = cache.get(GENERATION, "")
    key = f"agenda:{user.pk}:{today.isoformat()}:{get_language()}:{generation}"
    items = cache.get(key)
    if items is None:
        items = ordered([item for source in _sources for item in source(user, today=today)], today)
        cache.set(key, items, KEPT_FOR_S)
    return items


def _forget_every_agenda():
    cache.set(GENERATION, uuid.uuid4().hex, None)


def _something_changed(sender, raw=False, **kwargs):
    if raw:
        return
    _forget_every_agenda()
    # and again once the transaction commits: a page read before then worked from the old rows
    if not any(func is _forget_every_agenda for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_forget_every_agenda)


post_save.connect(_something_changed, dispatch_uid="agenda.saved")
