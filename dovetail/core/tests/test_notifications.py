"""Notifications reach people by e-mail, in their language, only as they chose, and a reminder
goes once."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from dovetail.core.models import SentNotification
from dovetail.core.notifications import KINDS, notify
from dovetail.core.tasks import submit
from dovetail.partnerships.services import CLEARANCE_LAPSING, record_clearance


def test_each_person_reads_it_in_their_language_unless_they_turned_it_off(persona, client_as):
    learner, mentor, hr = persona("learner"), persona("mentor"), persona("hr")
    client_as("learner").post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    client_as("hr").post(
        "/account/notifications/",
        {"language": "en", "by_email": [code for code in KINDS if code != "offer_returned"]},
    )
    notify(
        "offer_returned",
        [learner, mentor, hr],
        "placements/mail/offer_returned.txt",
        {"offer": "Battery line", "college": "College", "note": "Shorter hours"},
        url="/placements/offers/1/edit/",
    )
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {learner.email, mentor.email}
    assert "退回" in by_address[learner.email].subject
    english = by_address[mentor.email]
    assert english.subject == 'Your offer "Battery line" was returned'
    assert "Shorter hours" in english.body and "/placements/offers/1/edit/" in english.body
    assert "&quot;" not in english.body
    assert SentNotification.objects.filter(user=learner, kind="offer_returned").exists()


def test_nobody_without_an_address_is_written_to(persona):
    mentor = persona("mentor")
    mentor.email = ""
    mentor.save()
    notify("offer_returned", [mentor], "placements/mail/offer_returned.txt", {"offer": "x"})
    assert mail.outbox == []


def test_a_lapsing_clearance_is_told_once_to_its_holder_and_the_coordinators(persona):
    learner, coordinator = persona("learner"), persona("coordinator")
    today = timezone.localdate()
    partnership = coordinator.memberships.get().organisation.college_partnerships.first()
    record_clearance(
        by=coordinator,
        holder=learner,
        partnership=partnership,
        level=1,
        signed_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=12),
    )
    first = submit("send_reminders", backend="inline")
    told = {message.to[0] for message in mail.outbox}
    assert {learner.email, coordinator.email} <= told
    assert any(
        "lapses on" in message.subject and message.to == [learner.email] for message in mail.outbox
    )
    sent = len(mail.outbox)
    second = submit("send_reminders", backend="inline")
    assert first.status == second.status == "succeeded"
    assert len(mail.outbox) == sent
    assert SentNotification.objects.filter(user=learner, kind=CLEARANCE_LAPSING).count() >= 1


def test_the_settings_page_lists_every_kind_and_what_was_sent(persona, client_as):
    notify("offer_returned", [persona("hr")], "placements/mail/offer_returned.txt", {"offer": "X"})
    page = client_as("hr").get("/account/notifications/").text
    for kind in KINDS.values():
        assert str(kind.label) in page
    assert "Dovetail writes to hr@example.org" in page
    assert "Your offer &quot;X&quot; was returned" in page
