"""JSON Web Signatures on signed statements (Data 2.6)."""

import base64
import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from dovetail.engines.xapi._validate import InvalidStatement

_HASHES = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}
# Properties an LRS adds or a client may add after signing.
_UNSIGNED = {"attachments", "id", "stored", "authority", "version", "timestamp"}


def _b64decode(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def check_signature(statement, token, path="signature"):
    """Refuses a JWS that is malformed, uses another algorithm than RS256/384/512, does not sign
    this statement or, when it carries its certificate (x5c), does not verify against it."""
    try:
        text = token.decode("ascii").strip()
        header_part, payload_part, signature_part = text.split(".")
        header = json.loads(_b64decode(header_part))
        payload = json.loads(_b64decode(payload_part))
        signature = _b64decode(signature_part)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidStatement(path, f"is not a JSON web signature ({error})") from None
    if not isinstance(header, dict) or header.get("alg") not in _HASHES:
        raise InvalidStatement(path, "must use RS256, RS384 or RS512")
    if not isinstance(payload, dict):
        raise InvalidStatement(path, "payload is not a statement")
    for key in set(payload) | set(statement):
        if key in _UNSIGNED and (key not in payload or key not in statement):
            continue
        if payload.get(key) != statement.get(key):
            raise InvalidStatement(path, f"payload differs from the statement at {key!r}")
    if header.get("x5c"):
        try:
            certificate = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
            certificate.public_key().verify(
                signature,
                f"{header_part}.{payload_part}".encode(),
                padding.PKCS1v15(),
                _HASHES[header["alg"]](),
            )
        except (ValueError, TypeError, InvalidSignature):
            raise InvalidStatement(path, "does not verify against its x5c certificate") from None
