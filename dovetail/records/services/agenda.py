"""What the records ask of each person today."""

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dovetail.core.agenda import AgendaItem, agenda_source
from dovetail.placements.services import placements_of
from dovetail.records.models import Assessment, DiaryEntry, Rating
from dovetail.records.services.diaries import diary_standings, monday_of, my_placements

LIMIT = 8


def _assessments(user, today):
    waiting = (
        Assessment.objects.filter(Q(teacher=user) | Q(mentor=user))
        .exclude(status=Assessment.Status.AGREED)
        .select_related("rubric", "learner")
    )
    rated = set(
        Rating.objects.filter(assessment__in=waiting, rated_by=user)
        .exclude(role=Rating.Role.AGREED)
        .values_list("assessment_id", flat=True)
    )
    items = []
    for assessment in waiting[:LIMIT]:
        url = reverse("records:assessment", args=[assessment.pk])
        if assessment.status == Assessment.Status.FLAGGED:
            items.append(
                AgendaItem(
                    _("Reconcile a flagged assessment"),
                    f"{assessment.rubric} · {assessment.learner}",
                    url,
                    today,
                    urgent=True,
                )
            )
        elif assessment.pk not in rated:
            items.append(
                AgendaItem(
                    _("Rate an assessment"), f"{assessment.rubric} · {assessment.learner}", url
                )
            )
    return items


def _diaries_overseen(user, today):
    items = []
    for standing in diary_standings(user, today=today):
        url = reverse("records:placement_diary", args=[standing.placement.pk])
        learner = standing.placement.learner
        if standing.weeks_awaiting and standing.placement.offer.mentor_id == user.pk:
            items.append(
                AgendaItem(
                    _("Sign off diary weeks"),
                    _("%(learner)s · %(weeks)s week(s)")
                    % {"learner": learner, "weeks": standing.weeks_awaiting},
                    url,
                    today,
                    urgent=standing.weeks_awaiting >= 2,
                )
            )
        elif standing.behind and standing.placement.offer.mentor_id != user.pk:
            items.append(AgendaItem(_("A learner's diary has fallen behind"), str(learner), url))
    return items[:LIMIT]


def _surveys_due(user, today):
    """Placements the mentor supervises that end within two weeks (or ended) unevaluated."""
    due = (
        placements_of(user)
        .filter(
            offer__mentor=user,
            ends_on__lte=today + timedelta(days=14),
            ends_on__gte=today - timedelta(days=60),
            employer_survey__isnull=True,
        )
        .select_related("learner__user")
    )
    return [
        AgendaItem(
            _("Evaluate a placement"),
            str(placement.learner),
            reverse("records:survey", args=[placement.pk]),
            placement.ends_on,
            urgent=placement.ends_on <= today,
        )
        for placement in due[:LIMIT]
    ]


def _own_diary(user, today):
    current = my_placements(user).filter(starts_on__lte=today, ends_on__gte=today).first()
    if current is None:
        return []
    last = DiaryEntry.objects.filter(placement=current).order_by("-written_on").first()
    if last is not None and last.written_on >= today - timedelta(days=2):
        return []
    return [
        AgendaItem(
            _("Write your training diary"),
            str(current.offer),
            reverse("records:my_diary"),
            today,
            urgent=last is None or last.written_on < monday_of(today) - timedelta(days=7),
        )
    ]


@agenda_source
def agenda_for(user, *, today: date) -> list[AgendaItem]:
    return (
        _assessments(user, today)
        + _diaries_overseen(user, today)
        + _surveys_due(user, today)
        + _own_diary(user, today)
    )
