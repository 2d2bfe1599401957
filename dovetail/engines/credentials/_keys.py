"""Ed25519 keys as Multikey values and ``did:key`` identifiers."""

from dataclasses import dataclass

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519_PUBLIC = b"\xed\x01"  # multicodec ed25519-pub, as a varint
ED25519_PRIVATE = b"\x80\x26"  # multicodec ed25519-priv


def _multibase(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode("ascii")


def _from_multibase(value: str, prefix: bytes) -> bytes:
    if not value.startswith("z"):
        raise ValueError("expected a base58btc multibase value (starting with z)")
    data = base58.b58decode(value[1:])
    if not data.startswith(prefix) or len(data) != len(prefix) + 32:
        raise ValueError("not an Ed25519 Multikey value")
    return data[len(prefix) :]


def public_key_from_multikey(value: str) -> Ed25519PublicKey:
    """The public key of a ``publicKeyMultibase`` value (``z6Mk…``)."""
    return Ed25519PublicKey.from_public_bytes(_from_multibase(value, ED25519_PUBLIC))


@dataclass(frozen=True)
class KeyPair:
    """An Ed25519 key pair; ``controller`` is the DID that owns it (its ``did:key`` unless
    given, e.g. a ``did:web``)."""

    private_key: Ed25519PrivateKey
    controller: str = ""

    @classmethod
    def generate(cls, controller: str = "") -> "KeyPair":
        return cls(Ed25519PrivateKey.generate(), controller)

    @classmethod
    def from_seed(cls, seed: bytes, controller: str = "") -> "KeyPair":
        return cls(Ed25519PrivateKey.from_private_bytes(seed), controller)

    @classmethod
    def from_multibase(cls, private_multibase: str, controller: str = "") -> "KeyPair":
        return cls.from_seed(_from_multibase(private_multibase, ED25519_PRIVATE), controller)

    @property
    def public_bytes(self) -> bytes:
        return self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def public_multibase(self) -> str:
        return _multibase(ED25519_PUBLIC + self.public_bytes)

    @property
    def did(self) -> str:
        return self.controller or f"did:key:{self.public_multibase}"

    @property
    def verification_method(self) -> str:
        """The key's id: ``did:key:z6Mk…#z6Mk…``, or ``did:web:…#z6Mk…``."""
        return f"{self.did}#{self.public_multibase}"

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def did_key_document(did: str) -> dict:
    """The DID document a ``did:key`` stands for: one Multikey verification method."""
    multikey = did.removeprefix("did:key:")
    public_key_from_multikey(multikey)  # refuse anything that is not an Ed25519 key
    method = {
        "id": f"{did}#{multikey}",
        "type": "Multikey",
        "controller": did,
        "publicKeyMultibase": multikey,
    }
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
        "authentication": [method["id"]],
    }
