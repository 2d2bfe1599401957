"""LRS clients: credentials per application, tied to an organisation, with xAPI scopes."""

import base64
import binascii
import hashlib
import hmac
import secrets

from django.db import transaction

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import Organisation
from dovetail.core.permissions import CHANGE, may, organisations_for, require, visible
from dovetail.lrs.models import Client, Scope

READ_SCOPES = {Scope.STATEMENTS_READ, Scope.ALL_READ, Scope.ALL}
WRITE_SCOPES = {Scope.STATEMENTS_WRITE, Scope.ALL}
STATE_SCOPES = {Scope.STATE, Scope.ALL}
PROFILE_SCOPES = {Scope.PROFILE, Scope.ALL}
DOCUMENT_READ_SCOPES = {Scope.ALL_READ}


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_client(organisation, name, *, scopes=None, by=None, internal=False):
    """(client, secret): the secret is shown once and only its digest is kept."""
    if by is not None and not may(by, CHANGE, organisation):
        raise ServiceError("Only the organisation's administrators create its LRS clients.")
    if not name.strip():
        raise ServiceError("A client needs a name.", field="name")
    scopes = list(scopes or [Scope.ALL])
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise ServiceError(f"Unknown scope(s): {', '.join(unknown)}.", field="scopes")
    # hex: a secret starting with "-" would read as an option where it is passed on a command line
    secret = secrets.token_hex(24)
    client = Client.objects.create(
        name=name.strip(),
        organisation=organisation,
        key=secrets.token_hex(10),
        secret_digest=_digest(secret),
        scopes=scopes,
        created_by=by,
        is_internal=internal,
    )
    if by is not None:
        audit.record(by, "lrs_client.create", client, {"scopes": [None, scopes]})
    return client, secret


def internal_client(organisation):
    """The client Dovetail itself writes an organisation's diaries and assessments with."""
    client = Client.objects.filter(organisation=organisation, is_internal=True).first()
    if client is None:
        client, _secret = create_client(organisation, "Dovetail", internal=True)
    return client


def default_organisation():
    """The organisation a client made on the command line belongs to when none is named."""
    organisation = Organisation.objects.filter(kind=Organisation.Kind.COLLEGE).first()
    if organisation is None:
        raise ServiceError("There is no college yet to own the client; run `dovetail demo`.")
    return organisation


def authenticate(authorization):
    """The active client whose HTTP Basic credentials these are, or None."""
    if not authorization or not authorization.startswith("Basic "):
        return None
    try:
        key, _sep, secret = base64.b64decode(authorization[6:]).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    # the key is unique; an unordered query compiles in a fraction of .first()'s time, and this
    # runs on every statement request
    client = next(iter(Client.objects.filter(key=key, is_active=True).order_by()), None)
    if client is None or not hmac.compare_digest(client.secret_digest, _digest(secret)):
        return None
    return client


def has_scope(client, wanted):
    return bool(set(client.scopes) & set(wanted))


def clients_of(user):
    return visible(user, Client).select_related("organisation", "created_by")


def organisations_managing_clients(user):
    """The organisations whose LRS clients the user administers."""
    return organisations_for(user, CHANGE, Organisation)


def set_active(client, *, by, active):
    require(by, CHANGE, client)
    changes = audit.apply_changes(client, {"is_active": active})
    client.save(update_fields=["is_active"])
    audit.record(by, "lrs_client.update", client, changes)
    return client
