"""Checking a credential: its shape, its proof, its dates and its status, with the reason.

The verdict's order is the order of what matters most: a credential changed after signing is
tampered whatever its status; a revoked one is revoked, never valid, even when it has also
expired.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile
from dovetail.credentials import keys, status
from dovetail.credentials.models import BroughtCredential, Credential
from dovetail.engines.credentials import verify

VC_CONTEXTS = {"https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1"}
MAX_BYTES = 1024 * 1024

VALID = "valid"
REVOKED = "revoked"
SUSPENDED = "suspended"
EXPIRED = "expired"
NOT_YET_VALID = "not_yet_valid"
TAMPERED = "tampered"
UNVERIFIABLE = "unverifiable"
MALFORMED = "malformed"
STATE_LABELS = {
    VALID: gettext_lazy("Valid"),
    REVOKED: gettext_lazy("Revoked"),
    SUSPENDED: gettext_lazy("Suspended"),
    EXPIRED: gettext_lazy("Expired"),
    NOT_YET_VALID: gettext_lazy("Not yet valid"),
    TAMPERED: gettext_lazy("Tampered"),
    UNVERIFIABLE: gettext_lazy("Cannot be verified"),
    MALFORMED: gettext_lazy("Not a credential"),
}
# states in which a credential brought in is kept (it is genuine, whatever its standing)
GENUINE = {VALID, REVOKED, SUSPENDED, EXPIRED, NOT_YET_VALID}


@dataclass
class Verdict:
    state: str
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self):
        return STATE_LABELS[self.state]

    @property
    def valid(self) -> bool:
        return self.state == VALID


def _shape_problem(document) -> str:
    if not isinstance(document, dict):
        return _("the file is not a JSON object")
    context = document.get("@context")
    if not isinstance(context, list) or not context or context[0] not in VC_CONTEXTS:
        return _("@context: the first context must be the W3C Verifiable Credentials context")
    types = document.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        return _("type: must include VerifiableCredential")
    issuer = document.get("issuer")
    if not (isinstance(issuer, str) and issuer) and not (
        isinstance(issuer, dict) and issuer.get("id")
    ):
        return _("issuer: missing, or without an id")
    if not isinstance(document.get("credentialSubject"), dict | list):
        return _("credentialSubject: missing")
    for name in ("validFrom", "validUntil"):
        if name in document and _moment(document[name]) is None:
            return _("%(field)s: not a date and time") % {"field": name}
    return ""


def _moment(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    moment = parse_datetime(value)
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.UTC)
    return moment


def issuer_id(document: dict) -> str:
    issuer = document.get("issuer")
    return issuer.get("id", "") if isinstance(issuer, dict) else str(issuer or "")


def own_did_documents(document: dict) -> dict:
    """The DID document of an issuer on this installation, for its ``did:web``."""
    organisation = keys.organisation_of(issuer_id(document))
    return {issuer_id(document): keys.did_document(organisation)} if organisation else {}


def check(document, *, did_documents=None, stored: Credential | None = None, now=None) -> Verdict:
    """The verdict on ``document``; ``stored`` gives the status of a credential Dovetail issued
    without reading its list."""
    now = now or timezone.now()
    problem = _shape_problem(document)
    if problem:
        return Verdict(MALFORMED, [problem])
    did_documents = {**own_did_documents(document), **(did_documents or {})}
    proof = verify(document, did_documents=did_documents)
    if not proof.verified:
        state = TAMPERED if "changed after signing" in proof.reason else UNVERIFIABLE
        return Verdict(state, [proof.reason])
    verdict = Verdict(VALID)
    if stored is not None:
        if stored.status != Credential.Status.ACTIVE:
            verdict.state = REVOKED if stored.status == Credential.Status.REVOKED else SUSPENDED
            verdict.reasons.append(stored.status_reason)
    else:
        for entry in status.check_status(document, did_documents=did_documents):
            if entry.set is None:
                verdict.notes.append(
                    _("The %(purpose)s status could not be read: %(reason)s")
                    % {"purpose": entry.purpose, "reason": entry.reason}
                )
            elif entry.set and entry.purpose == "revocation":
                verdict.state = REVOKED
                verdict.reasons.append(_("The issuer's revocation list marks it revoked."))
            elif entry.set and entry.purpose == "suspension" and verdict.state != REVOKED:
                verdict.state = SUSPENDED
                verdict.reasons.append(_("The issuer's suspension list marks it suspended."))
    if verdict.state == VALID:
        valid_until = _moment(document.get("validUntil"))
        valid_from = _moment(document.get("validFrom"))
        if valid_until is not None and valid_until < now:
            verdict.state = EXPIRED
            verdict.reasons.append(
                _("It expired on %(date)s.") % {"date": valid_until.date().isoformat()}
            )
        elif valid_from is not None and valid_from > now:
            verdict.state = NOT_YET_VALID
            verdict.reasons.append(
                _("It is valid from %(date)s.") % {"date": valid_from.date().isoformat()}
            )
    return verdict


def check_issued(credential: Credential) -> Verdict:
    return check(credential.document, stored=credential)


def standing(credential: Credential, *, now=None) -> Verdict:
    """A credential Dovetail issued, as its row stands (status and dates), without checking the
    proof again: for lists, where the page of each credential does the full check."""
    now = now or timezone.now()
    if credential.status != Credential.Status.ACTIVE:
        state = REVOKED if credential.status == Credential.Status.REVOKED else SUSPENDED
        return Verdict(state, [credential.status_reason])
    if credential.valid_until is not None and credential.valid_until < now:
        return Verdict(
            EXPIRED,
            [_("It expired on %(date)s.") % {"date": credential.valid_until.date().isoformat()}],
        )
    return Verdict(VALID)


def parse_json(name: str, content: bytes, *, field: str) -> dict:
    if len(content) > MAX_BYTES:
        raise ServiceError(_("%(name)s: over 1 MB.") % {"name": name}, field=field)
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ServiceError(
            _("%(name)s: not JSON (%(error)s).") % {"name": name, "error": error}, field=field
        ) from None


def check_upload(
    name: str, content: bytes, *, did_name="", did_content=b""
) -> tuple[dict, Verdict]:
    """Read and check an uploaded credential (and the issuer's DID document, if given)."""
    document = parse_json(name, content, field="credential")
    did_documents = {}
    if did_content:
        did_document = parse_json(did_name, did_content, field="did_document")
        if not isinstance(did_document, dict) or not isinstance(did_document.get("id"), str):
            raise ServiceError(
                _("%(name)s: a DID document needs an id.") % {"name": did_name},
                field="did_document",
            )
        did_documents[did_document["id"]] = did_document
    return document, check(document, did_documents=did_documents)


def _subject_name(document: dict) -> str:
    subject = document.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
    return str(document.get("name") or achievement.get("name") or _("Credential"))[:300]


def bring_in(
    learner: LearnerProfile, name: str, content: bytes, *, by, did_name="", did_content=b""
):
    """Keep a credential from another issuer on the learner's record, once it checks out: a
    malformed, tampered or unverifiable one is refused with the reason."""
    if learner.user_id != by.pk:
        raise ServiceError(_("Only the learner brings in their own credentials."), code="forbidden")
    document, verdict = check_upload(name, content, did_name=did_name, did_content=did_content)
    if verdict.state not in GENUINE:
        raise ServiceError(
            _("%(name)s is refused: %(state)s — %(reason)s")
            % {"name": name, "state": verdict.label, "reason": "; ".join(verdict.reasons)},
            field="credential",
        )
    issuer = document.get("issuer")
    with transaction.atomic():
        kept = BroughtCredential.objects.create(
            learner=learner,
            document=document,
            did_document=json.loads(did_content) if did_content else None,
            name=_subject_name(document),
            issuer_name=str(issuer.get("name", "") if isinstance(issuer, dict) else "")[:300]
            or issuer_id(document)[:300],
            issuer_id=issuer_id(document)[:500],
            state=verdict.state,
            reason="; ".join(verdict.reasons + verdict.notes)[:500],
            checked_at=timezone.now(),
        )
        audit.record(by, "credential.bring_in", kept, {"state": verdict.state})
    return kept


def recheck(kept: BroughtCredential) -> Verdict:
    """Check a brought-in credential again (its status may have changed since)."""
    did_documents = {kept.did_document["id"]: kept.did_document} if kept.did_document else {}
    return check(kept.document, did_documents=did_documents)
