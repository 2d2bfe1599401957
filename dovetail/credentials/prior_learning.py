"""Recognition of prior learning: a learner claims a module with evidence, an assessor of their
college judges it against the module's outcomes, may ask for more, and decides. An accepted claim
banks the module's credit and issues the module's credential, its evidence the claim's."""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.permissions import CHANGE, require, visible
from dovetail.core.uploads import EVIDENCE, check_upload
from dovetail.credentials import credit_bank, issuing
from dovetail.credentials.models import (
    BroughtCredential,
    ClaimEvent,
    ClaimEvidence,
    Credential,
    CredentialEvidence,
    CreditEntry,
    PriorLearningClaim,
)
from dovetail.credentials.policies import ASSESS
from dovetail.curriculum import services as curriculum
from dovetail.records.services import xapi

Status = PriorLearningClaim.Status


def _learner_of(user):
    profile = getattr(user, "learner_profile", None)
    if profile is None:
        raise ServiceError(_("Only a learner claims prior learning."), code="forbidden")
    return profile


def claimable_modules(user):
    """Modules of the learner's college they hold no credit for and have no open claim on."""
    profile = _learner_of(user)
    banked = CreditEntry.objects.filter(learner=profile, module__isnull=False).values("module_id")
    claimed = PriorLearningClaim.objects.filter(
        learner=profile, status__in=[Status.SUBMITTED, Status.MORE_EVIDENCE, Status.ACCEPTED]
    ).values("module_id")
    return (
        curriculum.modules_of(user, profile.college)
        .exclude(pk__in=banked)
        .exclude(pk__in=claimed)
        .order_by("programme__name", "semester", "name")
    )


def submit_claim(*, by, module, statement: str) -> PriorLearningClaim:
    profile = _learner_of(by)
    if not claimable_modules(by).filter(pk=module.pk).exists():
        raise ServiceError(
            _(
                "%(module)s is not open to a claim: it is another college's, already credited, or "
                "already claimed."
            )
            % {"module": module},
            field="module",
        )
    if not statement.strip():
        raise ServiceError(_("Say what you learned, where and when."), field="statement")
    with transaction.atomic():
        claim = PriorLearningClaim.objects.create(
            learner=profile, module=module, statement=statement.strip()
        )
        ClaimEvent.objects.create(claim=claim, actor=by, status=claim.status)
        audit.record(by, "claim.submit", claim)
    return claim


def add_evidence(
    claim: PriorLearningClaim,
    *,
    by,
    kind: str,
    text="",
    upload=None,
    brought_credential=None,
    credential=None,
    statement_id=None,
) -> ClaimEvidence:
    """Evidence the learner adds to their open claim; each kind needs its own part."""
    require(by, CHANGE, claim)
    evidence = ClaimEvidence(claim=claim, kind=kind, text=text.strip(), added_by=by)
    if kind == ClaimEvidence.Kind.DOCUMENT:
        if upload is None:
            raise ServiceError(_("Choose the document."), field="file")
        evidence.file_format = check_upload(upload, EVIDENCE)
        evidence.file_name = upload.name[:200]
    elif kind == ClaimEvidence.Kind.EMPLOYER:
        if not evidence.text:
            raise ServiceError(_("Give the employer's statement, with who made it."), field="text")
    elif kind == ClaimEvidence.Kind.CREDENTIAL:
        if brought_credential is not None:
            if brought_credential.learner_id != claim.learner_id:
                raise ServiceError(_("That credential is not yours."), field="credential")
            evidence.brought_credential = brought_credential
        elif credential is not None:
            if credential.learner_id != claim.learner_id:
                raise ServiceError(_("That credential is not yours."), field="credential")
            evidence.credential = credential
        else:
            raise ServiceError(_("Choose one of your credentials."), field="credential")
    elif kind == ClaimEvidence.Kind.STATEMENT:
        try:
            evidence.statement_id = uuid.UUID(str(statement_id))
        except ValueError:
            raise ServiceError(_("A statement id is a UUID."), field="statement_id") from None
        if xapi.statement_about(claim.learner.college, evidence.statement_id, by) is None:
            raise ServiceError(
                _("The college's learning record store holds no statement %(id)s about you.")
                % {"id": evidence.statement_id},
                field="statement_id",
            )
    else:
        raise ServiceError(_("Unknown kind of evidence."), field="kind")
    with transaction.atomic():
        if upload is not None and kind == ClaimEvidence.Kind.DOCUMENT:
            evidence.file.save(
                f"claim-{claim.pk}-{uuid.uuid4().hex}.{evidence.file_format}", upload, save=False
            )
        evidence.save()
        audit.record(by, "claim.evidence", claim, {"kind": kind})
    return evidence


def resubmit(claim: PriorLearningClaim, *, by, note: str = "") -> PriorLearningClaim:
    """The learner answers a request for more evidence."""
    require(by, CHANGE, claim)
    if claim.status != Status.MORE_EVIDENCE:
        raise ServiceError(_("The claim is not waiting for more evidence."), field="status")
    with transaction.atomic():
        claim.status = Status.SUBMITTED
        claim.save(update_fields=["status", "updated_at"])
        ClaimEvent.objects.create(claim=claim, actor=by, status=claim.status, note=note.strip())
    return claim


def decide(claim: PriorLearningClaim, *, by, decision: str, note: str, outcomes_met=()):
    """The assessor's decision: ``more_evidence``, ``accepted`` or ``rejected``. Accepting
    needs every outcome of the module judged met."""
    require(by, ASSESS, claim)
    if not claim.open:
        raise ServiceError(_("The claim is decided already."), field="decision")
    if decision not in {Status.MORE_EVIDENCE, Status.ACCEPTED, Status.REJECTED}:
        raise ServiceError(_("Choose a decision."), field="decision")
    if not note.strip():
        raise ServiceError(_("Say why, for the learner."), field="note")
    outcomes = {outcome.pk: outcome for outcome in curriculum.module_outcomes(claim.module_id)}
    met = sorted({int(pk) for pk in outcomes_met} & set(outcomes))
    if decision == Status.ACCEPTED:
        unmet = [outcomes[pk].text for pk in outcomes if pk not in met]
        if unmet:
            raise ServiceError(
                _("Accepting needs every outcome met; not yet: %(outcomes)s")
                % {"outcomes": "; ".join(unmet)},
                field="outcomes_met",
            )
        if not claim.evidence.exists():
            raise ServiceError(_("There is no evidence to accept on."), field="decision")
    # one transaction: the decision, the credit and the credential stand or fall together
    with transaction.atomic():
        claim.status, claim.note, claim.outcomes_met = decision, note.strip(), met
        claim.assessor = by
        if decision != Status.MORE_EVIDENCE:
            claim.decided_at = timezone.now()
        if decision == Status.ACCEPTED:
            claim.credential = _grant(claim, by=by)
        claim.save()
        ClaimEvent.objects.create(claim=claim, actor=by, status=decision, note=claim.note)
        audit.record(by, f"claim.{decision}", claim)
    return claim


def _grant(claim, *, by) -> Credential:
    module = curriculum.module_by_id(claim.module_id)
    entry = credit_bank.bank(
        credit_bank.module_credit(
            claim.learner,
            module,
            source=CreditEntry.Source.PRIOR_LEARNING,
            earned_on=timezone.localdate(),
        )
    )
    achievement = issuing.module_achievement(module)
    narrative = _("Assessed by %(assessor)s against the module's outcomes: %(note)s") % {
        "assessor": by,
        "note": claim.note,
    }
    items = [
        issuing.item(
            CredentialEvidence.Kind.CLAIM, _("Recognised prior learning"), narrative, str(claim.pk)
        )
    ]
    items += [
        issuing.item(
            CredentialEvidence.Kind.CLAIM,
            piece.get_kind_display(),
            piece.text or piece.file_name or str(piece.statement_id or ""),
            str(piece.pk),
        )
        for piece in claim.evidence.all()
    ]
    basis = issuing.Basis(items, timezone.localdate())
    [credential] = issuing.issue(
        achievement, [claim.learner_id], by=by, bases={claim.learner_id: basis}
    )
    entry.credential = credential
    entry.save(update_fields=["credential"])
    return credential


def claims_for(user, *, status=""):
    claims = visible(user, PriorLearningClaim).select_related(
        "learner__user", "module__programme", "assessor"
    )
    return claims.filter(status=status) if status else claims


def brought_credentials_of(user):
    return BroughtCredential.objects.filter(learner__user=user)
