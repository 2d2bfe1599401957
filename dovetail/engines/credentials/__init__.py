"""Verifiable credentials: Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite.

A pure engine: JSON-LD documents (dicts) and Ed25519 keys in, signed documents and verification
results out. Canonicalization is RDF Dataset Canonicalization (pyld's URDNA2015, the same
algorithm as RDFC-1.0); every JSON-LD context is bundled, so nothing is ever fetched.

>>> from dovetail.engines.credentials import KeyPair, sign, verify
>>> key = KeyPair.from_seed(bytes(32))
>>> credential = {
...     "@context": ["https://www.w3.org/ns/credentials/v2"],
...     "type": ["VerifiableCredential"],
...     "issuer": key.did,
...     "credentialSubject": {"id": "did:example:learner"},
... }
>>> signed = sign(credential, key, created="2026-12-02T00:00:00Z")
>>> verify(signed).verified
True
"""

from dovetail.engines.credentials._keys import (
    KeyPair,
    did_key_document,
    public_key_from_multikey,
)
from dovetail.engines.credentials._loader import CONTEXTS, UnknownDocument, document_loader
from dovetail.engines.credentials._proof import (
    CRYPTOSUITE,
    ProofError,
    Verification,
    canonical_hash,
    sign,
    verify,
)
from dovetail.engines.credentials._status import (
    MIN_BITS,
    bit_is_set,
    decode_status_list,
    encode_status_list,
)

__all__ = [
    "CONTEXTS",
    "CRYPTOSUITE",
    "KeyPair",
    "MIN_BITS",
    "ProofError",
    "UnknownDocument",
    "bit_is_set",
    "decode_status_list",
    "encode_status_list",
    "Verification",
    "canonical_hash",
    "did_key_document",
    "document_loader",
    "public_key_from_multikey",
    "sign",
    "verify",
]
