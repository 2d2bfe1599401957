"""A sample batch of the Open Badges 3.0 credentials Dovetail issues, for checking its proofs in
other verifiers: built by the same document builder as real issuing (evidence, alignments,
status entries), half signed by a ``did:key``, half by a ``did:web`` issuer whose DID document is
written beside them as ``did-*.json``. The keys are made for the batch and thrown away."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dovetail.credentials import documents
from dovetail.engines.credentials import KeyPair, did_key_document, sign

ACHIEVEMENTS = [
    ("module", "Servo tuning", "伺服调试"),
    ("competency", "PLC fault finding", "PLC 故障排查"),
    ("placement", "Workplace placement", "企业岗位实习"),
    ("certificate", "Electrician, level 4", "电工四级"),
]
SAMPLE_DID_WEB = "did:web:dovetail.example:orgs:sample-college"
SAMPLE_SITE = "https://dovetail.example"
ISSUED = datetime(2026, 12, 1, tzinfo=UTC)


def status_index(number: int) -> int:
    return (number * 7919) % 131_072


def draft(number: int, issuer_did: str, issuer_code: str = "sample-college") -> documents.Draft:
    kind, name, name_zh = ACHIEVEMENTS[number % len(ACHIEVEMENTS)]
    return documents.Draft(
        site=SAMPLE_SITE,
        credential_id=f"00000000-0000-4000-8000-{number:012d}",
        issuer_did=issuer_did,
        issuer_name="Haibin Vocational College",
        issuer_code=issuer_code,
        achievement_id=number % len(ACHIEVEMENTS) + 1,
        achievement_kind=kind,
        achievement_name=name,
        achievement_name_zh=name_zh,
        description="Passed the co-assessed practical.",
        criteria="Teacher and mentor agreed the rubric levels.",
        learner_name=f"Learner {number}",
        valid_from=ISSUED,
        valid_until=ISSUED + timedelta(days=365 * 3) if kind == "certificate" else None,
        status_list=0,
        status_index=status_index(number),
        credits="4.0" if kind == "module" else None,
        alignments=[
            documents.Alignment(name, f"{SAMPLE_SITE}/skills/{number}", "Dovetail default skills")
        ],
        evidence=[
            documents.EvidenceItem(
                "Co-assessment: practical", "Agreed a grade of 75%.", "Co-assessment"
            ),
            documents.EvidenceItem(
                "Diary, week of 2026-11-02", "Signed off by the mentor.", "Signed diary week"
            ),
        ],
    )


def open_badge(number: int, issuer_did: str, issuer_code: str = "sample-college") -> dict:
    """The unsigned credential number ``number`` of a sample batch."""
    return documents.open_badge(draft(number, issuer_did, issuer_code))


def did_web_document(key: KeyPair) -> dict:
    document = did_key_document(KeyPair(key.private_key).did)
    method = {**document["verificationMethod"][0], "id": key.verification_method}
    method["controller"] = key.did
    ids = [method["id"]]
    return {
        **document,
        "id": key.did,
        "verificationMethod": [method],
        "assertionMethod": ids,
        "authentication": ids,
    }


def _write(path: Path, document: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_sample(out: Path, *, count: int = 12, tampered: int = 0, revoked: int = 0) -> list[Path]:
    """Write ``count`` credentials into ``out``, with ``tampered`` changed-after-signing copies
    under ``tampered/``, ``revoked`` more under ``revoked/`` whose revocation bit is set, and
    each issuer's signed status lists as ``status-*.json``; returns the credential files."""
    out.mkdir(parents=True, exist_ok=True)
    issuers = [
        (KeyPair(KeyPair.generate().private_key, controller=SAMPLE_DID_WEB), "sample-college"),
        (KeyPair.generate(), "sample-key-issuer"),
    ]
    _write(out / "did-sample-college.json", did_web_document(issuers[0][0]))
    created = "2026-12-02T08:00:00Z"
    written, revoked_bits = [], {code: set() for _key, code in issuers}
    for number in range(count + revoked):
        key, code = issuers[number % 2]
        credential = sign(open_badge(number, key.did, code), key, created=created)
        if number >= count:
            revoked_bits[code].add(status_index(number))
            _write(out / "revoked" / f"credential-{number}.json", credential)
            continue
        written.append(_write(out / f"credential-{number}.json", credential))
        if number < tampered:
            forged = {**credential, "name": f"{credential['name']} (forged)"}
            _write(out / "tampered" / f"credential-{number}.json", forged)
    # lists are valid for a day from now, as a live installation publishes them
    now = datetime.now(UTC).replace(microsecond=0)
    for key, code in issuers:
        for purpose in documents.PURPOSES:
            bits = revoked_bits[code] if purpose == "revocation" else set()
            unsigned = documents.status_list_document(
                SAMPLE_SITE, code, key.did, 0, purpose, bits, now
            )
            listed = sign(unsigned, key, created=unsigned["validFrom"])
            _write(out / f"status-{code}-{purpose}.json", listed)
    return written
