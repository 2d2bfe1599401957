"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC DI EdDSA 1.0, §3.2).

The proof signs the SHA-256 of the canonical proof options followed by the SHA-256 of the
canonical document, both canonicalized with RDFC-1.0 (URDNA2015).
"""

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

import base58
from cryptography.exceptions import InvalidSignature
from pyld import jsonld

from dovetail.engines.credentials._keys import (
    KeyPair,
    did_key_document,
    public_key_from_multikey,
)
from dovetail.engines.credentials._loader import UnknownDocument, document_loader

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"


class ProofError(ValueError):
    """Why a proof does not hold, in words a person can act on."""


@dataclass(frozen=True)
class Verification:
    verified: bool
    reason: str = ""


def canonical_hash(document: dict, loader) -> bytes:
    """SHA-256 of the document's RDFC-1.0 canonical N-Quads."""
    canonical = jsonld.normalize(
        document,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader},
    )
    return hashlib.sha256(canonical.encode("utf-8")).digest()


def _hash_data(unsecured: dict, proof_options: dict, loader, documents=None) -> bytes:
    config = {**proof_options, "@context": unsecured["@context"]}
    return _config_hash(json.dumps(config, sort_keys=True), _frozen(documents)) + canonical_hash(
        unsecured, loader
    )


def _frozen(documents: dict | None) -> str:
    return json.dumps(documents, sort_keys=True) if documents else ""


@lru_cache(maxsize=1024)
def _config_hash(config: str, documents: str) -> bytes:
    """The proof options' hash: a batch signed by one key at one time shares it, so it is
    canonicalized once."""
    loader = document_loader(json.loads(documents) if documents else None)
    return canonical_hash(json.loads(config), loader)


def sign(
    document: dict,
    key: KeyPair,
    *,
    created: str,
    purpose: str = "assertionMethod",
    documents: dict[str, dict] | None = None,
) -> dict:
    """``document`` with an ``eddsa-rdfc-2022`` proof by ``key``; ``created`` is an XML
    Schema dateTime; ``documents`` adds JSON-LD documents beyond the bundled contexts."""
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": key.verification_method,
        "proofPurpose": purpose,
    }
    signature = key.sign(_hash_data(unsecured, options, document_loader(documents), documents))
    proof_value = "z" + base58.b58encode(signature).decode("ascii")
    return {**unsecured, "proof": {**options, "proofValue": proof_value}}


def _method(method_id: str, did_documents: dict[str, dict]) -> dict:
    did = method_id.split("#", 1)[0]
    if did.startswith("did:key:"):
        document = did_key_document(did)
    elif did in did_documents:
        document = did_documents[did]
    else:
        raise ProofError(f"the issuer's DID document ({did}) is not available")
    for method in document.get("verificationMethod", []):
        if method.get("id") == method_id:
            assertion = document.get("assertionMethod", [])
            listed = {entry if isinstance(entry, str) else entry.get("id") for entry in assertion}
            if method_id not in listed:
                raise ProofError(f"{method_id} is not an assertion method of {did}")
            return method
    raise ProofError(f"{did} has no verification method {method_id}")


def _issuer(document: dict) -> str:
    issuer = document.get("issuer")
    return issuer.get("id", "") if isinstance(issuer, dict) else issuer or ""


def verify(
    document: dict,
    *,
    did_documents: dict[str, dict] | None = None,
    documents: dict[str, dict] | None = None,
) -> Verification:
    """Whether ``document``'s proof holds, and if not, why (naming the field at fault).

    ``did_documents`` maps a DID (a ``did:web``) to its document; ``did:key`` needs none.
    """
    try:
        _check(document, did_documents or {}, documents)
    except ProofError as error:
        return Verification(False, str(error))
    return Verification(True)


def _check(document: dict, did_documents, documents):
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("the document has no proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"proof.type/cryptosuite: only {PROOF_TYPE} with {CRYPTOSUITE} is read")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("proof.proofPurpose: a credential's proof must be an assertionMethod")
    method_id = proof.get("verificationMethod", "")
    if not isinstance(method_id, str) or "#" not in method_id:
        raise ProofError("proof.verificationMethod: not a DID URL")
    if _issuer(document) and method_id.split("#", 1)[0] != _issuer(document):
        raise ProofError("proof.verificationMethod: the key does not belong to the issuer")
    try:
        method = _method(method_id, did_documents)
    except (AttributeError, TypeError):
        raise ProofError("the issuer's DID document is malformed") from None
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        raise ProofError("proof.proofValue: not a base58btc Ed25519 signature")
    try:
        public_key = public_key_from_multikey(method.get("publicKeyMultibase", ""))
        signature = base58.b58decode(proof_value[1:])
    except (ValueError, TypeError) as error:
        raise ProofError(f"proof: {error}") from None
    if len(signature) != 64:
        raise ProofError("proof.proofValue: not a base58btc Ed25519 signature")
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    try:
        data = _hash_data(unsecured, options, document_loader(documents), documents)
    except (
        jsonld.JsonLdError,
        UnknownDocument,
        TypeError,
        ValueError,
        KeyError,
        AttributeError,
    ) as error:
        # any failure to canonicalize untrusted input means the proof cannot be checked
        raise ProofError(f"@context: the document cannot be read as JSON-LD ({error})") from None
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        raise ProofError(
            "proof.proofValue: the signature does not match the document (changed after signing)"
        ) from None
