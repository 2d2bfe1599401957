"""Issuing credentials, and suspending, reinstating and revoking them.

A batch is issued whole or not at all: every learner must be eligible (a passed co-assessment for
a module, the competency at the level asked for, a placement completed, the credit for a
certificate), or the batch stops naming the first who is not. Each credential is signed by the
issuing college's own key, carries the evidence behind it and takes a random free index in the
college's status lists, so the published lists do not reveal the order of issue.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile, Organisation
from dovetail.core.permissions import CHANGE, require
from dovetail.credentials import credit_bank, documents, keys
from dovetail.credentials.models import (
    Achievement,
    Credential,
    CredentialEvidence,
    CreditEntry,
)
from dovetail.credentials.policies import ISSUE, SHARE
from dovetail.curriculum import services as curriculum
from dovetail.engines.credentials import MIN_BITS, sign
from dovetail.placements import evidence as placement_evidence
from dovetail.records.services import evidence as record_evidence

# a list is left for the next once half its bits are taken, so a random free index is quick
LIST_FILL = MIN_BITS // 2


@dataclass
class Basis:
    """Why a learner may have the credential, as evidence a verifier can read."""

    evidence: list[tuple[str, documents.EvidenceItem, str]] = field(default_factory=list)
    earned_on: object = None
    enterprise_id: int | None = None


def item(kind, name, narrative, reference=""):
    genre = CredentialEvidence.Kind(kind).label
    return (
        kind,
        documents.EvidenceItem(name=name, narrative=narrative, genre=str(genre)),
        reference,
    )


def _week_items(weeks):
    return [
        item(
            CredentialEvidence.Kind.DIARY_WEEK,
            _("Diary, week of %(week)s") % {"week": week.week_of.isoformat()},
            _("Signed off by the enterprise mentor %(mentor)s.") % {"mentor": week.mentor},
            week.statement_id or "",
        )
        for week in weeks
    ]


def _module_bases(achievement, learners, as_of):
    results = record_evidence.module_results(
        achievement.module_id, [learner.user_id for learner in learners]
    )
    weeks = record_evidence.signed_weeks(
        {result.placement_id for result in results.values() if result.placement_id}
    )
    bases = {}
    for learner in learners:
        result = results.get(learner.user_id)
        if result is None:
            continue
        items = [
            item(
                CredentialEvidence.Kind.ASSESSMENT,
                _("Co-assessment: %(rubric)s") % {"rubric": result.rubric},
                _("Teacher and enterprise mentor agreed a grade of %(grade)s%%.")
                % {"grade": result.grade},
                str(result.assessment_id),
            )
        ]
        if result.statement_id:
            items.append(
                item(
                    CredentialEvidence.Kind.STATEMENT,
                    _("Learning record of the assessment"),
                    _("xAPI statement %(id)s in the college's learning record store.")
                    % {"id": result.statement_id},
                    result.statement_id,
                )
            )
        items += _week_items(weeks.get(result.placement_id, []))
        bases[learner.pk] = Basis(items, result.agreed_on, result.enterprise_id)
    return bases


def _competency_bases(achievement, learners, as_of):
    holders = record_evidence.competency_holders(
        achievement.skill_id, achievement.min_proficiency or 1, [x.user_id for x in learners]
    )
    bases = {}
    for learner in learners:
        competency = holders.get(learner.user_id)
        if competency is not None:
            narrative = _("Proficiency %(level)s of 5: %(evidence)s") % {
                "level": competency.proficiency,
                "evidence": competency.evidence or competency.get_source_display(),
            }
            bases[learner.pk] = Basis(
                [item(CredentialEvidence.Kind.ASSESSMENT, str(achievement), narrative)],
                competency.achieved_on,
            )
    return bases


def _placement_bases(achievement, learners, as_of):
    placements = placement_evidence.completed_placements([x.pk for x in learners], as_of=as_of)
    weeks = record_evidence.signed_weeks([placement.pk for placement in placements.values()])
    bases = {}
    for learner in learners:
        placement = placements.get(learner.pk)
        if placement is None:
            continue
        summary = item(
            CredentialEvidence.Kind.DIARY_WEEK,
            _("Placement: %(offer)s") % {"offer": placement.offer.title},
            _("At %(enterprise)s from %(start)s to %(end)s.")
            % {
                "enterprise": placement.offer.enterprise.name,
                "start": placement.starts_on.isoformat(),
                "end": placement.ends_on.isoformat(),
            },
        )
        bases[learner.pk] = Basis(
            [summary, *_week_items(weeks.get(placement.pk, []))],
            placement.ends_on,
            placement.offer.enterprise_id,
        )
    return bases


def _certificate_bases(achievement, learners, as_of):
    bases = {}
    for learner in learners:
        standing = credit_bank.progress(learner, achievement.qualification)
        if standing.complete:
            narrative = _("%(earned)s of %(required)s credits, from: %(titles)s") % {
                "earned": standing.earned,
                "required": standing.required,
                "titles": ", ".join(row.title for row in standing.counted),
            }
            bases[learner.pk] = Basis(
                [item(CredentialEvidence.Kind.ASSESSMENT, str(achievement), narrative)], as_of
            )
    return bases


BASES = {
    Achievement.Kind.MODULE: _module_bases,
    Achievement.Kind.COMPETENCY: _competency_bases,
    Achievement.Kind.PLACEMENT: _placement_bases,
    Achievement.Kind.CERTIFICATE: _certificate_bases,
}


def eligible(achievement: Achievement, learners, *, as_of=None) -> dict[int, Basis]:
    """{learner profile id: the basis} for those of ``learners`` who qualify."""
    learners = [learner for learner in learners if learner.college_id == achievement.issuer_id]
    return BASES[achievement.kind](achievement, learners, as_of or timezone.localdate())


def holders(achievement: Achievement) -> set[int]:
    """Learner profile ids holding a credential for the achievement that is not revoked."""
    return set(
        Credential.objects.filter(achievement=achievement)
        .exclude(status=Credential.Status.REVOKED)
        .values_list("learner_id", flat=True)
    )


def _free_indexes(issuer: Organisation, count: int) -> list[tuple[int, int]]:
    """``count`` random unused (list, index) pairs of the issuer's status lists."""
    taken: dict[int, set[int]] = {}
    for status_list, index in Credential.objects.filter(issuer=issuer).values_list(
        "status_list", "status_index"
    ):
        taken.setdefault(status_list, set()).add(index)
    current = max(taken, default=0)
    chosen = []
    random = secrets.SystemRandom()
    for _i in range(count):
        used = taken.setdefault(current, set())
        if len(used) >= LIST_FILL:
            current += 1
            used = taken.setdefault(current, set())
        index = random.randrange(MIN_BITS)
        while index in used:
            index = random.randrange(MIN_BITS)
        used.add(index)
        chosen.append((current, index))
    return chosen


def _draft(achievement, learner, basis, placement, issued_at, *, did, alignments):
    list_no, index = placement
    valid_until = (
        issued_at + timedelta(days=365 * achievement.valid_years)
        if achievement.valid_years
        else None
    )
    return documents.Draft(
        site=settings.DOVETAIL_SITE_URL,
        credential_id=str(uuid.uuid4()),
        issuer_did=did,
        issuer_name=achievement.issuer.name,
        issuer_code=achievement.issuer.code,
        achievement_id=achievement.pk,
        achievement_kind=achievement.kind,
        achievement_name=achievement.name,
        achievement_name_zh=achievement.name_zh,
        description=achievement.description,
        criteria=achievement.criteria,
        learner_name=str(learner.user),
        valid_from=issued_at,
        valid_until=valid_until,
        status_list=list_no,
        status_index=index,
        credits=str(achievement.credits) if achievement.credits is not None else None,
        level=achievement.level,
        alignments=alignments,
        evidence=[piece for _kind, piece, _ref in basis.evidence],
    )


def _alignments(achievement) -> list[documents.Alignment]:
    if achievement.kind == Achievement.Kind.MODULE:
        skills = curriculum.module_skills(achievement.module_id)
    elif achievement.skill_id:
        skills = [achievement.skill]
    else:
        skills = []
    return [documents.Alignment(skill.label, skill.uri, skill.taxonomy.name) for skill in skills]


def issue(
    achievement: Achievement, learner_ids, *, by, bases: dict[int, Basis] | None = None
) -> list[Credential]:
    """Issue the achievement to every listed learner, or to none: the first learner who is not
    eligible, or already holds it, stops the batch with their name."""
    require(by, ISSUE, achievement)
    learners = list(
        LearnerProfile.objects.filter(pk__in=learner_ids).select_related("user").order_by("pk")
    )
    found = {learner.pk for learner in learners}
    missing = [str(pk) for pk in learner_ids if int(pk) not in found]
    if missing:
        raise ServiceError(_("No learner %(ids)s.") % {"ids": ", ".join(missing)}, field="learners")
    if not learners:
        raise ServiceError(_("Choose at least one learner."), field="learners")
    if bases is None:
        bases = eligible(achievement, learners)
    already = holders(achievement)
    for learner in learners:
        if learner.college_id != achievement.issuer_id:
            raise ServiceError(
                _("%(learner)s is not a learner of %(issuer)s.")
                % {"learner": learner, "issuer": achievement.issuer},
                field="learners",
            )
        if learner.pk in already:
            raise ServiceError(
                _("%(learner)s already holds “%(achievement)s”.")
                % {"learner": learner, "achievement": achievement},
                field="learners",
            )
        if learner.pk not in bases:
            raise ServiceError(
                _("%(learner)s has not met the criteria of “%(achievement)s”.")
                % {"learner": learner, "achievement": achievement},
                field="learners",
            )
    key = keys.signing_key(achievement.issuer)
    alignments = _alignments(achievement)
    issued_at = timezone.now().replace(microsecond=0)
    created = documents.timestamp(issued_at)
    # one transaction: a batch with one bad record writes nothing, and two batches at once must
    # not take the same status index
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=achievement.issuer_id).first()
        indexes = _free_indexes(achievement.issuer, len(learners))
        credentials, evidence, credit = [], [], []
        for learner, placement in zip(learners, indexes, strict=True):
            basis = bases[learner.pk]
            draft = _draft(
                achievement,
                learner,
                basis,
                placement,
                issued_at,
                did=key.did,
                alignments=alignments,
            )
            credential = Credential(
                id=uuid.UUID(draft.credential_id),
                achievement=achievement,
                learner=learner,
                issuer=achievement.issuer,
                earned_at_id=basis.enterprise_id,
                document=sign(documents.open_badge(draft), key, created=created),
                issued_at=issued_at,
                valid_until=draft.valid_until,
                status_list=placement[0],
                status_index=placement[1],
                issued_by=by,
            )
            credentials.append(credential)
            evidence += [
                CredentialEvidence(
                    credential=credential,
                    position=position,
                    kind=kind,
                    name=piece.name,
                    narrative=piece.narrative,
                    reference=reference,
                )
                for position, (kind, piece, reference) in enumerate(basis.evidence, start=1)
            ]
            if achievement.kind == Achievement.Kind.MODULE and achievement.credits:
                credit.append(
                    credit_bank.module_credit(
                        learner,
                        achievement.module,
                        source=CreditEntry.Source.MODULE,
                        earned_on=basis.earned_on or timezone.localdate(),
                        credits=achievement.credits,
                        credential=credential,
                        recorded_by=by,
                    )
                )
        Credential.objects.bulk_create(credentials)
        CredentialEvidence.objects.bulk_create(evidence)
        CreditEntry.objects.bulk_create(credit, ignore_conflicts=True)
        for credential in credentials:
            audit.record(by, "credential.issue", credential, {"achievement": achievement.pk})
    return credentials


def module_achievement(module) -> Achievement:
    """The achievement a module awards, made the first time it is needed."""
    module = curriculum.module_by_id(module.pk)
    achievement, _created = Achievement.objects.get_or_create(
        issuer=module.programme.college,
        kind=Achievement.Kind.MODULE,
        module=module,
        defaults={
            "name": module.name,
            "name_zh": module.name_zh,
            "description": _("Module of %(programme)s, %(hours)s hours.")
            % {"programme": module.programme.name, "hours": module.hours},
            "criteria": _(
                "Passed the module's co-assessment, agreed by a teacher and an enterprise mentor."
            ),
            "credits": module.credits,
            "level": module.programme.qualification_level,
        },
    )
    return achievement


def set_status(credential: Credential, status: str, *, by, reason: str) -> Credential:
    """Suspend, reinstate or revoke; a revoked credential stays revoked."""
    require(by, CHANGE, credential)
    if status not in Credential.Status.values:
        raise ServiceError(_("Unknown status."), field="status")
    if credential.status == Credential.Status.REVOKED:
        raise ServiceError(_("A revoked credential cannot be changed."), field="status")
    if status != Credential.Status.ACTIVE and not reason.strip():
        raise ServiceError(_("Say why, for the learner and for verifiers."), field="reason")
    with transaction.atomic():
        changes = audit.apply_changes(
            credential,
            {
                "status": status,
                "status_reason": reason.strip(),
                "status_changed_at": timezone.now(),
            },
        )
        credential.save(update_fields=["status", "status_reason", "status_changed_at"])
        audit.record(by, f"credential.{status}", credential, changes)
    return credential


def candidates(achievement: Achievement) -> list[LearnerProfile]:
    """The issuer's learners who qualify for the achievement and do not hold it yet."""
    learners = LearnerProfile.objects.filter(college_id=achievement.issuer_id).select_related(
        "user"
    )
    qualified = eligible(achievement, learners)
    held = holders(achievement)
    return [learner for learner in learners if learner.pk in qualified and learner.pk not in held]


def set_sharing(credential: Credential, *, by, shared: bool, evidence_shared: bool) -> Credential:
    """The holder opens or closes the verification page and the evidence behind it."""
    require(by, SHARE, credential)
    changes = audit.apply_changes(
        credential, {"shared": shared, "evidence_shared": evidence_shared and shared}
    )
    if changes:
        credential.save(update_fields=["shared", "evidence_shared"])
        audit.record(by, "credential.share", credential, changes)
    return credential


def define_achievement(college, *, by, **fields) -> Achievement:
    """A competency, placement or certificate the college awards (modules define their own)."""
    achievement = Achievement(issuer=college, **fields)
    require(by, ISSUE, achievement)
    kind = achievement.kind
    if kind == Achievement.Kind.MODULE:
        raise ServiceError(_("A module awards its own credential when it is passed."), field="kind")
    if kind == Achievement.Kind.COMPETENCY and achievement.skill_id is None:
        raise ServiceError(_("Name the skill the competency is in."), field="skill")
    if kind == Achievement.Kind.CERTIFICATE and (
        achievement.qualification is None or achievement.qualification.college_id != college.pk
    ):
        raise ServiceError(
            _("A certificate is for one of the college's qualifications."), field="qualification"
        )
    if not achievement.name.strip():
        raise ServiceError(_("Give the achievement a name."), field="name")
    with transaction.atomic():
        achievement.save()
        audit.record(by, "achievement.define", achievement)
    return achievement
