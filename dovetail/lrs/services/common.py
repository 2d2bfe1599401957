"""What every LRS service shares: its error, identifier hashing, clients' authority."""

import hashlib

from django.conf import settings


class LrsError(Exception):
    """A request the LRS refuses, with the HTTP status xAPI prescribes for it."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def key_hash(text):
    """A signed 64-bit hash of an identifier (IRI, agent key), as the statement index stores it."""
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def authority_of(client):
    return {
        "objectType": "Agent",
        "name": client.name,
        "account": {"homePage": f"{settings.DOVETAIL_SITE_URL}/xapi/clients", "name": client.key},
    }
