"""Scheduling's rows many at a time (see :mod:`dovetail.core.bulk`)."""

from dovetail.core.bulk import insert, insert_nested
from dovetail.scheduling.models import AcademicCalendar, CalendarWeek, EnterprisePeriod


def add_calendars(rows) -> list[AcademicCalendar]:
    """Academic calendars, each row with its weeks closed to practice under ``closed_weeks``
    (rows of a 0-based week ``index`` and a ``kind``)."""
    return insert_nested(AcademicCalendar, rows, "closed_weeks", CalendarWeek, "calendar")


def add_enterprise_periods(rows) -> list[EnterprisePeriod]:
    return insert(EnterprisePeriod, rows)
