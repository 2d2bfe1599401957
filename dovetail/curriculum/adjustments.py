"""Gap-driven micro-adjustments: a teacher drafts a proposal from a skills gap with the demand
evidence behind it (the outcome statement drafted by discourse reconstruction, editable), the
teaching committee comments and approves or rejects, and an approved proposal makes the new
module version and its changelog entry. The year's approved proposals are the programme's annual
micro-adjustment report."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.permissions import CHANGE, require, visible
from dovetail.curriculum import versions
from dovetail.curriculum.models import (
    AdjustmentProposal,
    Module,
    ModuleVersion,
    Programme,
    ProposalComment,
)
from dovetail.curriculum.policies import DECIDE
from dovetail.engines.discourse import DemandEvidence, draft_outcome
from dovetail.skills import evidence as skill_evidence
from dovetail.skills import gaps as skill_gaps

Kind = AdjustmentProposal.Kind
Status = AdjustmentProposal.Status
EVIDENCE_WINDOW = timedelta(days=365)


def latest_gap_report(user, programme: Programme):
    """The programme's latest gap report the user may read, or None."""
    return skill_gaps.latest_report(user, "programme", programme.pk)


def gap_rows(report, limit: int = 30) -> list[dict]:
    """The report's skills a proposal could answer: none of the programme's modules teaches
    them, or they are taught below the proficiency or qualification level asked; most asked
    first."""
    rows = [
        row
        for row in report.result.get("skills", [])
        if not row["covered"]
        or (row.get("quality_gap") or 0) > 0
        or (row.get("level_gap") or 0) > 0
    ]
    rows.sort(key=lambda row: (-row["demands"], row["skill"]))
    labels = skill_gaps.skill_labels([row["skill"] for row in rows[:limit]])
    return [{**row, "label": labels.get(row["skill"], "")} for row in rows[:limit]]


def draft_from_gap(programme: Programme, skill, *, today: date | None = None) -> dict:
    """Initial proposal fields for a demanded skill: the evidence and the drafted outcome."""
    today = today or timezone.localdate()
    start = today - EVIDENCE_WINDOW
    found = skill_evidence.demand_evidence(
        skill.pk, region_id=programme.college.region_id, start=start, end=today
    )
    evidence = None
    if found["demands"]:
        evidence = DemandEvidence(
            demands=found["demands"],
            enterprises=tuple(found["enterprises"]),
            enterprises_zh=tuple(found["enterprises_zh"]),
            first=date.fromisoformat(found["first"]),
            last=date.fromisoformat(found["last"]),
            headcount=found["headcount"],
        )
    proficiency = 3
    drafted = draft_outcome(
        skill.label,
        skill.label_zh,
        proficiency=proficiency,
        context=f"the workplaces of {programme.name}",
        context_zh=f"{programme.name_zh or programme.name}相关岗位",
        evidence=evidence,
    )
    return {
        "kind": Kind.NEW_OUTCOME,
        "title": _("Teach %(skill)s") % {"skill": skill.label},
        "skill": skill,
        "proficiency": proficiency,
        "outcome_text": drafted.text,
        "outcome_text_zh": drafted.text_zh,
        "rationale": drafted.rationale or _("No demand for it was posted in the last year."),
        "rationale_zh": drafted.rationale_zh,
        "evidence": found,
        "effective_from": date(today.year + (today.month >= 9), 9, 1),
    }


def _check(proposal: AdjustmentProposal):
    if not proposal.title.strip():
        raise ServiceError(_("Give the proposal a title."), field="title")
    if not proposal.rationale.strip():
        raise ServiceError(_("Give the industry rationale."), field="rationale")
    if proposal.module and proposal.module.programme_id != proposal.programme_id:
        raise ServiceError(_("The module is another programme's."), field="module")
    if proposal.kind == Kind.NEW_OUTCOME:
        if proposal.module is None:
            raise ServiceError(_("Choose the module the outcome goes into."), field="module")
        if not proposal.outcome_text.strip():
            raise ServiceError(_("Write the learning outcome."), field="outcome_text")
    if proposal.kind == Kind.CHANGE_HOURS:
        if proposal.module is None:
            raise ServiceError(_("Choose the module whose hours change."), field="module")
        if not proposal.hours:
            raise ServiceError(_("Give the new hours."), field="hours")
    if proposal.kind == Kind.NEW_MODULE:
        for name in ("module_code", "module_name", "hours", "credits"):
            if not getattr(proposal, name):
                raise ServiceError(
                    _("A new module needs its %(field)s.") % {"field": name}, field=name
                )
    if not 1 <= proposal.proficiency <= 5:
        raise ServiceError(_("Proficiency goes from 1 to 5."), field="proficiency")


def create_proposal(programme: Programme, *, by, **fields) -> AdjustmentProposal:
    proposal = AdjustmentProposal(programme=programme, created_by=by, **fields)
    require(by, CHANGE, proposal)
    _check(proposal)
    with transaction.atomic():
        proposal.save()
        audit.record(by, "proposal.create", proposal)
    return proposal


def submit(proposal: AdjustmentProposal, *, by) -> AdjustmentProposal:
    require(by, CHANGE, proposal)
    if proposal.status != Status.DRAFT:
        raise ServiceError(_("Only a draft is submitted."), field="status", code="conflict")
    proposal.status = Status.SUBMITTED
    proposal.save(update_fields=["status", "updated_at"])
    audit.record(by, "proposal.submit", proposal)
    return proposal


def comment(proposal: AdjustmentProposal, *, by, text: str) -> ProposalComment:
    require(by, CHANGE, proposal)
    if not text.strip():
        raise ServiceError(_("Write the comment."), field="text")
    return ProposalComment.objects.create(proposal=proposal, author=by, text=text.strip())


def _outcome(proposal: AdjustmentProposal) -> list[dict]:
    if not proposal.outcome_text.strip():
        return []
    return [
        {
            "text": proposal.outcome_text,
            "proficiency": proposal.proficiency,
            "skill": proposal.skill,
        }
    ]


def _apply(proposal: AdjustmentProposal, by) -> ModuleVersion:
    changelog = f"{proposal.title}: {proposal.rationale}"
    if proposal.kind == Kind.NEW_MODULE:
        try:
            with transaction.atomic():
                module = Module.objects.create(
                    programme=proposal.programme,
                    code=proposal.module_code,
                    name=proposal.module_name,
                    name_zh=proposal.module_name_zh,
                    credits=proposal.credits or Decimal(0),
                    hours=proposal.hours,
                    semester=1,
                )
        except IntegrityError:
            raise ServiceError(
                _("The programme has a module %(code)s already.") % {"code": proposal.module_code},
                field="module_code",
            ) from None
        proposal.module = module
        versions.add_outcomes(module, _outcome(proposal), since=proposal.effective_from, by=by)
        return ModuleVersion.objects.create(
            module=module,
            number=1,
            effective_from=proposal.effective_from,
            snapshot=versions.snapshot(module),
            changelog=changelog,
            proposal=proposal,
            created_by=by,
        )
    if proposal.kind == Kind.CHANGE_HOURS:
        return versions.revise(
            proposal.module,
            by=by,
            changelog=changelog,
            effective_from=proposal.effective_from,
            changes={"hours": proposal.hours},
            proposal=proposal,
        )
    return versions.revise(
        proposal.module,
        by=by,
        changelog=changelog,
        effective_from=proposal.effective_from,
        new_outcomes=_outcome(proposal),
        proposal=proposal,
    )


def decide(
    proposal: AdjustmentProposal, *, by, approve: bool, note: str = ""
) -> AdjustmentProposal:
    """The committee's decision; approving makes the new module version, all or nothing."""
    require(by, DECIDE, proposal)
    if proposal.status != Status.SUBMITTED:
        raise ServiceError(
            _("Only a submitted proposal is decided."), field="status", code="conflict"
        )
    if not approve and not note.strip():
        raise ServiceError(_("Say why it is rejected."), field="note")
    with transaction.atomic():
        version = _apply(proposal, by) if approve else None
        proposal.status = Status.APPROVED if approve else Status.REJECTED
        proposal.decision_note = note.strip()
        proposal.decided_by, proposal.decided_at = by, timezone.now()
        proposal.save()
        audit.record(
            by,
            f"proposal.{proposal.status}",
            proposal,
            {"version": version.number if version else None},
        )
    return proposal


def proposals_of(user, programme: Programme):
    return (
        visible(user, AdjustmentProposal)
        .filter(programme=programme)
        .select_related("module", "skill", "created_by", "requested_by")
    )


def annual_report(user, programme: Programme, year: int) -> list[dict]:
    """The year's micro-adjustments: approved proposals with the version each made."""
    approved = proposals_of(user, programme).filter(status=Status.APPROVED, decided_at__year=year)
    made = {
        version.proposal_id: version
        for version in ModuleVersion.objects.filter(proposal__in=approved).select_related("module")
    }
    return [{"proposal": p, "version": made.get(p.pk)} for p in approved.order_by("decided_at")]
