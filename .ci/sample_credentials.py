"""Writes a batch of credentials signed by Dovetail's credentials engine for the independent
verifier: Open Badges from a did:key and a did:web issuer (with the did:web DID document as
did-*.json), and in tampered/ ones changed after signing, which must fail.

    python .ci/sample_credentials.py OUT_DIR
"""

import json
import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from dovetail.engines.credentials import KeyPair, did_key_document, sign  # noqa: E402

BADGE = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "validFrom": "2026-12-01T00:00:00Z",
}


def badge(n: int, issuer: dict, name: str) -> dict:
    return {
        **BADGE,
        "id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
        "name": name,
        "issuer": issuer,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "id": f"did:example:learner-{n}",
            "achievement": {
                "id": f"https://dovetail.example/achievements/{n}",
                "type": ["Achievement"],
                "name": name,
                "description": "Passed the co-assessed practical.",
                "criteria": {"narrative": "Teacher and mentor agreed the rubric levels."},
            },
        },
    }


def web_issuer(key: KeyPair) -> dict:
    document = did_key_document(KeyPair(key.private_key).did)
    method = {
        **document["verificationMethod"][0],
        "id": key.verification_method,
        "controller": key.did,
    }
    return {
        **document,
        "id": key.did,
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
        "authentication": [method["id"]],
    }


def main(out: Path):
    (out / "tampered").mkdir(parents=True, exist_ok=True)
    plain = KeyPair.generate()
    web = KeyPair(KeyPair.generate().private_key, controller="did:web:college.example:orgs:c1")
    (out / "did-college.json").write_text(json.dumps(web_issuer(web)))
    names = ["Servo tuning", "伺服调试", "Placement completed: Haibin Robotics", "PLC 故障排查"]
    for n, name in enumerate(names * 3):
        key = plain if n % 2 else web
        issuer = {"id": key.did, "type": ["Profile"], "name": "Haibin Vocational College"}
        credential = sign(badge(n, issuer, name), key, created="2026-12-02T08:00:00Z")
        (out / f"credential-{n}.json").write_text(json.dumps(credential, ensure_ascii=False))
        if n < 2:
            forged = {**credential, "name": name + " (forged)"}
            (out / "tampered" / f"credential-{n}.json").write_text(json.dumps(forged))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
