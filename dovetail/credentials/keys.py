"""Issuer keys and DID documents: each organisation signs as ``did:web`` (its DID document is
served by Dovetail at ``/orgs/<code>/did.json``); ``did:key`` needs no set-up at all.

Private keys are encrypted with a key derived from the installation's secret key, so a copy of
the database alone signs nothing.
"""

import base64
from urllib.parse import quote, urlsplit

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dovetail.core import audit
from dovetail.core.models import Organisation
from dovetail.core.permissions import CHANGE, require
from dovetail.credentials.models import IssuerKey
from dovetail.engines.credentials import KeyPair, did_key_document


def _fernet() -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"dovetail issuer keys"
    ).derive(settings.SECRET_KEY.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def did_web(organisation: Organisation) -> str:
    """``did:web:<host>:orgs:<code>``, for the host Dovetail is served on."""
    host = quote(urlsplit(settings.DOVETAIL_SITE_URL).netloc, safe="")
    return f"did:web:{host}:orgs:{organisation.code}"


def _create(organisation: Organisation) -> IssuerKey:
    pair = KeyPair.generate()
    seed = pair.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return IssuerKey.objects.create(
        organisation=organisation,
        public_multibase=pair.public_multibase,
        encrypted_private_key=_fernet().encrypt(seed),
    )


def signing_key(organisation: Organisation) -> KeyPair:
    """The organisation's active key, made on first use: as its ``did:web``, or as a plain
    ``did:key`` where the installation is set to sign that way."""
    # one transaction: two first uses at once must not leave two active keys
    with transaction.atomic():
        stored = (
            IssuerKey.objects.select_for_update()
            .filter(organisation=organisation, retired_at__isnull=True)
            .first()
        ) or _create(organisation)
    seed = _fernet().decrypt(bytes(stored.encrypted_private_key))
    signs_as_web = settings.DOVETAIL_ISSUER_DID == "web"
    return KeyPair.from_seed(seed, controller=did_web(organisation) if signs_as_web else "")


def rotate_key(organisation: Organisation, *, by) -> IssuerKey:
    """Retire the active key and make a new one; what the old key signed still verifies."""
    with transaction.atomic():
        current = (
            IssuerKey.objects.select_for_update()
            .filter(organisation=organisation, retired_at__isnull=True)
            .first()
        )
        if current is not None:
            require(by, CHANGE, current)
            current.retired_at, current.retired_by = timezone.now(), by
            current.save(update_fields=["retired_at", "retired_by"])
        else:
            require(by, CHANGE, IssuerKey(organisation=organisation))
        new = _create(organisation)
        audit.record(by, "issuer_key.rotate", new)
    return new


def did_document(organisation: Organisation) -> dict:
    """The organisation's DID document: every key it ever signed with, active or retired."""
    did = did_web(organisation)
    methods = []
    for key in IssuerKey.objects.filter(organisation=organisation):
        template = did_key_document(f"did:key:{key.public_multibase}")["verificationMethod"][0]
        methods.append({**template, "id": f"{did}#{key.public_multibase}", "controller": did})
    ids = [method["id"] for method in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def organisation_of(did: str) -> Organisation | None:
    """The organisation on this installation whose ``did:web`` is ``did``, if any."""
    prefix = did_web(Organisation(code="")).removesuffix(":")
    code = did.removeprefix(prefix + ":") if did.startswith(prefix + ":") else ""
    return Organisation.objects.filter(code=code).first() if code else None
