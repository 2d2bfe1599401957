"""Reading statements back: one by id, or pages of a filtered query."""

from dataclasses import dataclass

import orjson
from django.core import signing
from django.db.models import Q

from dovetail.engines import xapi
from dovetail.lrs.models import Attachment, RelatedKey, Relation, Statement
from dovetail.lrs.services.clients import READ_SCOPES, has_scope
from dovetail.lrs.services.common import LrsError, key_hash

PAGE_SIZE = 100


def _readable(client):
    if has_scope(client, READ_SCOPES):
        return Statement.objects.filter(organisation_id=client.organisation_id)
    if has_scope(client, {"statements/read/mine"}):
        return Statement.objects.filter(client=client)
    raise LrsError(403, "this client may not read statements")


def get_statement(client, statement_id, *, voided):
    """The stored statement with this id; ``voided`` asks for a voided one (voidedStatementId)."""
    row = (
        _readable(client)
        .filter(statement_id=statement_id, voided=voided)
        .values_list("payload", "stored")
        .first()
    )
    if row is None:
        raise LrsError(404, f"no {'voided ' if voided else ''}statement {statement_id}")
    return orjson.loads(row[0]), row[1]


@dataclass
class StatementQuery:
    agent: dict | None = None
    verb: str | None = None
    activity: str | None = None
    registration: str | None = None
    related_activities: bool = False
    related_agents: bool = False
    since: object = None
    until: object = None
    limit: int = 0
    ascending: bool = False
    after_seq: int | None = None

    def as_token(self, after_seq):
        fields = {**self.__dict__, "after_seq": after_seq}
        for name in ("since", "until"):
            if fields[name] is not None:
                fields[name] = fields[name].isoformat()
        return signing.dumps(fields, salt="xapi-more", compress=True)

    @classmethod
    def from_token(cls, token):
        try:
            fields = signing.loads(token, salt="xapi-more")
        except signing.BadSignature:
            raise LrsError(400, "the 'more' link is not one this LRS gave") from None
        for name in ("since", "until"):
            if fields[name] is not None:
                fields[name] = xapi.parse_timestamp(fields[name])
        return cls(**fields)


def _related(relation, key):
    return RelatedKey.objects.filter(relation=relation, key=key).values("statement_id")


def _criteria(query):
    """[(direct filter, relation and key a referring statement inherits)] for the query."""
    criteria = []
    if query.agent is not None:
        key = key_hash(xapi.agent_key(query.agent) or "")
        if query.related_agents:
            criteria.append(
                (Q(seq__in=_related(Relation.AGENT, key)), (Relation.REF_RELATED_AGENT, key))
            )
        else:
            criteria.append((Q(actor=key) | Q(object_agent=key), (Relation.REF_AGENT, key)))
    if query.verb:
        key = key_hash(query.verb)
        criteria.append((Q(verb=key), (Relation.REF_VERB, key)))
    if query.activity:
        key = key_hash(query.activity)
        if query.related_activities:
            criteria.append(
                (Q(seq__in=_related(Relation.ACTIVITY, key)), (Relation.REF_RELATED_ACTIVITY, key))
            )
        else:
            criteria.append((Q(object_activity=key), (Relation.REF_ACTIVITY, key)))
    if query.registration:
        criteria.append(
            (
                Q(registration=query.registration),
                (Relation.REF_REGISTRATION, key_hash(query.registration)),
            )
        )
    return criteria


def query_statements(client, query):
    """(statements, token of the next page or None), newest first unless ascending.

    Statements that target a matching statement through a StatementRef match too; they are a
    second indexed query merged with the first, so neither becomes a scan."""
    rows = _readable(client).filter(voided=False)
    if query.since is not None:
        rows = rows.filter(stored__gt=query.since)
    if query.until is not None:
        rows = rows.filter(stored__lte=query.until)
    if query.after_seq is not None:
        after = "seq__gt" if query.ascending else "seq__lt"
        rows = rows.filter(**{after: query.after_seq})
    page = min(query.limit or PAGE_SIZE, PAGE_SIZE)
    order = "seq" if query.ascending else "-seq"
    criteria = _criteria(query)
    direct = rows
    for condition, _inherited in criteria:
        direct = direct.filter(condition)
    found = dict(direct.order_by(order).values_list("seq", "payload")[: page + 1])
    if criteria:
        referring = rows
        for _condition, (relation, key) in criteria:
            referring = referring.filter(seq__in=_related(relation, key))
        found.update(referring.order_by(order).values_list("seq", "payload")[: page + 1])
    ordered = sorted(found.items(), reverse=not query.ascending)
    more = query.as_token(ordered[page - 1][0]) if len(ordered) > page else None
    return [orjson.loads(payload) for _seq, payload in ordered[:page]], more


def attachments_of(client, statements):
    """[(sha2, content type, content)] of the attachments these statements name, stored here."""
    wanted = {a["sha2"] for s in statements for a in s.get("attachments", ())}
    if not wanted:
        return []
    rows = Attachment.objects.filter(organisation_id=client.organisation_id, sha2__in=wanted)
    return [(a.sha2, a.content_type, bytes(a.content)) for a in rows]
