"""A sample batch of Open Badges 3.0 credentials, for checking Dovetail's proofs in other
verifiers: half signed by a ``did:key``, half by a ``did:web`` issuer whose DID document is
written beside them as ``did-*.json``. The keys are made for the batch and thrown away."""

import json
from pathlib import Path

from dovetail.engines.credentials import KeyPair, did_key_document, sign

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ACHIEVEMENTS = ["Servo tuning", "伺服调试", "Placement completed", "PLC 故障排查"]
SAMPLE_DID_WEB = "did:web:dovetail.example:orgs:sample-college"


def open_badge(number: int, issuer: dict, name: str) -> dict:
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": issuer,
        "validFrom": "2026-12-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "id": f"did:example:learner-{number}",
            "achievement": {
                "id": f"https://dovetail.example/achievements/{number}",
                "type": ["Achievement"],
                "name": name,
                "description": "Passed the co-assessed practical.",
                "criteria": {"narrative": "Teacher and mentor agreed the rubric levels."},
            },
        },
    }


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


def write_sample(out: Path, *, count: int = 12, tampered: int = 0) -> list[Path]:
    """Write ``count`` credentials (and ``tampered`` changed-after-signing copies under
    ``tampered/``) into ``out``; returns the credential files."""
    out.mkdir(parents=True, exist_ok=True)
    by_key = KeyPair.generate()
    by_web = KeyPair(KeyPair.generate().private_key, controller=SAMPLE_DID_WEB)
    (out / "did-sample-college.json").write_text(json.dumps(did_web_document(by_web), indent=1))
    written = []
    for number in range(count):
        key = by_web if number % 2 == 0 else by_key
        issuer = {"id": key.did, "type": ["Profile"], "name": "Haibin Vocational College"}
        name = ACHIEVEMENTS[number % len(ACHIEVEMENTS)]
        credential = sign(open_badge(number, issuer, name), key, created="2026-12-02T08:00:00Z")
        path = out / f"credential-{number}.json"
        path.write_text(json.dumps(credential, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(path)
        if number < tampered:
            (out / "tampered").mkdir(exist_ok=True)
            forged = {**credential, "name": f"{name} (forged)"}
            (out / "tampered" / path.name).write_text(json.dumps(forged, ensure_ascii=False))
    return written
