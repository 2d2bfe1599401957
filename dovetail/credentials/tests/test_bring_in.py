"""Credentials a learner brings in: genuine ones are kept with their standing, forged or broken
ones are refused with the reason."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dovetail.core.errors import ServiceError
from dovetail.credentials import issuing, verification
from dovetail.credentials.models import BroughtCredential
from dovetail.credentials.samples import SAMPLE_DID_WEB, write_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(tmp_path):
    write_sample(tmp_path, count=2, tampered=1)
    return tmp_path


def read(path):
    return path.read_bytes()


def test_a_did_key_credential_from_elsewhere_is_kept_as_valid(persona, sample):
    learner = persona("learner")
    kept = verification.bring_in(
        learner.learner_profile, "credential-1.json", read(sample / "credential-1.json"), by=learner
    )
    assert kept.state == verification.VALID and kept.issuer_name == "Haibin Vocational College"


def test_a_did_web_credential_needs_its_did_document(persona, sample):
    learner = persona("learner")
    content = read(sample / "credential-0.json")
    with pytest.raises(ServiceError, match=f"DID document \\({SAMPLE_DID_WEB}\\) is not available"):
        verification.bring_in(learner.learner_profile, "credential-0.json", content, by=learner)
    kept = verification.bring_in(
        learner.learner_profile,
        "credential-0.json",
        content,
        by=learner,
        did_name="did.json",
        did_content=read(sample / "did-sample-college.json"),
    )
    assert kept.state == verification.VALID


def test_a_tampered_credential_is_refused_naming_the_proof(persona, sample):
    learner = persona("learner")
    with pytest.raises(ServiceError) as refused:
        verification.bring_in(
            learner.learner_profile,
            "forged.json",
            read(sample / "tampered" / "credential-0.json"),
            by=learner,
            did_name="did.json",
            did_content=read(sample / "did-sample-college.json"),
        )
    assert "forged.json is refused: Tampered" in refused.value.message
    assert "proof.proofValue" in refused.value.message
    assert not BroughtCredential.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not JSON"),
        (json.dumps({"@context": ["https://example.org"]}).encode(), "@context"),
        (
            json.dumps(
                {
                    "@context": ["https://www.w3.org/ns/credentials/v2"],
                    "type": ["VerifiableCredential"],
                }
            ).encode(),
            "issuer",
        ),
    ],
)
def test_malformed_files_are_refused_by_field(persona, content, reason):
    learner = persona("learner")
    with pytest.raises(ServiceError, match=reason):
        verification.bring_in(learner.learner_profile, "bad.json", content, by=learner)


def test_a_revoked_credential_brought_in_shows_revoked_never_valid(module_credential, persona):
    credential = module_credential
    issuing.set_status(credential, "revoked", by=persona("coordinator"), reason="Withdrawn")
    learner = persona("learner")
    kept = verification.bring_in(
        learner.learner_profile, "mine.json", json.dumps(credential.document).encode(), by=learner
    )
    assert kept.state == verification.REVOKED


def test_nobody_brings_in_for_someone_else(persona, sample):
    with pytest.raises(ServiceError, match="Only the learner"):
        verification.bring_in(
            persona("learner").learner_profile,
            "c.json",
            read(sample / "credential-1.json"),
            by=persona("teacher"),
        )


def test_the_public_verify_page_reads_any_credential(client, sample):
    upload = SimpleUploadedFile("c.json", read(sample / "tampered" / "credential-0.json"))
    did = SimpleUploadedFile("did.json", read(sample / "did-sample-college.json"))
    page = client.post("/credentials/verify/", {"credential": upload, "did_document": did})
    assert b'data-state="tampered"' in page.content
    assert not BroughtCredential.objects.exists()


def test_the_verify_api_answers_with_the_state(client, sample):
    document = json.loads(read(sample / "credential-1.json"))
    response = client.post(
        "/api/credentials/verify", {"credential": document}, content_type="application/json"
    )
    assert response.json()["state"] == "valid"


def test_a_reachable_status_list_is_read_and_a_revoked_credential_shows_revoked(
    persona, tmp_path, settings, monkeypatch
):
    from dovetail.credentials import status

    write_sample(tmp_path, count=2, revoked=2)
    lists = {}
    for path in tmp_path.glob("status-*.json"):
        listed = json.loads(path.read_text())
        lists[listed["id"]] = listed
    settings.DOVETAIL_FETCH_STATUS_LISTS = True
    monkeypatch.setattr(status, "_fetched_list", lambda url: lists[url])
    learner = persona("learner")
    genuine = verification.bring_in(
        learner.learner_profile, "ok.json", read(tmp_path / "credential-1.json"), by=learner
    )
    assert genuine.state == verification.VALID and not genuine.reason
    revoked = verification.bring_in(
        learner.learner_profile,
        "gone.json",
        read(tmp_path / "revoked" / "credential-3.json"),
        by=learner,
    )
    assert revoked.state == verification.REVOKED


def test_without_fetching_the_status_is_noted_as_unread(persona, sample):
    learner = persona("learner")
    kept = verification.bring_in(
        learner.learner_profile, "c.json", read(sample / "credential-1.json"), by=learner
    )
    assert kept.state == verification.VALID
    assert "does not fetch other lists" in kept.reason


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://issuer.example/list", "only https"),
        ("https://127.0.0.1/list", "not public"),
        ("https://10.0.0.5/list", "not public"),
    ],
)
def test_status_lists_are_fetched_only_over_https_from_public_addresses(url, reason):
    from dovetail.credentials import status

    with pytest.raises(ValueError, match=reason):
        status._fetched_list(url)
