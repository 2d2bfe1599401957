"""eddsa-rdfc-2022 proofs: the W3C test vectors reproduced byte for byte, and verification that
names what is wrong with a tampered, unsigned or foreign credential."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyld import jsonld

from dovetail.engines.credentials import (
    CONTEXTS,
    KeyPair,
    did_key_document,
    document_loader,
    sign,
    verify,
)

VECTORS = Path(__file__).resolve().parent / "vectors"
# The examples context the W3C vectors use; its whole content puts every term in one vocabulary.
EXAMPLES = {
    "https://www.w3.org/ns/credentials/examples/v2": {
        "@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}
    }
}


def vector(name):
    text = (VECTORS / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


@pytest.fixture
def vector_key():
    pair = vector("keyPair.json")
    return KeyPair.from_multibase(pair["privateKeyMultibase"])


def test_the_key_pair_reads_as_the_vectors_public_key(vector_key):
    assert vector_key.public_multibase == vector("keyPair.json")["publicKeyMultibase"]


def test_canonical_forms_match_the_w3c_vectors():
    signed = vector("signedDataInt.json")
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    config = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    config["@context"] = unsecured["@context"]
    options = {"algorithm": "URDNA2015", "format": "application/n-quads"}
    loader = document_loader(EXAMPLES)
    assert jsonld.normalize(unsecured, {**options, "documentLoader": loader}) == vector(
        "canonDocDataInt.txt"
    )
    assert jsonld.normalize(config, {**options, "documentLoader": loader}) == vector(
        "proofCanonDataInt.txt"
    )


def test_signing_reproduces_the_w3c_signature(vector_key):
    signed = vector("signedDataInt.json")
    ours = sign(signed, vector_key, created=signed["proof"]["created"], documents=EXAMPLES)
    assert ours["proof"]["proofValue"] == vector("sigBTC58DataInt.txt").strip()
    assert ours["proof"] == signed["proof"]


def test_a_key_must_belong_to_the_issuer():
    # the W3C example's issuer is an https URL that does not control the did:key that signed
    # it: the signature holds (see above) but, as in the Digital Bazaar verifier, the
    # credential is not the issuer's
    result = verify(vector("signedDataInt.json"), documents=EXAMPLES)
    assert not result.verified and "does not belong to the issuer" in result.reason


CREDENTIAL = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "Servo tuning",
    "validFrom": "2026-12-01T00:00:00Z",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://dovetail.example/achievements/1",
            "type": ["Achievement"],
            "name": "Servo tuning",
            "description": "Tunes a servo axis to the drawing's tolerance.",
            "criteria": {"narrative": "Passed the co-assessed practical."},
        },
    },
}


KEY = KeyPair.from_seed(bytes(range(32)))


@pytest.fixture
def key():
    return KEY


def issued(key, **changes):
    return sign({**CREDENTIAL, "issuer": key.did, **changes}, key, created="2026-12-02T08:00:00Z")


def test_an_open_badge_signed_by_a_did_key_verifies(key):
    assert verify(issued(key)).verified


def test_a_did_web_issuer_verifies_with_its_did_document(key):
    web = KeyPair(key.private_key, controller="did:web:college.example")
    document = did_key_document(KeyPair(key.private_key).did)
    method = {
        **document["verificationMethod"][0],
        "id": web.verification_method,
        "controller": web.did,
    }
    did_document = {
        **document,
        "id": web.did,
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
    }
    credential = issued(web)
    assert not verify(credential).verified
    assert "DID document" in verify(credential).reason
    assert verify(credential, did_documents={web.did: did_document}).verified


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda c: c.update(name="Forged"), "changed after signing"),
        (lambda c: c["proof"].update(cryptosuite="ecdsa-rdfc-2019"), "proof.type/cryptosuite"),
        (lambda c: c["proof"].update(proofPurpose="authentication"), "proof.proofPurpose"),
        (
            lambda c: c.update(issuer="did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"),
            "does not belong to the issuer",
        ),
        (lambda c: c["proof"].update(proofValue="zabc"), "proof.proofValue"),
        (lambda c: c.pop("proof"), "no proof"),
        (lambda c: c["@context"].append("https://evil.example/context"), "@context"),
    ],
)
def test_a_bad_credential_is_refused_with_the_reason(key, change, reason):
    credential = json.loads(json.dumps(issued(key)))
    change(credential)
    result = verify(credential)
    assert not result.verified and reason in result.reason


def test_only_bundled_contexts_are_known():
    assert set(CONTEXTS) >= {
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    }


@settings(max_examples=15, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_any_name_signs_and_any_change_to_it_breaks_the_proof(name, other):
    credential = issued(KEY, name=name)
    assert verify(credential).verified
    if other != name:
        assert not verify({**credential, "name": other}).verified
