"""Training diaries: learners write, mentors comment and sign weeks off, teachers watch."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.notifications import Message, notification_kind, reminder_source
from dovetail.core.permissions import (
    may,
    visible,
)
from dovetail.core.uploads import DIARY, check_upload, served_type
from dovetail.partnerships.models import ConfidentialityLevel
from dovetail.partnerships.services import participation_for, zones_of
from dovetail.placements import services as placements
from dovetail.records.models import Competency, DiaryComment, DiaryEntry, DiaryFile, WeekSignOff
from dovetail.records.policies import COMMENT, READ_RECORDS, SIGN_OFF, TEACH, WRITE_DIARY
from dovetail.records.services import xapi

# Diaries are read by college staff who hold no clearance: material from confidential or
# restricted zones stays inside the enterprise.
HIGHEST_LEVEL_IN_DIARIES = ConfidentialityLevel.INTERNAL
SIGNED_DIARY_PROFICIENCY = 2


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def is_learner_of(user, placement) -> bool:
    return may(user, WRITE_DIARY, placement)


def is_mentor_of(user, placement) -> bool:
    return may(user, SIGN_OFF, placement)


def is_teacher_of(user, placement) -> bool:
    return may(user, TEACH, placement)


def may_comment(user, placement) -> bool:
    return may(user, COMMENT, placement)


def reads_placement_records(user, placement) -> bool:
    """The learner, the mentor's side and the learner's teachers read a placement's records."""
    return may(user, READ_RECORDS, placement)


def _require(allowed, message):
    if not allowed:
        raise ServiceError(message, code="forbidden")


@dataclass
class Upload:
    """A file the learner attaches, with the zone it shows."""

    file: object
    zone: object


def _check_upload(upload, placement, learner, on):
    zone = upload.zone
    name = upload.file.name
    if zone.enterprise_id != placement.offer.enterprise_id:
        raise ServiceError(
            f"{name}: the zone is not at your placement's enterprise.", field="files"
        )
    if zone.confidentiality_level > HIGHEST_LEVEL_IN_DIARIES:
        level = zone.get_confidentiality_level_display()
        raise ServiceError(
            f"{name}: material from {zone.display_name} ({level}) cannot leave the enterprise"
            " in a diary.",
            field="files",
        )
    if not participation_for(learner, zone, on=on).allowed:
        raise ServiceError(f"{name}: you are not cleared for {zone.display_name}.", field="files")
    check_upload(upload.file, DIARY, field="files")


@transaction.atomic
def write_entry(
    placement, *, by, written_on, activities, learned, hours, difficulties="", skills=(), uploads=()
):
    _require(is_learner_of(by, placement), "Only the learner on this placement writes its diary.")
    if not placement.starts_on <= written_on <= placement.ends_on:
        raise ServiceError("The date is outside the placement.", field="written_on")
    if written_on > timezone.localdate() + timedelta(days=1):
        raise ServiceError("A diary entry cannot be written ahead of its day.", field="written_on")
    hours = Decimal(hours)
    if not Decimal(0) < hours <= Decimal(24):
        raise ServiceError("Hours must lie between 0 and 24.", field="hours")
    if not activities.strip() or not learned.strip():
        raise ServiceError("Say what you did and what you learned.", field="activities")
    for upload in uploads:
        _check_upload(upload, placement, by, written_on)
    entry = DiaryEntry.objects.create(
        placement=placement,
        learner=by,
        written_on=written_on,
        week_of=monday_of(written_on),
        activities=activities.strip(),
        learned=learned.strip(),
        difficulties=difficulties.strip(),
        hours=hours,
    )
    entry.skills.set(skills)
    for upload in uploads:
        DiaryFile.objects.create(
            entry=entry,
            zone=upload.zone,
            file=upload.file,
            name=upload.file.name[:200],
            content_type=served_type(check_upload(upload.file, DIARY, field="files")),
            size=upload.file.size,
        )
    entry.statement_id = xapi.record(
        placement.learner.college,
        by,
        "reflected",
        xapi.activity_iri("diary", placement.pk, written_on.isoformat()),
        f"Training diary, {written_on.isoformat()}",
        result={"duration": f"PT{hours.normalize():f}H", "response": entry.learned[:1000]},
        context={"contextActivities": {"parent": [{"id": _placement_iri(placement)}]}},
    )
    entry.save(update_fields=["statement_id"])
    audit.record(by, "diary.write", entry)
    return entry


def _placement_iri(placement):
    return xapi.activity_iri("placement", placement.pk)


def comment(entry, *, by, text):
    placement = entry.placement
    _require(
        may_comment(by, placement),
        "Only the learner's mentor or teachers comment on a diary.",
    )
    if not text.strip():
        raise ServiceError("Write the comment.", field="text")
    return DiaryComment.objects.create(entry=entry, author=by, text=text.strip())


@transaction.atomic
def sign_off_week(placement, week_of, *, by, comment="", skill_levels=None):
    """The mentor signs a week; each skill the week's entries name becomes diary evidence."""
    _require(is_mentor_of(by, placement), "Only the placement's mentor signs diary weeks off.")
    week_of = monday_of(week_of)
    entries = DiaryEntry.objects.filter(placement=placement, week_of=week_of)
    if not entries.exists():
        raise ServiceError("There is nothing written that week to sign off.", field="week_of")
    if WeekSignOff.objects.filter(placement=placement, week_of=week_of).exists():
        raise ServiceError("That week is already signed off.", field="week_of")
    sign_off = WeekSignOff.objects.create(
        placement=placement, week_of=week_of, mentor=by, comment=comment.strip()
    )
    skill_ids = set(entries.values_list("skills", flat=True)) - {None}
    levels = {int(k): int(v) for k, v in (skill_levels or {}).items()}
    if not set(levels) <= skill_ids or not all(1 <= v <= 5 for v in levels.values()):
        raise ServiceError("Rate only the week's skills, from 1 to 5.", field="skill_levels")
    learner = placement.learner.user
    Competency.objects.bulk_create(
        Competency(
            learner=learner,
            skill_id=skill_id,
            proficiency=levels.get(skill_id, SIGNED_DIARY_PROFICIENCY),
            source=Competency.Source.DIARY,
            achieved_on=week_of + timedelta(days=6),
            evidence=f"Diary week of {week_of.isoformat()}, signed by {by}",
            recorded_by=by,
        )
        for skill_id in sorted(skill_ids)
    )
    hours = entries.aggregate(total=Sum("hours"))["total"]
    sign_off.statement_id = xapi.record(
        placement.learner.college,
        by,
        "approved",
        xapi.activity_iri("diary-week", placement.pk, week_of.isoformat()),
        f"Training diary of {learner}, week of {week_of.isoformat()}",
        result={"duration": f"PT{hours.normalize():f}H", "completion": True},
        context={
            "contextActivities": {"parent": [{"id": _placement_iri(placement)}]},
            "extensions": {"https://w3id.org/dovetail/xapi/learner": xapi.agent_of(learner)},
        },
    )
    sign_off.save(update_fields=["statement_id"])
    audit.record(by, "diary.sign_off", sign_off)
    return sign_off


def diary_of(placement, *, by):
    """The placement's entries grouped by week, newest first, with sign-offs and comments."""
    _require(reads_placement_records(by, placement), "This diary is not yours to read.")
    entries = (
        DiaryEntry.objects.filter(placement=placement)
        .prefetch_related("skills", "files__zone", "comments__author")
        .order_by("-written_on")
    )
    signed = {s.week_of: s for s in WeekSignOff.objects.filter(placement=placement)}
    weeks = {}
    for entry in entries:
        weeks.setdefault(entry.week_of, []).append(entry)
    return [
        {
            "week_of": week,
            "entries": items,
            "hours": sum(e.hours for e in items),
            "sign_off": signed.get(week),
            "skills": sorted({s for e in items for s in e.skills.all()}, key=str),
        }
        for week, items in weeks.items()
    ]


def file_for(user, file_id):
    """A diary file the user may download (its diary's readers only)."""
    diary_file = (
        DiaryFile.objects.select_related("entry__placement__offer", "entry__placement__learner")
        .filter(pk=file_id)
        .first()
    )
    if diary_file is None:
        raise ServiceError("No such file.", code="not_found")
    placement = diary_file.entry.placement
    _require(reads_placement_records(user, placement), "This file is not yours to read.")
    return diary_file


@dataclass
class DiaryStanding:
    placement: object
    entries: int
    hours: Decimal
    last_written: date | None
    weeks_awaiting: int
    behind: bool


def diary_standings(user, *, today):
    """For every placement the user oversees: how its diary stands and who has fallen behind
    (no entry for a week while on placement, or two past weeks left unsigned)."""
    # the placements the user sees, other than their own, are those they oversee as staff
    overseen = placements.placements_of(user).exclude(learner__user=user)
    overseen = overseen.filter(starts_on__lte=today).select_related("offer__mentor")
    stats = {
        row["placement"]: row
        for row in DiaryEntry.objects.filter(placement__in=overseen)
        .values("placement")
        .annotate(entries=Count("pk"), hours=Sum("hours"), last=Max("written_on"))
    }
    written_weeks = {}
    for placement_id, week in (
        DiaryEntry.objects.filter(placement__in=overseen)
        .values_list("placement", "week_of")
        .distinct()
    ):
        written_weeks.setdefault(placement_id, set()).add(week)
    signed_weeks = {}
    for placement_id, week in WeekSignOff.objects.filter(placement__in=overseen).values_list(
        "placement", "week_of"
    ):
        signed_weeks.setdefault(placement_id, set()).add(week)
    standings = []
    this_week = monday_of(today)
    for placement in overseen.order_by("learner__user__full_name"):
        row = stats.get(placement.pk, {})
        awaiting = {
            w for w in written_weeks.get(placement.pk, set()) if w < this_week
        } - signed_weeks.get(placement.pk, set())
        last = row.get("last")
        active = placement.ends_on >= today - timedelta(days=7)
        quiet = active and (last or placement.starts_on) < today - timedelta(days=7)
        standings.append(
            DiaryStanding(
                placement=placement,
                entries=row.get("entries", 0),
                hours=row.get("hours") or Decimal(0),
                last_written=last,
                weeks_awaiting=len(awaiting),
                behind=quiet or len(awaiting) >= 2,
            )
        )
    return standings


def my_placements(user):
    """The learner's own placements, newest first, for the diary page."""
    return placements.placements_of(user).filter(learner__user=user).order_by("-starts_on")


def zones_for_diary(user, placement):
    """Zones of the placement's enterprise whose material may go into a diary."""
    return zones_of(user, placement.offer.enterprise).filter(
        confidentiality_level__lte=HIGHEST_LEVEL_IN_DIARIES
    )


def entry_for(user, entry_id):
    entry = visible(user, DiaryEntry).select_related("placement").filter(pk=entry_id).first()
    if entry is None:
        raise ServiceError("No such diary entry.", code="not_found")
    return entry


WEEK_TO_SIGN_OFF = notification_kind(
    "week_to_sign_off",
    gettext_lazy("Diary weeks to sign off"),
    gettext_lazy("Learners you mentor finished diary weeks that wait for your signature."),
)
# Weeks older than this are the teacher's to chase, not a weekly reminder's.
REMIND_WEEKS_BACK = 4


@reminder_source
def weeks_to_sign_off(today: date) -> list[Message]:
    """One reminder a week to each mentor with finished, unsigned diary weeks."""
    this_monday = monday_of(today)
    signed = WeekSignOff.objects.filter(
        placement_id=OuterRef("placement_id"), week_of=OuterRef("week_of")
    )
    waiting = (
        DiaryEntry.objects.filter(
            week_of__lt=this_monday,
            week_of__gte=this_monday - timedelta(weeks=REMIND_WEEKS_BACK),
            placement__offer__mentor__isnull=False,
        )
        .exclude(placement__status=placements.Placement.Status.CANCELLED)
        .exclude(Exists(signed))
        .values_list(
            "placement__offer__mentor_id",
            "placement_id",
            "placement__learner__user__full_name",
            "placement__learner__user__username",
        )
        .annotate(weeks=Count("week_of", distinct=True))
        .order_by("placement__offer__mentor_id", "placement_id")
    )
    by_mentor: dict[int, list[tuple[int, str, int]]] = {}
    for mentor, placement, full_name, username, weeks in waiting:
        by_mentor.setdefault(mentor, []).append((placement, full_name or username, weeks))
    return [
        Message(
            WEEK_TO_SIGN_OFF,
            [mentor],
            "records/mail/weeks_to_sign_off.txt",
            {
                "learners": [
                    {"name": name, "weeks": weeks, "url": _absolute(placement)}
                    for placement, name, weeks in rows
                ]
            },
            reverse("records:standings"),
            key=f"weeks:{this_monday.isoformat()}",
        )
        for mentor, rows in by_mentor.items()
    ]


def _absolute(placement_id: int) -> str:
    path = reverse("records:placement_diary", args=[placement_id])
    return settings.DOVETAIL_SITE_URL.rstrip("/") + path
