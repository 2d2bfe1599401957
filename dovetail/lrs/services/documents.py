"""The document resources (state, activity profile, agent profile) and the activities and agents
resources."""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from dovetail.engines import xapi
from dovetail.lrs.models import Activity, Document
from dovetail.lrs.services.clients import (
    DOCUMENT_READ_SCOPES,
    PROFILE_SCOPES,
    READ_SCOPES,
    STATE_SCOPES,
    has_scope,
)
from dovetail.lrs.services.common import LrsError, key_hash

JSON = "application/json"


def _scope_key(kind, activity, agent, registration):
    return key_hash(f"{kind}|{activity}|{agent}|{registration or ''}")


class Place:
    """Where a document lives: its kind, activity, agent and registration."""

    def __init__(self, kind, *, activity="", agent=None, registration=None):
        self.kind = kind
        self.activity = activity or ""
        self.agent = xapi.agent_key(agent) if agent else ""
        self.registration = registration
        self.scope_key = _scope_key(kind, self.activity, self.agent, registration)

    def rows(self, client):
        wanted = PROFILE_SCOPES if self.kind != Document.Kind.STATE else STATE_SCOPES
        return Document.objects.filter(
            organisation_id=client.organisation_id,
            kind=self.kind,
            scope_key=self.scope_key,
            activity=self.activity,
            agent=self.agent,
            registration=self.registration,
        ), wanted


def _readable(client, place):
    rows, wanted = place.rows(client)
    if not has_scope(client, wanted | DOCUMENT_READ_SCOPES):
        raise LrsError(403, "this client may not read these documents")
    return rows


def _writable(client, place):
    rows, wanted = place.rows(client)
    if not has_scope(client, wanted):
        raise LrsError(403, "this client may not write these documents")
    return rows


def etag_of(content):
    return hashlib.sha1(content).hexdigest()


def get_document(client, place, document_id):
    document = _readable(client, place).filter(document_id=document_id).first()
    if document is None:
        raise LrsError(404, f"no document {document_id!r}")
    return document


def document_ids(client, place, since=None):
    rows = _readable(client, place)
    if since is not None:
        rows = rows.filter(updated__gt=since)
    return list(rows.order_by("document_id").values_list("document_id", flat=True))


def _check_preconditions(existing, if_match, if_none_match, *, required):
    current = f'"{existing.etag}"' if existing else None
    if if_match is not None:
        tags = [t.strip() for t in if_match.split(",")]
        if current is None or ("*" not in tags and current not in tags):
            raise LrsError(412, "the document has changed since you read it (If-Match)")
    if if_none_match is not None and current is not None:
        tags = [t.strip() for t in if_none_match.split(",")]
        if "*" in tags or current in tags:
            raise LrsError(412, "the document already exists (If-None-Match)")
    if required and if_match is None and if_none_match is None:
        if existing is not None:
            raise LrsError(409, "the document exists: send If-Match or If-None-Match to overwrite")
        raise LrsError(400, "send If-Match or If-None-Match with a PUT to a profile")


def _json_object(content, what):
    try:
        value = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise LrsError(400, f"{what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise LrsError(400, f"{what} is not a JSON object")
    return value


def _is_json(content_type):
    return (content_type or "").split(";")[0].strip().lower() == JSON


@transaction.atomic
def put_document(
    client, place, document_id, content, content_type, *, merge, if_match=None, if_none_match=None
):
    """PUT replaces; POST (merge) merges JSON objects one level deep, as xAPI asks."""
    rows = _writable(client, place)
    existing = rows.select_for_update().filter(document_id=document_id).first()
    _check_preconditions(
        existing, if_match, if_none_match, required=not merge and place.kind != Document.Kind.STATE
    )
    if merge:
        incoming = _json_object(content, "the posted document") if _is_json(content_type) else None
        if existing is not None:
            if incoming is None or not _is_json(existing.content_type):
                raise LrsError(400, "POST merges JSON objects only; use PUT to replace")
            merged = {**_json_object(bytes(existing.content), "the stored document"), **incoming}
            content, content_type = json.dumps(merged).encode(), JSON
        elif incoming is None and _is_json(content_type):
            raise LrsError(400, "the posted document is not a JSON object")
    now = timezone.now()
    if existing is None:
        Document.objects.create(
            organisation_id=client.organisation_id,
            kind=place.kind,
            scope_key=place.scope_key,
            activity=place.activity,
            agent=place.agent,
            registration=place.registration,
            document_id=document_id,
            content=content,
            content_type=content_type or "application/octet-stream",
            etag=etag_of(content),
            updated=now,
        )
    else:
        existing.content = content
        existing.content_type = content_type or "application/octet-stream"
        existing.etag = etag_of(content)
        existing.updated = now
        existing.save()


@transaction.atomic
def delete_documents(client, place, document_id=None, *, if_match=None):
    rows = _writable(client, place)
    if document_id is not None:
        rows = rows.filter(document_id=document_id)
        existing = rows.first()
        if if_match is not None:
            _check_preconditions(existing, if_match, None, required=False)
    rows.delete()


def activity_object(client, activity_id):
    if not has_scope(client, READ_SCOPES | {"define", "profile", "state"}):
        raise LrsError(403, "this client may not read activities")
    activity = Activity.objects.filter(
        organisation_id=client.organisation_id, key=key_hash(activity_id)
    ).first()
    found = {"objectType": "Activity", "id": activity_id}
    if activity is not None and activity.definition:
        found["definition"] = activity.definition
    return found


def person_object(agent):
    """The Person object for an agent: every identifier and name it is known by."""
    person = {"objectType": "Person"}
    if "name" in agent:
        person["name"] = [agent["name"]]
    for key in xapi.IFI_KEYS:
        if key in agent:
            person[key] = [agent[key]]
    return person
