"""A mentor is reminded, once a week, of finished diary weeks that wait for their signature."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from dovetail.core.tasks import submit
from dovetail.records.services import diaries


def _remind(today):
    mail.outbox.clear()
    submit("send_reminders", backend="inline", today=today.isoformat())
    return [message for message in mail.outbox if "Diary weeks" in message.subject]


def test_a_finished_unsigned_week_reminds_its_mentor_once_a_week(persona, placement):
    today = timezone.localdate()
    last_week = diaries.monday_of(today) - timedelta(days=7)
    written_on = max(last_week, placement.starts_on)
    diaries.write_entry(
        placement,
        by=persona("learner"),
        written_on=written_on,
        activities="Assembled modules",
        learned="Torque settings",
        hours="6",
    )
    (reminder,) = [m for m in _remind(today) if m.to == [persona("mentor").email]]
    assert "Zhang Xinyi" in reminder.body and f"/records/diary/{placement.pk}/" in reminder.body
    assert not [m for m in _remind(today) if m.to == [persona("mentor").email]]

    diaries.sign_off_week(placement, diaries.monday_of(written_on), by=persona("mentor"))
    next_week = today + timedelta(days=7)
    reminded = [m for m in _remind(next_week) if m.to == [persona("mentor").email]]
    assert all("Zhang Xinyi" not in m.body for m in reminded)
