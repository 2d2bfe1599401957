"""Loose-leaf materials: a module's teaching material as ordered sections, each revised on its
own with author, reason and date. The college's teachers publish at once; a partner enterprise's
staff contribute work-manual sections and revisions that wait for a teacher's review. A reader
sees the current edition and what changed since the edition they last read."""

import difflib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.permissions import CHANGE, ENTERPRISE_STAFF, actor_for, may, require
from dovetail.curriculum.models import EditionSeen, MaterialSection, Module, SectionRevision
from dovetail.curriculum.policies import CONTRIBUTE
from dovetail.partnerships.services import partner_enterprises

Status = SectionRevision.Status


def _writer_role(section: MaterialSection, by) -> str:
    """ "teacher" publishes; "partner" (work manual only) waits for review; else refused."""
    if may(by, CHANGE, section):
        return "teacher"
    if section.kind == MaterialSection.Kind.WORK_MANUAL and may(by, CONTRIBUTE, section):
        return "partner"
    raise ServiceError(
        _("Only the college's teachers, or a partner enterprise for a work manual, write this."),
        code="forbidden",
    )


def _check_text(body: str, reason: str):
    if not body.strip():
        raise ServiceError(_("Write the section's text."), field="body")
    if not reason.strip():
        raise ServiceError(_("Say why it changes."), field="reason")


def _revision(section, by, body, reason, role) -> SectionRevision:
    number = (section.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    published = role == "teacher"
    return SectionRevision.objects.create(
        section=section,
        number=number,
        body=body.strip(),
        reason=reason.strip(),
        author=by,
        status=Status.PUBLISHED if published else Status.PENDING,
        published_at=timezone.now() if published else None,
        reviewed_by=by if published else None,
    )


def add_section(module: Module, *, by, title: str, kind: str, body: str, reason: str):
    section = MaterialSection(module=module, title=title.strip(), kind=kind)
    role = _writer_role(section, by)
    if not section.title:
        raise ServiceError(_("Give the section a title."), field="title")
    _check_text(body, reason)
    with transaction.atomic():
        section.position = (module.sections.aggregate(last=Max("position"))["last"] or 0) + 1
        if role == "partner":
            partners = _enterprises_of(by) & partner_enterprises(module.programme.college_id)
            section.contributed_by_id = min(partners)
        section.save()
        revision = _revision(section, by, body, reason, role)
        audit.record(by, "material.add", section, {"status": revision.status})
    return section


def _enterprises_of(user):
    return actor_for(user).organisations_with(ENTERPRISE_STAFF)


def revise_section(section: MaterialSection, *, by, body: str, reason: str) -> SectionRevision:
    role = _writer_role(section, by)
    _check_text(body, reason)
    with transaction.atomic():
        MaterialSection.objects.select_for_update().get(pk=section.pk)
        revision = _revision(section, by, body, reason, role)
        audit.record(by, "material.revise", section, {"revision": revision.number})
    return revision


def review(revision: SectionRevision, *, by, accept: bool) -> SectionRevision:
    """A teacher publishes or declines a partner's contribution."""
    require(by, CHANGE, revision.section)
    if revision.status != Status.PENDING:
        raise ServiceError(_("This revision is not waiting for review."), field="status")
    revision.status = Status.PUBLISHED if accept else Status.REJECTED
    revision.reviewed_by = by
    revision.published_at = timezone.now() if accept else None
    revision.save(update_fields=["status", "reviewed_by", "published_at"])
    audit.record(by, f"material.review.{revision.status}", revision.section)
    return revision


@dataclass
class SectionView:
    section: MaterialSection
    current: SectionRevision | None
    changed: bool
    diff: list[str]
    pending: list[SectionRevision]


def edition(module: Module, reader, *, mark_seen: bool = True) -> dict:
    """The current edition for ``reader``, each section flagged and diffed if it changed since
    the edition they last read; reading it records that they have now seen it."""
    seen = EditionSeen.objects.filter(reader=reader, module=module).first()
    since = seen.seen_at if seen else None
    staff = may(reader, CHANGE, MaterialSection(module=module))
    sections = []
    revisions = SectionRevision.objects.filter(section__module=module).select_related("author")
    by_section: dict[int, list[SectionRevision]] = {}
    for revision in revisions.order_by("number"):
        by_section.setdefault(revision.section_id, []).append(revision)
    for section in module.sections.select_related("contributed_by"):
        history = by_section.get(section.pk, [])
        published = [r for r in history if r.status == Status.PUBLISHED]
        current = published[-1] if published else None
        before = [r for r in published if since and r.published_at <= since]
        changed = bool(current and since and current.published_at > since)
        diff = []
        if changed:
            old = before[-1].body if before else ""
            diff = list(
                difflib.unified_diff(old.splitlines(), current.body.splitlines(), lineterm="", n=1)
            )[2:]
        pending = [r for r in history if r.status == Status.PENDING] if staff else []
        if current or pending:
            sections.append(SectionView(section, current, changed, diff, pending))
    if mark_seen and reader.is_authenticated:
        EditionSeen.objects.update_or_create(
            reader=reader, module=module, defaults={"seen_at": timezone.now()}
        )
    return {"sections": sections, "last_read": since, "staff": staff}


def history(section: MaterialSection) -> list[SectionRevision]:
    return list(section.revisions.filter(status=Status.PUBLISHED).select_related("author"))
