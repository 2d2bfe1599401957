"""Reading statements back: one by id, or pages of a filtered query."""

from dataclasses import dataclass
from itertools import product

import orjson
from django.core import signing
from django.db.models import Q

from dovetail.engines import xapi
from dovetail.lrs.models import Attachment, RelatedKey, Relation, Statement
from dovetail.lrs.services.clients import READ_SCOPES, has_scope
from dovetail.lrs.services.common import LrsError, key_hash

PAGE_SIZE = 100


def _reader_scope(client):
    """Which statements the client may read, as lookups on the statement."""
    if has_scope(client, READ_SCOPES):
        return {"organisation_id": client.organisation_id}
    if has_scope(client, {"statements/read/mine"}):
        return {"client_id": client.pk}
    raise LrsError(403, "this client may not read statements")


def _readable(client):
    return Statement.objects.filter(**_reader_scope(client))


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


@dataclass(frozen=True)
class _Criterion:
    """One filter of a query: lookups on the statement itself, a key in the related index, or
    either of the two."""

    lookups: tuple = ()
    related: tuple | None = None  # (relation, key)

    def alternatives(self):
        """This criterion as criteria of one kind each, so every one is served by an index."""
        if self.lookups and self.related is not None:
            return [_Criterion(lookups=self.lookups), _Criterion(related=self.related)]
        return [self]

    def q(self, prefix):
        if self.related is None:
            return Q(
                *[Q(**{prefix + name: value}) for name, value in self.lookups], _connector=Q.OR
            )
        relation, key = self.related
        return Q(
            **{
                prefix + "seq__in": RelatedKey.objects.filter(relation=relation, key=key).values(
                    "statement_id"
                )
            }
        )


def _criteria(query):
    """(direct criteria, the criteria a statement referring to a match inherits)."""
    direct, inherited = [], []
    if query.agent is not None:
        key = key_hash(xapi.agent_key(query.agent) or "")
        if query.related_agents:
            direct.append(
                _Criterion(
                    lookups=(("actor", key), ("object_agent", key)), related=(Relation.AGENT, key)
                )
            )
            inherited.append(_Criterion(related=(Relation.REF_RELATED_AGENT, key)))
        else:
            direct.append(_Criterion(lookups=(("actor", key), ("object_agent", key))))
            inherited.append(_Criterion(related=(Relation.REF_AGENT, key)))
    if query.verb:
        key = key_hash(query.verb)
        direct.append(_Criterion(lookups=(("verb", key),)))
        inherited.append(_Criterion(related=(Relation.REF_VERB, key)))
    if query.activity:
        key = key_hash(query.activity)
        if query.related_activities:
            direct.append(
                _Criterion(lookups=(("object_activity", key),), related=(Relation.ACTIVITY, key))
            )
            inherited.append(_Criterion(related=(Relation.REF_RELATED_ACTIVITY, key)))
        else:
            direct.append(_Criterion(lookups=(("object_activity", key),)))
            inherited.append(_Criterion(related=(Relation.REF_ACTIVITY, key)))
    if query.registration:
        direct.append(_Criterion(lookups=(("registration", query.registration),)))
        inherited.append(
            _Criterion(related=(Relation.REF_REGISTRATION, key_hash(query.registration)))
        )
    return direct, inherited


def _page(client, query, criteria, size):
    """[(seq, payload)] of one page. A related-index criterion drives the query: its index is
    read newest first and joined to the statements, so a popular activity costs one page."""
    driver = next((c for c in criteria if c.related is not None), None)
    if driver is None:
        rows, prefix, seq = Statement.objects.all(), "", "seq"
    else:
        relation, key = driver.related
        rows = RelatedKey.objects.filter(relation=relation, key=key)
        prefix, seq = "statement__", "statement_id"
    rows = rows.filter(
        **{prefix + name: value for name, value in _reader_scope(client).items()},
        **{prefix + "voided": False},
    )
    if query.since is not None:
        rows = rows.filter(**{prefix + "stored__gt": query.since})
    if query.until is not None:
        rows = rows.filter(**{prefix + "stored__lte": query.until})
    if query.after_seq is not None:
        rows = rows.filter(**{seq + ("__gt" if query.ascending else "__lt"): query.after_seq})
    for criterion in criteria:
        if criterion is not driver:
            rows = rows.filter(criterion.q(prefix))
    order = seq if query.ascending else "-" + seq
    return list(rows.order_by(order).values_list(seq, prefix + "payload")[:size])


def query_statements(client, query):
    """(statements, token of the next page or None), newest first unless ascending.

    Statements that target a matching statement through a StatementRef match too, and a
    related agent or activity is found in the statement's own columns or in the related index:
    each is an indexed query of its own, merged with the others, so none becomes a scan."""
    page = min(query.limit or PAGE_SIZE, PAGE_SIZE)
    direct, inherited = _criteria(query)
    found = {}
    for criteria in product(*(criterion.alternatives() for criterion in direct)):
        found.update(_page(client, query, criteria, page + 1))
    if inherited:
        found.update(_page(client, query, inherited, page + 1))
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
