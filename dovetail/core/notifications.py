"""Telling people what happened, by e-mail, in their own language, as they chose.

An app names each kind of notification it sends with :func:`notification_kind` and sends with
:func:`notify`: who, which template, and a context of plain values. The sending is a task, so it
runs after the change commits and, with Celery, on a worker. Each person gets the message rendered
in their language, unless they turned that kind off or have no address; a ``key`` makes a
reminder go once. Reminders that depend on the date (a week to sign off, a clearance about to
lapse) come from sources apps register with :func:`reminder_source`; the ``send_reminders``
task, run daily, collects and sends them.

A template's first line is the subject; the rest is the body. Links are made absolute from
``DOVETAIL_SITE_URL``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dovetail.core.errors import ServiceError
from dovetail.core.models import NotificationPreference, SentNotification, User
from dovetail.core.tasks import long_task, submit


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    description: str


KINDS: dict[str, Kind] = {}


def notification_kind(code: str, label, description) -> str:
    """Register a kind of notification a person may turn off; returns its code."""
    KINDS[code] = Kind(code, label, description)
    return code


@dataclass(frozen=True)
class Message:
    """One notification to send: ``context`` holds JSON values only (it travels to a worker)."""

    kind: str
    recipients: list[int]
    template: str
    context: dict = field(default_factory=dict)
    url: str = ""
    key: str = ""


def notify(kind: str, recipients: Iterable, template: str, context=None, *, url="", key="") -> None:
    """Send ``kind`` to ``recipients`` (people or their ids) once the current change commits."""
    ids = sorted({getattr(person, "pk", person) for person in recipients if person is not None})
    if not ids:
        return
    send([Message(kind, ids, template, context or {}, url, key)])


def send(messages: list[Message]) -> None:
    if messages:
        submit("send_notifications", messages=[message.__dict__ for message in messages])


def _enabled(kind: str, ids: list[int]) -> list[User]:
    off = set(
        NotificationPreference.objects.filter(
            user_id__in=ids, kind=kind, by_email=False
        ).values_list("user_id", flat=True)
    )
    return [
        person
        for person in User.objects.filter(pk__in=ids, is_active=True).exclude(email="")
        if person.pk not in off
    ]


def _already_sent(message: Message) -> set[int]:
    if not message.key:
        return set()
    return set(
        SentNotification.objects.filter(
            user_id__in=message.recipients, kind=message.kind, key=message.key
        ).values_list("user_id", flat=True)
    )


def render(message: Message, person: User) -> tuple[str, str]:
    """The subject and body ``person`` reads, in their language."""
    url = settings.DOVETAIL_SITE_URL.rstrip("/") + message.url if message.url else ""
    with translation.override(person.language):
        text = render_to_string(
            message.template, {**message.context, "person": person, "url": url}
        ).strip()
    subject, _, body = text.partition("\n")
    return " ".join(subject.split())[:200], body.strip() + "\n"


@long_task("send_notifications")
def send_notifications_task(progress, *, messages: list[dict]) -> dict:
    sent = skipped = 0
    emails, records = [], []
    for fields in messages:
        message = Message(**fields)
        people = _enabled(message.kind, message.recipients)
        already = _already_sent(message)
        skipped += len(message.recipients) - len(people)
        for person in people:
            if person.pk in already:
                skipped += 1
                continue
            subject, body = render(message, person)
            emails.append(EmailMessage(subject, body, to=[person.email]))
            records.append(
                SentNotification(
                    user=person,
                    kind=message.kind,
                    key=message.key,
                    subject=subject,
                    body=body,
                    url=message.url,
                )
            )
    progress.start(len(emails), "sending")
    if emails:
        # one connection for the batch; a refused address fails the run, which may be retried
        sent = get_connection().send_messages(emails) or 0
        SentNotification.objects.bulk_create(records)
    progress.advance(len(emails))
    return {"sent": sent, "skipped": skipped}


ReminderSource = Callable[[date], list[Message]]
_reminder_sources: list[ReminderSource] = []


def reminder_source(fn: ReminderSource) -> ReminderSource:
    """Register ``fn(today) -> [Message]``: reminders that fall due on a date."""
    _reminder_sources.append(fn)
    return fn


@long_task("send_reminders")
def send_reminders_task(progress, *, today: str = "") -> dict:
    on = date.fromisoformat(today) if today else timezone.localdate()
    messages = [message for source in _reminder_sources for message in source(on)]
    send(messages)
    return {"reminders": len(messages)}


def kinds_for(person: User) -> list[tuple[Kind, bool]]:
    """Every kind with whether ``person`` gets it by e-mail."""
    off = set(person.notification_preferences.filter(by_email=False).values_list("kind", flat=True))
    return [(kind, kind.code not in off) for kind in KINDS.values()]


def set_preferences(person: User, *, language: str, by_email: set[str]) -> None:
    """Save which kinds ``person`` gets and the language they are written in."""
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(f"Unknown language {language!r}.", field="language")
    remember_language(person, language)
    for code in KINDS:
        NotificationPreference.objects.update_or_create(
            user=person, kind=code, defaults={"by_email": code in by_email}
        )


def remember_language(person: User, language: str) -> None:
    if person.language != language:
        person.language = language
        person.save(update_fields=["language"])


def recent(person: User, limit: int = 20):
    return person.notifications.all()[:limit]
