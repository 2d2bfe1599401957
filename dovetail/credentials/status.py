"""The Bitstring Status Lists each issuer publishes, and reading a credential's status.

A list is built from the credentials' status when it is asked for and signed by the issuer's
key, so a revocation shows in the very next fetch. Lists Dovetail publishes are read from the
database; another issuer's list is fetched over HTTPS when the installation allows it, from a
public address only.
"""

import ipaddress
import json
import socket
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.urls import Resolver404, resolve
from django.utils import timezone

from dovetail.core.models import Organisation
from dovetail.credentials import documents, keys
from dovetail.credentials.models import Credential
from dovetail.engines.credentials import bit_is_set, sign, verify

SET_BY = {"revocation": Credential.Status.REVOKED, "suspension": Credential.Status.SUSPENDED}
FETCH_LIMIT = 1024 * 1024


def status_list_credential(issuer: Organisation, status_list: int, purpose: str) -> dict:
    """The issuer's signed ``BitstringStatusListCredential`` for one list and purpose."""
    on = Credential.objects.filter(
        issuer=issuer, status_list=status_list, status=SET_BY[purpose]
    ).values_list("status_index", flat=True)
    key = keys.signing_key(issuer)
    now = timezone.now().replace(microsecond=0)
    unsigned = documents.status_list_document(
        settings.DOVETAIL_SITE_URL, issuer.code, key.did, status_list, purpose, on, now
    )
    return sign(unsigned, key, created=unsigned["validFrom"])


def list_exists(issuer: Organisation, status_list: int) -> bool:
    """Lists are numbered from 0; one past the last in use does not exist (and is not signed)."""
    return (
        status_list == 0
        or Credential.objects.filter(issuer=issuer, status_list__gte=status_list).exists()
    )


def published_list(issuer: Organisation, status_list: int, purpose: str) -> dict:
    """The list as published: signed once per change of any of its credentials' status (and at
    most an hour old), so fetching it is cheap and a revocation shows in the next fetch."""
    changed = Credential.objects.filter(issuer=issuer, status_list=status_list).aggregate(
        last=Max("status_changed_at")
    )["last"]
    key = f"status-list:{issuer.pk}:{status_list}:{purpose}:{changed.isoformat() if changed else 0}"
    listed = cache.get(key)
    if listed is None:
        listed = status_list_credential(issuer, status_list, purpose)
        cache.set(key, listed, timeout=3600)
    return listed


@dataclass(frozen=True)
class StatusCheck:
    purpose: str
    set: bool | None  # None: the list could not be read
    reason: str = ""


def _local_list(url: str) -> dict | None:
    site = urlsplit(settings.DOVETAIL_SITE_URL)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name != "credentials:status-list":
        return None
    issuer = Organisation.objects.filter(code=match.kwargs["code"]).first()
    purpose = match.kwargs["purpose"]
    if issuer is None or purpose not in SET_BY:
        return None
    return published_list(issuer, match.kwargs["status_list"], purpose)


def _public_host(host: str) -> bool:
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, 443)}
    except OSError:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a).is_global for a in addresses)


def _fetched_list(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("statusListCredential: only https addresses are fetched")
    if not _public_host(parts.hostname):
        raise ValueError("statusListCredential: the address is not public")
    request = urllib.request.Request(url, headers={"Accept": "application/vc+ld+json, */*"})
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310  https only
        body = response.read(FETCH_LIMIT + 1)
    if len(body) > FETCH_LIMIT:
        raise ValueError("statusListCredential: the list is over 1 MB")
    return json.loads(body)


def fetch_list(url: str, *, did_documents=None) -> dict:
    """The status list credential at ``url``, its proof checked unless Dovetail made it here
    and now; ``ValueError`` with the reason if it cannot be read or trusted."""
    local = _local_list(url)
    if local is not None:
        return local
    if not settings.DOVETAIL_FETCH_STATUS_LISTS:
        raise ValueError("statusListCredential: this installation does not fetch other lists")
    try:
        listed = _fetched_list(url)
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"statusListCredential: could not be fetched ({error})") from None
    proof = verify(listed, did_documents=did_documents)
    if not proof.verified:
        raise ValueError(f"statusListCredential: its proof does not hold ({proof.reason})")
    return listed


def _entries(document: dict) -> list[dict]:
    status = document.get("credentialStatus") or []
    return [status] if isinstance(status, dict) else list(status)


def check_status(document: dict, *, did_documents=None) -> list[StatusCheck]:
    """Each status entry of the credential, read from its list."""
    checks = []
    for entry in _entries(document):
        purpose = entry.get("statusPurpose", "")
        if entry.get("type") != "BitstringStatusListEntry":
            checks.append(StatusCheck(purpose, None, "credentialStatus.type: not read"))
            continue
        try:
            index = int(entry.get("statusListIndex", ""))
            listed = fetch_list(entry.get("statusListCredential", ""), did_documents=did_documents)
            subject = listed.get("credentialSubject", {})
            if subject.get("statusPurpose") != purpose:
                raise ValueError("the status list is for another purpose")
            checks.append(StatusCheck(purpose, bit_is_set(subject.get("encodedList"), index)))
        except ValueError as error:
            checks.append(StatusCheck(purpose, None, str(error)))
    return checks
