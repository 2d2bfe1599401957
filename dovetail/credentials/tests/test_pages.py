"""The verification page, downloads and sharing, through the browser's eyes: who sees what."""

import json

import pytest
from django.test import Client

from dovetail.credentials.models import Credential
from dovetail.engines.credentials import bit_is_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(module_credential):
    return module_credential


def test_the_holder_sees_a_valid_credential_with_its_evidence(client_as, credential):
    page = client_as("learner").get(f"/credentials/{credential.pk}/")
    assert page.status_code == 200
    assert b'data-state="valid"' in page.content
    assert b"Co-assessment" in page.content
    evidence = client_as("learner").get(f"/credentials/{credential.pk}/evidence/1/")
    assert b"agreed a grade" in evidence.content


def test_a_stranger_sees_nothing_until_the_holder_shares_it(client_as, credential):
    stranger = Client()
    assert stranger.get(f"/credentials/{credential.pk}/").status_code == 404
    assert stranger.get(f"/credentials/{credential.pk}.json").status_code == 404
    assert client_as("hr").get(f"/credentials/{credential.pk}/").status_code == 404
    client_as("learner").post(f"/credentials/{credential.pk}/share/", {"shared": "on"})
    page = stranger.get(f"/credentials/{credential.pk}/")
    assert page.status_code == 200 and b'data-state="valid"' in page.content
    assert b"keeps the evidence private" in page.content
    assert stranger.get(f"/credentials/{credential.pk}/evidence/1/").status_code == 404
    client_as("learner").post(
        f"/credentials/{credential.pk}/share/", {"shared": "on", "evidence_shared": "on"}
    )
    assert stranger.get(f"/credentials/{credential.pk}/evidence/1/").status_code == 200


def test_only_the_holder_shares(client_as, credential):
    response = client_as("teacher").post(f"/credentials/{credential.pk}/share/", {"shared": "on"})
    assert response.status_code == 404
    credential.refresh_from_db()
    assert not credential.shared


def test_the_json_download_is_the_signed_credential(client_as, credential):
    response = client_as("learner").get(f"/credentials/{credential.pk}.json")
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content) == credential.document


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_pdf_comes_in_both_languages(client_as, credential, language):
    response = client_as("learner").get(f"/credentials/{credential.pk}.pdf?lang={language}")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"-{language}.pdf" in response["Content-Disposition"]


def test_revoking_on_the_page_shows_revoked_to_a_verifier(client_as, credential):
    list_url = f"/orgs/{credential.issuer.code}/status/{credential.status_list}/revocation"
    before = Client().get(list_url).json()
    assert not bit_is_set(before["credentialSubject"]["encodedList"], credential.status_index)
    client_as("learner").post(f"/credentials/{credential.pk}/share/", {"shared": "on"})
    response = client_as("coordinator").post(
        f"/credentials/{credential.pk}/status/", {"status": "revoked", "reason": "Issued in error"}
    )
    assert response.status_code == 302
    page = Client().get(f"/credentials/{credential.pk}/")
    assert b'data-state="revoked"' in page.content and b"Issued in error" in page.content
    listed = (
        Client()
        .get(f"/orgs/{credential.issuer.code}/status/{credential.status_list}/revocation")
        .json()
    )
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]


def test_the_achievement_and_issuer_pages_are_public(credential):
    assert (
        Client().get(f"/credentials/achievements/{credential.achievement_id}/").status_code == 200
    )
    issuer = Client().get(f"/orgs/{credential.issuer.code}/issuer.json").json()
    assert issuer["type"] == ["Profile"]


def test_staff_issue_a_module_from_the_issue_page(client_as, module_assessment, persona, module):
    from dovetail.records.services import assessments

    criteria = module_assessment.rubric.criteria.all()
    Credential.objects.all().delete()
    # the co-assessment passes while no credential is issued yet (the award is then manual)
    from dovetail.credentials import awards
    from dovetail.records.signals import assessment_passed

    assessment_passed.disconnect(dispatch_uid="credentials.award_module")
    try:
        assessments.rate(
            module_assessment, by=persona("mentor"), levels={c.pk: 3 for c in criteria}
        )
    finally:
        assessment_passed.connect(awards.award_module, dispatch_uid="credentials.award_module")
    coordinator = client_as("coordinator")
    page = coordinator.get(f"/credentials/issue/?module={module.pk}")
    learner = persona("learner").learner_profile
    assert str(learner).encode() in page.content
    response = coordinator.post(
        f"/credentials/issue/?module={module.pk}", {"learners": [learner.pk]}
    )
    assert response.status_code == 302
    assert Credential.objects.filter(learner=learner).count() == 1


def test_the_verification_page_reads_in_chinese(client_as, credential):
    page = client_as("learner", "zh-hans").get(f"/credentials/{credential.pk}/")
    assert "验证".encode() in page.content and "有效".encode() in page.content


def test_a_status_list_beyond_those_in_use_is_not_signed(credential):
    code = credential.issuer.code
    assert Client().get(f"/orgs/{code}/status/0/revocation").status_code == 200
    assert Client().get(f"/orgs/{code}/status/7/revocation").status_code == 404
    assert Client().get(f"/orgs/{code}/status/0/other").status_code == 404


def test_the_api_refuses_another_colleges_module_without_making_its_achievement(
    client, other_college, module
):
    from dovetail.credentials.models import Achievement

    client.force_login(other_college["coordinator"])
    before = Achievement.objects.count()
    response = client.post(
        "/api/credentials/issue",
        {"module_id": module.pk, "learner_ids": [1]},
        content_type="application/json",
    )
    assert response.status_code == 403 and Achievement.objects.count() == before
