"""Issuer keys: encrypted at rest, published as did:web, rotated without invalidating what
they signed; sample credentials verify."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from dovetail.core.models import Organisation
from dovetail.credentials import keys
from dovetail.credentials.models import IssuerKey
from dovetail.credentials.samples import open_badge, write_sample
from dovetail.engines.credentials import sign, verify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def signs_as_did_web(settings):
    settings.DOVETAIL_ISSUER_DID = "web"


@pytest.fixture
def college():
    return Organisation.objects.get(code="college-001")


def badge_from(college):
    key = keys.signing_key(college)
    return sign(open_badge(1, key.did), key, created="2026-12-02T08:00:00Z")


def test_the_private_key_is_stored_encrypted_and_signs_as_the_colleges_did_web(college):
    key = keys.signing_key(college)
    stored = IssuerKey.objects.get(organisation=college)
    seed = key.private_key.private_bytes_raw()
    assert seed not in bytes(stored.encrypted_private_key)
    assert key.did == "did:web:127.0.0.1%3A8000:orgs:college-001"
    assert keys.signing_key(college).public_multibase == key.public_multibase  # made once


def test_without_https_an_issuer_signs_as_its_did_key(settings, college):
    settings.DOVETAIL_ISSUER_DID = "key"
    key = keys.signing_key(college)
    assert key.did == f"did:key:{key.public_multibase}"


def test_rotation_keeps_earlier_credentials_verifying(persona, college):
    earlier = badge_from(college)
    keys.rotate_key(college, by=persona("coordinator"))
    later = badge_from(college)
    assert earlier["proof"]["verificationMethod"] != later["proof"]["verificationMethod"]
    document = keys.did_document(college)
    assert len(document["verificationMethod"]) == 2
    for credential in (earlier, later):
        assert verify(credential, did_documents={document["id"]: document}).verified
    assert IssuerKey.objects.filter(organisation=college, retired_at__isnull=True).count() == 1


def test_only_the_organisations_own_administrators_rotate_its_key(persona, college):
    keys.signing_key(college)
    for outsider in ("teacher", "hr", "learner"):
        with pytest.raises(PermissionDenied):
            keys.rotate_key(college, by=persona(outsider))


def test_the_did_document_is_public(client, college):
    keys.signing_key(college)
    response = client.get("/orgs/college-001/did.json")
    assert response["Content-Type"] == "application/did+ld+json"
    assert response.json()["id"] == keys.did_web(college)
    assert "encrypted" not in json.dumps(response.json())
    assert client.get("/orgs/no-such/did.json").status_code == 404


def test_a_sample_batch_verifies_and_its_tampered_copies_do_not(tmp_path):
    written = write_sample(tmp_path, count=4, tampered=2)
    document = json.loads((tmp_path / "did-sample-college.json").read_text())
    did_documents = {document["id"]: document}
    assert all(
        verify(json.loads(path.read_text()), did_documents=did_documents).verified
        for path in written
    )
    for path in (tmp_path / "tampered").iterdir():
        result = verify(json.loads(path.read_text()), did_documents=did_documents)
        assert not result.verified and "changed after signing" in result.reason
