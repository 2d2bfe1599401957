"""The Open Badges 3.0 ``OpenBadgeCredential`` Dovetail issues, before it is signed.

Everything a verifier needs is inside: the issuer profile, the achievement with its criteria and
skill alignments, the learner named in an ``IdentityObject``, the evidence (each linking to a page
that opens only as far as the learner allows) and two Bitstring Status List entries, one for
revocation and one for suspension, at the same index.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dovetail.engines.credentials import encode_status_list

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ACHIEVEMENT_TYPES = {
    "module": "Course",
    "competency": "Competency",
    "placement": "Fieldwork",
    "certificate": "Certificate",
}
PURPOSES = ("revocation", "suspension")


# The public addresses a credential names; credentials/urls.py serves them (a test checks each
# against its route), and this module builds them without Django so that samples and
# benchmarks can build credentials on their own.
def credential_url(site: str, credential_id: str) -> str:
    return f"{site.rstrip('/')}/credentials/{credential_id}/"


def achievement_url(site: str, achievement_id: int) -> str:
    return f"{site.rstrip('/')}/credentials/achievements/{achievement_id}/"


def issuer_url(site: str, code: str) -> str:
    return f"{site.rstrip('/')}/orgs/{code}/issuer.json"


def status_list_url(site: str, issuer_code: str, status_list: int, purpose: str) -> str:
    return f"{site.rstrip('/')}/orgs/{issuer_code}/status/{status_list}/{purpose}"


@dataclass(frozen=True)
class Alignment:
    name: str
    uri: str
    framework: str


@dataclass(frozen=True)
class EvidenceItem:
    name: str
    narrative: str
    genre: str


@dataclass(frozen=True)
class Draft:
    """One credential to issue, gathered from the database by the issuing service."""

    site: str
    credential_id: str
    issuer_did: str
    issuer_name: str
    issuer_code: str
    achievement_id: int
    achievement_kind: str
    achievement_name: str
    achievement_name_zh: str
    description: str
    criteria: str
    learner_name: str
    valid_from: datetime
    valid_until: datetime | None
    status_list: int
    status_index: int
    credits: str | None = None
    level: int | None = None
    alignments: list[Alignment] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)


def timestamp(moment: datetime) -> str:
    """An XML Schema dateTime in UTC, to the second, as credentials and proofs carry it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def status_entries(site: str, issuer_code: str, status_list: int, status_index: int) -> list[dict]:
    entries = []
    for purpose in PURPOSES:
        url = status_list_url(site, issuer_code, status_list, purpose)
        entries.append(
            {
                "id": f"{url}#{status_index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(status_index),
                "statusListCredential": url,
            }
        )
    return entries


def status_list_document(
    site: str,
    issuer_code: str,
    issuer_did: str,
    status_list: int,
    purpose: str,
    set_bits,
    now: datetime,
) -> dict:
    """The unsigned ``BitstringStatusListCredential`` for one list and purpose, valid a day."""
    url = status_list_url(site, issuer_code, status_list, purpose)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did,
        "validFrom": timestamp(now),
        "validUntil": timestamp(now + timedelta(days=1)),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_status_list(set(set_bits)),
        },
    }


def _description(draft: Draft) -> str:
    if draft.achievement_name_zh and draft.achievement_name_zh != draft.achievement_name:
        return f"{draft.description}\n{draft.achievement_name_zh}".strip()
    return draft.description or draft.achievement_name


def open_badge(draft: Draft) -> dict:
    """The unsigned credential for ``draft``."""
    page = credential_url(draft.site, draft.credential_id)
    achievement = {
        "id": achievement_url(draft.site, draft.achievement_id),
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[draft.achievement_kind],
        "name": draft.achievement_name,
        "description": _description(draft),
        "criteria": {"narrative": draft.criteria or draft.achievement_name},
    }
    if draft.credits is not None:
        achievement["creditsAvailable"] = float(draft.credits)
    if draft.alignments:
        achievement["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": alignment.name,
                "targetUrl": alignment.uri,
                "targetFramework": alignment.framework,
                "targetType": "ceasn:Competency",
            }
            for alignment in draft.alignments
        ]
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": draft.learner_name,
                "identityType": "name",
                "hashed": False,
            }
        ],
        "achievement": achievement,
    }
    if draft.credits is not None:
        subject["creditsEarned"] = float(draft.credits)
    document = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{draft.credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": draft.achievement_name,
        "issuer": {
            "id": draft.issuer_did,
            "type": ["Profile"],
            "name": draft.issuer_name,
            "url": issuer_url(draft.site, draft.issuer_code),
        },
        "validFrom": timestamp(draft.valid_from),
        "credentialSubject": subject,
        "credentialStatus": status_entries(
            draft.site, draft.issuer_code, draft.status_list, draft.status_index
        ),
    }
    if draft.valid_until is not None:
        document["validUntil"] = timestamp(draft.valid_until)
    if draft.evidence:
        document["evidence"] = [
            {
                "id": f"{page}evidence/{position}/",
                "type": ["Evidence"],
                "name": item.name,
                "narrative": item.narrative,
                "genre": item.genre,
            }
            for position, item in enumerate(draft.evidence, start=1)
        ]
    return document
