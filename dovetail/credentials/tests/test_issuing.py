"""Issuing: passing a module earns its credential and credit; a batch is all or nothing;
status changes reach the published list and the verification page."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import resolve
from django.utils import timezone

from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile
from dovetail.credentials import issuing, status, verification
from dovetail.credentials.models import Credential, CreditEntry
from dovetail.engines.credentials import bit_is_set, verify

pytestmark = pytest.mark.django_db


def test_passing_a_modules_co_assessment_issues_its_credential_and_banks_its_credit(
    passed_module, learner_profile, module
):
    credential = Credential.objects.get(learner=learner_profile, achievement__module=module)
    document = credential.document
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["credentialSubject"]["achievement"]["achievementType"] == "Course"
    assert verify(document).verified  # did:key by default, on a site without HTTPS
    genres = [item["genre"] for item in document["evidence"]]
    assert "Co-assessment" in genres and "Learning record (xAPI)" in genres
    purposes = [entry["statusPurpose"] for entry in document["credentialStatus"]]
    assert purposes == ["revocation", "suspension"]
    assert verification.check_issued(credential).state == verification.VALID
    entry = CreditEntry.objects.get(learner=learner_profile, module=module)
    assert entry.credits == module.credits and entry.credential == credential


def test_a_batch_with_one_learner_who_has_not_passed_issues_nothing(
    passed_module, persona, learner_profile, module
):
    Credential.objects.all().delete()
    other = (
        LearnerProfile.objects.filter(college=learner_profile.college)
        .exclude(pk=learner_profile.pk)
        .first()
    )
    achievement = issuing.module_achievement(module)
    with pytest.raises(ServiceError, match=f"{other} has not met the criteria"):
        issuing.issue(achievement, [learner_profile.pk, other.pk], by=persona("teacher"))
    assert not Credential.objects.exists()
    # and on its own the eligible learner is issued
    assert len(issuing.issue(achievement, [learner_profile.pk], by=persona("teacher"))) == 1


def test_another_colleges_staff_may_not_issue_or_revoke(module_credential, other_college, module):
    credential = module_credential
    with pytest.raises(PermissionDenied):
        issuing.issue(
            issuing.module_achievement(module),
            [credential.learner_id],
            by=other_college["coordinator"],
        )
    with pytest.raises(PermissionDenied):
        issuing.set_status(credential, "revoked", by=other_college["coordinator"], reason="spite")


def test_revoking_sets_the_bit_in_the_published_list_and_the_page_says_revoked(
    module_credential, persona
):
    credential = module_credential
    issuing.set_status(credential, "revoked", by=persona("coordinator"), reason="Exam misconduct")
    listed = status.status_list_credential(credential.issuer, credential.status_list, "revocation")
    assert verify(listed).verified
    assert bit_is_set(listed["credentialSubject"]["encodedList"], credential.status_index)
    verdict = verification.check_issued(credential)
    assert verdict.state == verification.REVOKED and "Exam misconduct" in verdict.reasons
    # the same document checked as a stranger would, through its status list entry
    assert verification.check(credential.document).state == verification.REVOKED
    with pytest.raises(ServiceError, match="cannot be changed"):
        issuing.set_status(credential, "active", by=persona("coordinator"), reason="")


def test_suspension_shows_until_reinstated(module_credential, persona):
    credential = module_credential
    issuing.set_status(credential, "suspended", by=persona("teacher"), reason="Under review")
    assert verification.check(credential.document).state == verification.SUSPENDED
    issuing.set_status(credential, "active", by=persona("teacher"), reason="")
    assert verification.check(credential.document).state == verification.VALID


def test_expired_and_tampered_credentials_say_so(module_credential):
    credential = module_credential
    later = timezone.now() + timedelta(days=3650)
    document = {**credential.document, "validUntil": "2027-01-01T00:00:00Z"}
    tampered = verification.check(document, now=later)
    assert tampered.state == verification.TAMPERED
    assert "proof.proofValue" in tampered.reasons[0]
    malformed = verification.check({**credential.document, "type": ["Badge"]})
    assert malformed.state == verification.MALFORMED and "type" in malformed.reasons[0]


def test_status_indexes_are_distinct_and_random(module_credential, persona, module):
    taken = issuing._free_indexes(module_credential.issuer, 200)
    assert len(set(taken)) == 200
    assert sorted(index for _list, index in taken) != [index for _list, index in taken]


def test_every_address_a_credential_names_is_served_by_its_route(module_credential):
    document = module_credential.document
    named = {
        document["issuer"]["url"]: "credentials:issuer",
        document["credentialSubject"]["achievement"]["id"]: "credentials:achievement",
        document["credentialStatus"][0]["statusListCredential"]: "credentials:status-list",
        document["evidence"][0]["id"]: "credentials:evidence",
    }
    for url, view_name in named.items():
        assert url.startswith(settings.DOVETAIL_SITE_URL)
        assert resolve(urlsplit(url).path).view_name == view_name, url


def test_a_credential_with_a_validity_expires(passed_module, persona, module):
    achievement = issuing.module_achievement(module)
    achievement.valid_years = 1
    achievement.save()
    Credential.objects.all().delete()
    [credential] = issuing.issue(
        achievement, [persona("learner").learner_profile.pk], by=persona("teacher")
    )
    assert verification.check_issued(credential).state == verification.VALID
    later = timezone.now() + timedelta(days=400)
    expired = verification.check(credential.document, now=later)
    assert expired.state == verification.EXPIRED and "expired on" in expired.reasons[0]


def test_credentials_earned_at_the_enterprise_deepen_the_partnership(
    module_credential, persona, partnership, today
):
    from dovetail.evaluation import services as evaluation

    def points():
        detail = evaluation.partnership_depth(persona("officer"), partnership, today=today)
        return {row["component"].code: row["points"] for row in detail["components"]}

    credential = module_credential
    assert credential.earned_at == partnership.enterprise
    assert points()["credentials_earned"] > 0
    issuing.set_status(credential, "revoked", by=persona("coordinator"), reason="Error")
    assert points()["credentials_earned"] == 0


def test_a_list_gives_each_credentials_standing_without_rechecking_proofs(
    module_credential, persona
):
    assert verification.standing(module_credential).state == verification.VALID
    issuing.set_status(module_credential, "suspended", by=persona("teacher"), reason="Audit")
    assert verification.standing(module_credential).state == verification.SUSPENDED
    later = timezone.now() + timedelta(days=1)
    module_credential.status = Credential.Status.ACTIVE
    module_credential.valid_until = timezone.now()
    assert verification.standing(module_credential, now=later).state == verification.EXPIRED
