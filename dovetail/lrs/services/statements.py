"""Storing xAPI statements: validation, voiding, attachments, the index, listeners."""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from dovetail.engines import xapi
from dovetail.lrs.models import Activity, Attachment, RelatedKey, Relation, Statement
from dovetail.lrs.services.clients import WRITE_SCOPES, has_scope
from dovetail.lrs.services.common import LrsError, authority_of, key_hash

_stored_listeners = []


def on_statements_stored(listener):
    """Call ``listener(client, statements)`` with every batch stored, in its transaction;
    other apps learn of learning events this way without reading the LRS's tables."""
    _stored_listeners.append(listener)
    return listener


@dataclass
class Part:
    """An attachment's content as it arrived in a multipart request."""

    content_type: str
    content: bytes


def format_time(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _digest(statement):
    return hashlib.sha256(orjson.dumps(statement, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _validate(statements, single):
    for index, statement in enumerate(statements):
        try:
            xapi.validate_statement(statement, "" if single else f"statements[{index}]")
        except xapi.InvalidStatement as error:
            raise LrsError(400, str(error)) from None


def _check_attachments(statements, parts):
    declared = set()
    for index, statement in enumerate(statements):
        for attachment in statement.get("attachments", ()):
            declared.add(attachment["sha2"])
            where = f"statements[{index}].attachments"
            if attachment["usageType"] == xapi.SIGNATURE_USAGE:
                if attachment["contentType"] != "application/octet-stream":
                    raise LrsError(400, f"{where}: a signature is application/octet-stream")
                part = parts.get(attachment["sha2"])
                if part is None:
                    raise LrsError(400, f"{where}: the signature is not in the request")
                try:
                    xapi.check_signature(statement, part.content, f"{where} signature")
                except xapi.InvalidStatement as error:
                    raise LrsError(400, str(error)) from None
            elif "fileUrl" not in attachment and attachment["sha2"] not in parts:
                raise LrsError(400, f"{where}: no part carries attachment {attachment['sha2']}")
    extra = set(parts) - declared
    if extra:
        raise LrsError(400, f"parts {sorted(extra)} are not attachments of any statement")


def _assign_ids(statements, put_id):
    if put_id is not None:
        if "id" in statements[0] and statements[0]["id"].lower() != put_id:
            raise LrsError(400, "id: differs from the statementId parameter")
        statements[0]["id"] = put_id
    seen = set()
    for statement in statements:
        statement["id"] = statement.get("id", "").lower() or str(uuid.uuid4())
        if statement["id"] in seen:
            raise LrsError(400, f"id {statement['id']} appears twice in the batch")
        seen.add(statement["id"])


def _drop_known(organisation, statements, digests):
    """Statements already stored with the same content are skipped; a different one is 409."""
    ids = [uuid.UUID(s["id"]) for s in statements]
    with connection.cursor() as cursor:
        # one array parameter: the ORM's IN list of a hundred ids costs more than the query
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT statement_id, submitted_digest FROM lrs_statement"
                " WHERE statement_id = ANY(%s)",
                [ids],
            )
            known = dict(cursor.fetchall())
        else:
            known = dict(
                Statement.objects.filter(statement_id__in=ids).values_list(
                    "statement_id", "submitted_digest"
                )
            )
    fresh = []
    for statement, digest in zip(statements, digests, strict=True):
        existing = known.get(uuid.UUID(statement["id"]))
        if existing is None:
            fresh.append((statement, digest))
        elif existing != digest:
            raise LrsError(409, f"statement {statement['id']} is already stored, differently")
    return fresh


def _void_targets(organisation, fresh):
    targets = {}
    for statement, _ in fresh:
        if statement["verb"]["id"] == xapi.VOIDED_VERB:
            targets[statement["object"]["id"].lower()] = statement["id"]
    if not targets:
        return
    batch_voiding = {s["id"] for s, _ in fresh if s["verb"]["id"] == xapi.VOIDED_VERB}
    if batch_voiding & set(targets):
        raise LrsError(400, "a voiding statement cannot void another voiding statement")
    stored = Statement.objects.filter(organisation=organisation, statement_id__in=list(targets))
    if stored.filter(is_voiding=True).exists():
        raise LrsError(400, "a voiding statement cannot void another voiding statement")
    stored.update(voided=True)


def _merge_activities(organisation_id, fresh):
    definitions = {}
    for statement, _ in fresh:
        for activity in xapi.activities_in(statement):
            if "definition" in activity:
                iri = activity["id"]
                definitions[iri] = xapi.merge_definition(
                    definitions.get(iri), activity["definition"]
                )
    if not definitions:
        return
    keys = {key_hash(iri): iri for iri in definitions}
    existing = {
        key: (pk, definition)
        for pk, key, definition in Activity.objects.filter(
            organisation_id=organisation_id, key__in=keys
        ).values_list("pk", "key", "definition")
    }
    changed, created = [], []
    for key, iri in keys.items():
        if key not in existing:
            created.append(
                Activity(
                    organisation_id=organisation_id, key=key, iri=iri, definition=definitions[iri]
                )
            )
            continue
        pk, definition = existing[key]
        merged = xapi.merge_definition(definition, definitions[iri])
        if merged != definition:
            changed.append(Activity(pk=pk, definition=merged))
    Activity.objects.bulk_create(created, ignore_conflicts=True)
    Activity.objects.bulk_update(changed, ["definition"])


# A StatementRef chain is followed this far when a referring statement inherits keys.
REFERENCE_DEPTH = 4


def _keys_inherited_from(statement):
    keys = xapi.statement_keys(statement)
    inherited = {
        (Relation.REF_AGENT, keys.actor),
        (Relation.REF_AGENT, keys.object_agent),
        (Relation.REF_VERB, keys.verb),
        (Relation.REF_ACTIVITY, keys.object_activity),
        (Relation.REF_REGISTRATION, (keys.registration or "").lower()),
    }
    inherited |= {(Relation.REF_RELATED_AGENT, agent) for agent in keys.related_agents}
    inherited |= {(Relation.REF_RELATED_ACTIVITY, a) for a in keys.related_activities}
    return {(relation, key_hash(value)) for relation, value in inherited if value}


def _inherited_keys(referring):
    """Keys statements with a StatementRef object take over from the statements they target,
    and from those their targets refer to, read from the stored statements themselves."""
    inherited = []
    for row in referring:
        keys, target, seen = set(), str(row["target"]), set()
        for _ in range(REFERENCE_DEPTH):
            if target in seen:
                break
            seen.add(target)
            payload = (
                Statement.objects.filter(statement_id=target)
                .values_list("payload", flat=True)
                .first()
            )
            if payload is None:
                break
            statement = orjson.loads(payload)
            keys |= _keys_inherited_from(statement)
            if statement["object"].get("objectType") != "StatementRef":
                break
            target = statement["object"]["id"].lower()
        inherited += [
            RelatedKey(statement_id=row["seq"], relation=relation, key=key)
            for relation, key in keys
        ]
    return inherited


def _store_parts(organisation_id, parts):
    if not parts:
        return
    Attachment.objects.bulk_create(
        [
            Attachment(
                organisation_id=organisation_id,
                sha2=sha2,
                content_type=p.content_type,
                content=p.content,
            )
            for sha2, p in parts.items()
        ],
        ignore_conflicts=True,
    )


def _row(client, statement, digest, stored) -> tuple[dict, xapi.StatementKeys]:
    """The statement's columns (``seq`` comes when it is written) and its keys."""
    keys = xapi.statement_keys(statement)
    return {
        "seq": None,
        "statement_id": statement["id"],
        "organisation_id": client.organisation_id,
        "client_id": client.pk,
        "stored": stored,
        "payload": orjson.dumps(statement).decode(),
        "submitted_digest": digest,
        "actor": key_hash(keys.actor) if keys.actor else None,
        "verb": key_hash(keys.verb),
        "object_agent": key_hash(keys.object_agent) if keys.object_agent else None,
        "object_activity": key_hash(keys.object_activity) if keys.object_activity else None,
        "registration": keys.registration,
        "target": keys.target_statement,
        "is_voiding": keys.voids is not None,
        "voided": False,
        "attachment_hashes": [a["sha2"] for a in statement.get("attachments", ())],
    }, keys


def _insert(rows, related):
    """Write statements (rows of columns) and their related keys; on PostgreSQL with COPY,
    several times faster than INSERT for the batches xAPI clients send."""
    if connection.vendor != "postgresql":
        created = Statement.objects.bulk_create(
            [Statement(**{k: v for k, v in row.items() if k != "seq"}) for row in rows]
        )
        for row, statement in zip(rows, created, strict=True):
            row["seq"] = statement.seq
        RelatedKey.objects.bulk_create(
            [
                RelatedKey(statement_id=row["seq"], relation=rel, key=key)
                for row, rel, key in related
            ]
        )
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('lrs_statement', 'seq'))"
            " FROM generate_series(1, %s)",
            [len(rows)],
        )
        for row, (seq,) in zip(rows, cursor.fetchall(), strict=True):
            row["seq"] = seq
    columns = list(rows[0])
    # COPY's text format written whole: several times cheaper than adapting value by value
    statements = "".join("\t".join(map(_copy_text, row.values())) + "\n" for row in rows)
    keys = "".join(f"{row['seq']}\t{int(relation)}\t{key}\n" for row, relation, key in related)
    # the raw connection's errors come back as Django's, as through its own cursors
    with connection.wrap_database_errors, connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY lrs_statement ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(statements)
        with cursor.copy("COPY lrs_relatedkey (statement_id, relation, key) FROM STDIN") as copy:
            copy.write(keys)


def _copy_text(value) -> str:
    """A column value in COPY's text format. Text here is JSON from orjson or hex digests,
    which hold no raw tab or newline, so only backslashes need escaping."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\")
    if isinstance(value, list):
        return orjson.dumps(value).decode().replace("\\", "\\\\")
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def store_statements(client, statements, parts=None, *, put_id=None, single=False):
    """Validate and store statements all or nothing; returns their ids in order."""
    if not has_scope(client, WRITE_SCOPES):
        raise LrsError(403, "this client may not write statements")
    if not statements:
        raise LrsError(400, "no statements in the request")
    parts = parts or {}
    _validate(statements, single)
    _check_attachments(statements, parts)
    _assign_ids(statements, put_id)
    digests = [_digest(s) for s in statements]
    with transaction.atomic():
        try:
            # Most batches are all new: write them at once and let the unique index find a
            # repeat, rather than look every id up first.
            with transaction.atomic():
                fresh = list(zip(statements, digests, strict=True))
                _void_targets(client.organisation_id, fresh)
                rows = _write(client, fresh)
        except IntegrityError:
            fresh = _drop_known(client.organisation_id, statements, digests)
            if not fresh:
                return [s["id"] for s in statements]
            _void_targets(client.organisation_id, fresh)
            rows = _write(client, fresh)
        RelatedKey.objects.bulk_create(_inherited_keys([r for r in rows if r["target"]]))
        _merge_activities(client.organisation_id, fresh)
        _store_parts(client.organisation_id, parts)
        stored_now = [s for s, _ in fresh]
        for listener in _stored_listeners:
            listener(client, stored_now)
    return [s["id"] for s in statements]


def _write(client, fresh) -> list[dict]:
    """Stamp the statements as stored now and write them with their keys; returns their rows."""
    now = timezone.now()
    stamp = format_time(now)
    authority = authority_of(client)
    rows, related = [], []
    for statement, digest in fresh:
        statement.pop("stored", None)
        xapi.normalise(statement)
        statement["authority"] = authority
        statement["stored"] = stamp
        statement.setdefault("timestamp", stamp)
        statement.setdefault("version", "1.0.0")
        row, keys = _row(client, statement, digest, now)
        rows.append(row)
        related.append(keys)
    _insert(
        rows,
        [
            (row, relation, key_hash(value))
            for row, keys in zip(rows, related, strict=True)
            # the actor and the object are found through the statement's own indexed columns;
            # keeping them here too would double the index writes of every statement stored
            for relation, values in (
                (Relation.AGENT, keys.other_agents),
                (Relation.ACTIVITY, keys.other_activities),
            )
            for value in values
        ],
    )
    return rows
