"""JSON API for credentials, prior-learning claims and the credit bank."""

from typing import Annotated, Any
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from dovetail.core.api_types import Id
from dovetail.core.errors import ServiceError
from dovetail.core.permissions import access, require, visible
from dovetail.core.throttling import HeavyWorkThrottle
from dovetail.credentials import credit_bank, issuing, prior_learning, verification
from dovetail.credentials.models import Achievement, Credential, PriorLearningClaim
from dovetail.credentials.policies import ASSESS, ISSUE
from dovetail.curriculum.models import Module

router = Router(tags=["credentials"])


class CredentialOut(Schema):
    id: UUID
    achievement: str
    kind: str
    learner: str
    issued_at: str
    status: str
    state: str
    reasons: list[str]
    document: dict[str, Any]


def _out(credential: Credential, *, full_check: bool = True) -> dict:
    verdict = (
        verification.check_issued(credential) if full_check else verification.standing(credential)
    )
    return {
        "id": credential.pk,
        "achievement": credential.achievement.name,
        "kind": credential.achievement.kind,
        "learner": str(credential.learner.user),
        "issued_at": credential.issued_at.isoformat(),
        "status": credential.status,
        "state": verdict.state,
        "reasons": [str(reason) for reason in verdict.reasons],
        "document": credential.document,
    }


@router.get("/credentials", response=list[CredentialOut])
def list_credentials(request, limit: Annotated[int, Field(ge=1, le=500)] = 50):
    """Your own credentials, or those your college issued, newest first, each with its standing
    (status and dates); ``GET /credentials/{id}`` also checks the proof."""
    rows = visible(request.user, Credential).select_related("achievement", "learner__user")
    return [_out(credential, full_check=False) for credential in rows[:limit]]


@router.get("/credentials/{uuid:credential_id}", response=CredentialOut)
def get_credential(request, credential_id: UUID):
    return _out(access(request.user, Credential, credential_id))


class VerifyIn(Schema):
    credential: dict[str, Any]
    did_documents: list[dict[str, Any]] = []


class VerdictOut(Schema):
    state: str
    label: str
    reasons: list[str]
    notes: list[str]


@router.post("/credentials/verify", response=VerdictOut, auth=None, throttle=[HeavyWorkThrottle()])
def verify_credential(request, payload: VerifyIn):
    """Check any verifiable credential: shape, eddsa-rdfc-2022 proof, dates and status lists.
    ``did_documents`` supplies the DID documents of ``did:web`` issuers."""
    did_documents = {
        document["id"]: document
        for document in payload.did_documents
        if isinstance(document.get("id"), str)
    }
    verdict = verification.check(payload.credential, did_documents=did_documents)
    return {
        "state": verdict.state,
        "label": str(verdict.label),
        "reasons": [str(reason) for reason in verdict.reasons],
        "notes": [str(note) for note in verdict.notes],
    }


class IssueIn(Schema):
    module_id: Id | None = None
    achievement_id: Id | None = None
    learner_ids: list[Id] = Field(..., min_length=1, max_length=1000)


@router.post(
    "/credentials/issue", response={201: list[CredentialOut]}, throttle=[HeavyWorkThrottle()]
)
def issue_credentials(request, payload: IssueIn):
    """Issue to every listed learner or to none: one who does not qualify stops the batch."""
    if payload.module_id:
        module = get_object_or_404(Module.objects.select_related("programme"), pk=payload.module_id)
        # checked before the module's achievement is made, so no one makes another college's
        require(request.user, ISSUE, Achievement(issuer_id=module.programme.college_id))
        achievement = issuing.module_achievement(module)
    elif payload.achievement_id:
        achievement = access(request.user, Achievement, payload.achievement_id)
    else:
        raise ServiceError("Give module_id or achievement_id.", field="module_id")
    issued = issuing.issue(achievement, payload.learner_ids, by=request.user)
    return 201, [_out(credential) for credential in issued]


class StatusIn(Schema):
    status: str
    reason: str = ""


@router.post("/credentials/{uuid:credential_id}/status", response=CredentialOut)
def change_status(request, credential_id: UUID, payload: StatusIn):
    credential = access(request.user, Credential, credential_id)
    return _out(
        issuing.set_status(credential, payload.status, by=request.user, reason=payload.reason)
    )


class ClaimIn(Schema):
    module_id: Id
    statement: str = Field(..., max_length=5000)


class ClaimOut(Schema):
    id: int
    module: str
    learner: str
    status: str
    note: str
    outcomes_met: list[int]
    credential_id: UUID | None


def _claim_out(claim):
    return {
        "id": claim.pk,
        "module": claim.module.name,
        "learner": str(claim.learner.user),
        "status": claim.status,
        "note": claim.note,
        "outcomes_met": claim.outcomes_met,
        "credential_id": claim.credential_id,
    }


@router.get("/credentials/claims", response=list[ClaimOut])
def list_claims(request):
    return [_claim_out(claim) for claim in prior_learning.claims_for(request.user)[:500]]


@router.post("/credentials/claims", response={201: ClaimOut})
def submit_claim(request, payload: ClaimIn):
    module = Module.objects.filter(pk=payload.module_id).first()
    if module is None:
        raise ServiceError(f"No module {payload.module_id}.", field="module_id")
    claim = prior_learning.submit_claim(by=request.user, module=module, statement=payload.statement)
    return 201, _claim_out(claim)


class DecisionIn(Schema):
    decision: str
    note: str = Field(..., max_length=5000)
    outcomes_met: list[Id] = []


@router.post("/credentials/claims/{claim_id}/decision", response=ClaimOut)
def decide_claim(request, claim_id: Id, payload: DecisionIn):
    claim = access(request.user, PriorLearningClaim, claim_id, ASSESS)
    return _claim_out(prior_learning.decide(claim, by=request.user, **payload.model_dump()))


class StandingOut(Schema):
    qualification: str
    kind: str
    level: int
    earned: float
    required: float
    complete: bool
    missing: list[str]


class BankOut(Schema):
    total: float
    entries: list[dict[str, Any]]
    standings: list[StandingOut]


@router.get("/credit-bank", response=BankOut)
def my_credit_bank(request):
    """Your credit and your progress toward each qualification of your college."""
    profile = getattr(request.user, "learner_profile", None)
    if profile is None:
        raise ServiceError("Only a learner has a credit bank.", code="not_found")
    bank = credit_bank.bank_of(profile)
    return {
        "total": float(bank["total"]),
        "entries": [
            {
                "title": entry.title,
                "code": entry.code,
                "institution": entry.institution,
                "source": entry.source,
                "credits": float(entry.credits),
                "level": entry.level,
                "earned_on": entry.earned_on.isoformat(),
            }
            for entry in bank["entries"]
        ],
        "standings": [
            {
                "qualification": standing.qualification.name,
                "kind": standing.qualification.kind,
                "level": standing.qualification.level,
                "earned": float(standing.earned),
                "required": float(standing.required),
                "complete": standing.complete,
                "missing": [str(module) for module in standing.missing],
            }
            for standing in bank["academic"] + bank["vocational"]
        ],
    }
