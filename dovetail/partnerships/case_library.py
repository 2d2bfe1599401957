"""The case library: an enterprise case becomes a teaching case through redaction and the
enterprise's sign-off.

The redaction engine proposes spans from the agreement's confidential terms, the partners'
names and the people who work with the partnership; a reviewer at the enterprise redacts or
keeps each one and may mark more; nothing is published while a span is unreviewed.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import Membership, Role
from dovetail.core.permissions import may, require, visible
from dovetail.engines.redaction import (
    KINDS,
    RedactionPolicy,
    Span,
    detect,
    redact,
    replacement_labels,
)
from dovetail.partnerships.models import (
    Clearance,
    ConfidentialityLevel,
    ConfidentialTerm,
    Partnership,
    RedactionSpan,
    TeachingCase,
)
from dovetail.partnerships.policies import AUTHOR, REVIEW, SEE_ORIGINAL
from dovetail.partnerships.services import agreement_in_force

MAX_CASE_CHARACTERS = 50_000
# Learners are named in cases they appear in; a college's whole roll is not read for each case.
STAFF_ROLES = [role for role in Role if role not in (Role.LEARNER, Role.OFFICER)]


def policy_for(partnership: Partnership) -> RedactionPolicy:
    """What the agreement in force names, the partners' names and the names of the people who
    work in the partnership: staff of both sides and learners cleared with the enterprise."""
    agreement = agreement_in_force(partnership, timezone.localdate())
    terms = (
        tuple(ConfidentialTerm.objects.filter(agreement=agreement).values_list("term", flat=True))
        if agreement
        else ()
    )
    organisations = tuple(
        name
        for organisation in (partnership.college, partnership.enterprise)
        for name in (organisation.name, organisation.name_zh)
        if name
    )
    staff = Membership.objects.filter(
        organisation__in=[partnership.college_id, partnership.enterprise_id], role__in=STAFF_ROLES
    ).values_list("user__full_name", flat=True)
    cleared = Clearance.objects.filter(partnership=partnership).values_list(
        "holder__full_name", flat=True
    )
    people = tuple(sorted({form for name in [*staff, *cleared] for form in _name_forms(name)}))
    return RedactionPolicy(parameters=terms, organisations=organisations, people=people)


def default_policy() -> RedactionPolicy:
    """What is always redacted, with no agreement to add to it."""
    return RedactionPolicy()


def redacted(text: str, policy: RedactionPolicy) -> dict:
    """One text redacted: {"text": the redacted text, "spans": what was found where}."""
    spans = detect(text, policy)
    return {
        "text": redact(text, spans),
        "spans": [
            {"start": s.start, "end": s.end, "kind": s.kind, "original": s.original} for s in spans
        ],
    }


def _name_forms(full_name: str) -> list[str]:
    """A name as it is written in each script: "Chen Jing 陈静" is "Chen Jing" and "陈静"."""
    words = (full_name or "").split()
    latin = " ".join(word for word in words if word.isascii())
    han = "".join(word for word in words if not word.isascii())
    return [form for form in (latin, han) if len(form) > 1]


def submit_case(
    partnership: Partnership, *, by, title: str, original: str, confidentiality_level: int
) -> TeachingCase:
    """A new case in review, with the spans the engine found waiting for the enterprise."""
    case = TeachingCase(
        partnership=partnership,
        title=title.strip(),
        original=original.replace("\r\n", "\n").strip(),
        confidentiality_level=confidentiality_level,
        author=by,
    )
    require(by, AUTHOR, case)
    if not case.title:
        raise ServiceError(_("A case needs a title."), field="title")
    if not case.original:
        raise ServiceError(_("Paste the case text."), field="original")
    if len(case.original) > MAX_CASE_CHARACTERS:
        raise ServiceError(
            _("A case may be at most %(limit)s characters long.")
            % {"limit": f"{MAX_CASE_CHARACTERS:,}"},
            field="original",
        )
    if confidentiality_level not in ConfidentialityLevel.values:
        raise ServiceError(_("Unknown confidentiality level."), field="confidentiality_level")
    spans = detect(case.original, policy_for(partnership))
    # One transaction: a case never exists without the spans it must be reviewed for.
    with transaction.atomic():
        case.save()
        RedactionSpan.objects.bulk_create(
            RedactionSpan(
                case=case, start=s.start, end=s.end, kind=s.kind, original=s.original[:500]
            )
            for s in spans
        )
        audit.record(by, "case.submit", case, {"spans": [None, len(spans)]})
    return case


def _refuse_unless_in_review(case: TeachingCase):
    if case.status != TeachingCase.Status.IN_REVIEW:
        raise ServiceError(_("This case is no longer in review."), code="published")


def decide(case: TeachingCase, *, by, decisions: dict[int, str]) -> int:
    """Redact or keep spans {span id: decision}; returns how many changed."""
    require(by, REVIEW, case)
    _refuse_unless_in_review(case)
    allowed = {RedactionSpan.Decision.REDACT, RedactionSpan.Decision.KEEP}
    if any(decision not in allowed for decision in decisions.values()):
        raise ServiceError(_("Each span is either redacted or kept."), field="decisions")
    changed = 0
    with transaction.atomic():
        for decision in allowed:
            ids = [pk for pk, chosen in decisions.items() if chosen == decision]
            changed += (
                case.spans.filter(pk__in=ids).exclude(decision=decision).update(decision=decision)
            )
        if changed:
            audit.record(by, "case.review", case, {"decided": [None, changed]})
    return changed


def mark(case: TeachingCase, *, by, text: str, kind: str) -> int:
    """The reviewer marks text the engine missed: every occurrence not already covered is
    added, redacted. Returns how many were added."""
    require(by, REVIEW, case)
    _refuse_unless_in_review(case)
    text = text.strip()
    if not text:
        raise ServiceError(_("Give the text to redact."), field="text")
    if kind not in KINDS:
        raise ServiceError(_("Unknown kind of span."), field="kind")
    taken = list(case.spans.values_list("start", "end"))
    added = []
    position = case.original.find(text)
    while position >= 0:
        end = position + len(text)
        if not any(position < t_end and t_start < end for t_start, t_end in taken):
            added.append(
                RedactionSpan(
                    case=case,
                    start=position,
                    end=end,
                    kind=kind,
                    original=text[:500],
                    decision=RedactionSpan.Decision.REDACT,
                    added_by_reviewer=True,
                )
            )
            taken.append((position, end))
        position = case.original.find(text, end)
    if not added:
        raise ServiceError(
            _("“%(text)s” is not in the case, or is already marked.") % {"text": text},
            field="text",
        )
    RedactionSpan.objects.bulk_create(added)
    audit.record(by, "case.mark", case, {"added": [None, len(added)]})
    return len(added)


def sign_off(case: TeachingCase, *, by) -> TeachingCase:
    """The enterprise approves the redacted text; learners may then read it."""
    require(by, REVIEW, case)
    _refuse_unless_in_review(case)
    pending = case.spans.filter(decision=RedactionSpan.Decision.PENDING).count()
    if pending:
        raise ServiceError(
            _("%(count)s detected spans are not reviewed yet; redact or keep each one first.")
            % {"count": pending},
            field="decisions",
            code="state",
        )
    redacted = redact(case.original, _spans(case.spans.filter(decision="redact").order_by("start")))
    changed = audit.apply_changes(
        case,
        {
            "status": TeachingCase.Status.PUBLISHED,
            "redacted": redacted,
            "signed_off_by": by,
            "signed_off_at": timezone.now(),
        },
    )
    case.save()
    audit.record(by, "case.sign_off", case, {"status": changed["status"]})
    return case


def _spans(rows) -> list[Span]:
    return [Span(row.start, row.end, row.kind, row.original) for row in rows]


@dataclass(frozen=True)
class Segment:
    """A piece of the side-by-side view: plain text, or a span with its replacement label."""

    text: str
    span: RedactionSpan | None = None
    label: str = ""


def side_by_side(case: TeachingCase) -> list[Segment]:
    """The original cut into plain text and spans; each span shows its replacement label when
    redacted, so the reviewer sees both versions line up."""
    rows = list(case.spans.order_by("start"))
    redacted = [row for row in rows if row.decision != RedactionSpan.Decision.KEEP]
    labels = replacement_labels(_spans(redacted))
    names = dict(zip((row.pk for row in redacted), labels, strict=True))
    segments, position = [], 0
    for row in rows:
        segments.append(Segment(case.original[position : row.start]))
        segments.append(Segment(case.original[row.start : row.end], row, names.get(row.pk, "")))
        position = row.end
    segments.append(Segment(case.original[position:]))
    return [segment for segment in segments if segment.text]


def case_rows(user, *, partnership: Partnership | None = None, search: str = ""):
    cases = visible(user, TeachingCase).select_related("partnership__enterprise")
    if partnership is not None:
        cases = cases.filter(partnership=partnership)
    if search:
        cases = cases.filter(Q(title__icontains=search) | Q(redacted__icontains=search))
    return cases.defer("original")


def case_view(user, case: TeachingCase) -> dict:
    """What the case page shows: the teaching text to everyone who may see the case; the
    original and the review only to the enterprise and the author."""
    may_see_original = may(user, SEE_ORIGINAL, case)
    return {
        "case": case,
        "may_see_original": may_see_original,
        "may_review": may(user, REVIEW, case) and case.status == TeachingCase.Status.IN_REVIEW,
        "segments": side_by_side(case) if may_see_original else [],
        "pending": case.spans.filter(decision=RedactionSpan.Decision.PENDING).count()
        if may_see_original
        else 0,
        "kinds": KINDS,
    }
