"""The bundled JSON-LD contexts, and a document loader that serves only them (and DID
documents handed to it): a credential that needs anything else fails instead of fetching."""

import json
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "contexts"
CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-3.0.3.jsonld",
}


class UnknownDocument(LookupError):
    """A credential needs a document (a context, a DID) Dovetail does not hold."""


@cache
def _bundled(url: str) -> dict:
    return json.loads((FOLDER / CONTEXTS[url]).read_text(encoding="utf-8"))


def document_loader(extra: dict[str, dict] | None = None):
    """A pyld document loader over the bundled contexts and ``extra`` {url: document}."""
    extra = extra or {}

    def load(url, options=None):
        if url in extra:
            document = extra[url]
        elif url in CONTEXTS:
            document = _bundled(url)
        else:
            raise UnknownDocument(f"no bundled document for {url}")
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load
