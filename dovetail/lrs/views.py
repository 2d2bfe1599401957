"""The xAPI resources under /xapi/."""

import hashlib

import orjson
from django.urls import reverse
from django.utils.http import http_date

from dovetail.engines import xapi
from dovetail.lrs import services
from dovetail.lrs.models import Document
from dovetail.lrs.protocol import (
    VERSION,
    XRequest,
    agent_param,
    bool_param,
    check_params,
    iri_param,
    json_body,
    json_response,
    require_params,
    respond,
    time_param,
    uuid_param,
    xapi_view,
)
from dovetail.lrs.services import LrsError, Part, StatementQuery

_QUERY_PARAMS = {
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
}
_SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}


# ---- reading statements -------------------------------------------------------------------


def _formatter(xrequest):
    chosen = xrequest.params.get("format", "exact")
    if chosen == "exact":
        return lambda statement: statement
    if chosen == "ids":
        return xapi.ids_format
    if chosen == "canonical":
        languages = xrequest.languages()
        return lambda statement: xapi.canonical_format(statement, languages)
    raise LrsError(400, "format: must be exact, ids or canonical")


def _with_attachments(xrequest, payload, statements, attachments):
    if not attachments:
        return respond(content=orjson.dumps(payload))
    parts = [({"Content-Type": "application/json"}, orjson.dumps(payload))]
    for sha2, content_type, content in services.attachments_of(xrequest.client, statements):
        parts.append(
            (
                {
                    "Content-Type": content_type,
                    "Content-Transfer-Encoding": "binary",
                    "X-Experience-API-Hash": sha2,
                },
                content,
            )
        )
    body, boundary = xapi.build_multipart(parts)
    return respond(content=body, content_type=f"multipart/mixed; boundary={boundary}")


def _query_from(xrequest):
    check_params(xrequest, _QUERY_PARAMS)
    limit = xrequest.params.get("limit", "0")
    if not limit.isdigit():
        raise LrsError(400, "limit: must be a whole number")
    return StatementQuery(
        agent=agent_param(xrequest),
        verb=iri_param(xrequest, "verb"),
        activity=iri_param(xrequest, "activity"),
        registration=uuid_param(xrequest, "registration"),
        related_activities=bool_param(xrequest, "related_activities"),
        related_agents=bool_param(xrequest, "related_agents"),
        since=time_param(xrequest, "since"),
        until=time_param(xrequest, "until"),
        limit=int(limit),
        ascending=bool_param(xrequest, "ascending"),
    )


def _result_page(xrequest, query):
    formatter = _formatter(xrequest)
    attachments = bool_param(xrequest, "attachments")
    statements, more = services.query_statements(xrequest.client, query)
    payload = {
        "statements": [formatter(s) for s in statements],
        "more": reverse("lrs:more", args=[more]) if more else "",
    }
    return _with_attachments(xrequest, payload, statements, attachments)


def get_statements(xrequest):
    single = {"statementId", "voidedStatementId"} & set(xrequest.params)
    if not single:
        return _result_page(xrequest, _query_from(xrequest))
    if len(single) == 2:
        raise LrsError(400, "send statementId or voidedStatementId, not both")
    check_params(xrequest, _SINGLE_PARAMS)
    name = single.pop()
    statement_id = uuid_param(xrequest, name)
    formatter = _formatter(xrequest)
    attachments = bool_param(xrequest, "attachments")
    statement, stored = services.get_statement(
        xrequest.client, statement_id, voided=name == "voidedStatementId"
    )
    response = _with_attachments(xrequest, formatter(statement), [statement], attachments)
    response["Last-Modified"] = http_date(stored.timestamp())
    return response


def more_statements(xrequest, token):
    check_params(xrequest, {"format", "attachments"})
    return _result_page(xrequest, StatementQuery.from_token(token))


# ---- writing statements -------------------------------------------------------------------


def _statements_and_parts(xrequest):
    media = xrequest.media_type
    if media == "application/json":
        return json_body(xrequest), {}
    if media != "multipart/mixed":
        raise LrsError(400, "statements are sent as application/json or multipart/mixed")
    boundary = ""
    for item in xrequest.content_type.split(";")[1:]:
        name, _sep, value = item.strip().partition("=")
        if name.lower() == "boundary":
            boundary = value.strip('"')
    if not boundary:
        raise LrsError(400, "multipart/mixed needs a boundary")
    try:
        parts = xapi.parse_multipart(xrequest.body, boundary)
    except xapi.MalformedMultipart as error:
        raise LrsError(400, f"multipart body: {error}") from None
    first_headers, first = parts[0]
    if first_headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise LrsError(400, "the first part of a multipart request is application/json")
    attachments = {}
    for index, (headers, content) in enumerate(parts[1:], start=1):
        declared = headers.get("x-experience-api-hash")
        if not declared:
            raise LrsError(400, f"part {index}: X-Experience-API-Hash header is missing")
        if headers.get("content-transfer-encoding", "").lower() != "binary":
            raise LrsError(400, f"part {index}: Content-Transfer-Encoding must be binary")
        if hashlib.sha256(content).hexdigest() != declared.lower():
            raise LrsError(400, f"part {index}: content does not match its SHA-2 hash")
        attachments[declared.lower()] = Part(headers.get("content-type", ""), content)
    try:
        return orjson.loads(first), attachments
    except orjson.JSONDecodeError:
        raise LrsError(400, "the statement part is not valid JSON") from None


def post_statements(xrequest):
    check_params(xrequest, ())
    body, parts = _statements_and_parts(xrequest)
    single = isinstance(body, dict)
    statements = [body] if single else body
    if not isinstance(statements, list):
        raise LrsError(400, "send a statement or a list of statements")
    ids = services.store_statements(xrequest.client, statements, parts, single=single)
    return json_response(ids)


def put_statement(xrequest):
    check_params(xrequest, {"statementId"}, required=["statementId"])
    statement_id = uuid_param(xrequest, "statementId")
    body, parts = _statements_and_parts(xrequest)
    if not isinstance(body, dict):
        raise LrsError(400, "PUT carries one statement")
    services.store_statements(xrequest.client, [body], parts, put_id=statement_id, single=True)
    return respond(204, content_type="text/plain")


statements = xapi_view(
    {"GET": get_statements, "POST": post_statements, "PUT": put_statement},
    consistent_through=True,
)
more = xapi_view({"GET": more_statements}, consistent_through=True)


# ---- documents ----------------------------------------------------------------------------


def _document_response(document):
    return respond(
        content=bytes(document.content),
        content_type=document.content_type,
        headers={
            "ETag": f'"{document.etag}"',
            "Last-Modified": http_date(document.updated.timestamp()),
        },
    )


def _document_handlers(base, place_of, id_name, *, delete_needs_id):
    """GET/PUT/POST/DELETE for one document resource: ``base`` names the parameters that say
    where its documents live, which ``place_of`` reads."""

    def get(xrequest):
        check_params(xrequest, base | {id_name, "since"})
        place = place_of(xrequest)
        if id_name in xrequest.params:
            if "since" in xrequest.params:
                raise LrsError(400, f"since only lists documents; it cannot go with {id_name}")
            return _document_response(
                services.get_document(xrequest.client, place, xrequest.params[id_name])
            )
        since = time_param(xrequest, "since")
        return json_response(services.document_ids(xrequest.client, place, since))

    def write(merge):
        def handler(xrequest):
            check_params(xrequest, base | {id_name}, required=[id_name])
            place = place_of(xrequest)
            services.put_document(
                xrequest.client,
                place,
                xrequest.params[id_name],
                xrequest.body,
                xrequest.content_type,
                merge=merge,
                if_match=xrequest.headers.get("if-match"),
                if_none_match=xrequest.headers.get("if-none-match"),
            )
            return respond(204, content_type="text/plain")

        return handler

    def delete(xrequest):
        required = [id_name] if delete_needs_id else []
        check_params(xrequest, base | {id_name}, required=required)
        place = place_of(xrequest)
        services.delete_documents(
            xrequest.client,
            place,
            xrequest.params.get(id_name),
            if_match=xrequest.headers.get("if-match"),
        )
        return respond(204, content_type="text/plain")

    return xapi_view({"GET": get, "PUT": write(False), "POST": write(True), "DELETE": delete})


def _state_place(xrequest):
    require_params(xrequest, "activityId", "agent")
    return services.Place(
        Document.Kind.STATE,
        activity=iri_param(xrequest, "activityId"),
        agent=agent_param(xrequest),
        registration=uuid_param(xrequest, "registration"),
    )


def _activity_profile_place(xrequest):
    require_params(xrequest, "activityId")
    return services.Place(
        Document.Kind.ACTIVITY_PROFILE, activity=iri_param(xrequest, "activityId")
    )


def _agent_profile_place(xrequest):
    require_params(xrequest, "agent")
    return services.Place(Document.Kind.AGENT_PROFILE, agent=agent_param(xrequest))


state = _document_handlers(
    {"activityId", "agent", "registration"}, _state_place, "stateId", delete_needs_id=False
)
activity_profile = _document_handlers(
    {"activityId"}, _activity_profile_place, "profileId", delete_needs_id=True
)
agent_profile = _document_handlers(
    {"agent"}, _agent_profile_place, "profileId", delete_needs_id=True
)


# ---- activities, agents, about ------------------------------------------------------------


def get_activity(xrequest: XRequest):
    check_params(xrequest, {"activityId"}, required=["activityId"])
    activity_id = iri_param(xrequest, "activityId")
    return json_response(services.activity_object(xrequest.client, activity_id))


def get_person(xrequest):
    check_params(xrequest, {"agent"}, required=["agent"])
    return json_response(services.person_object(agent_param(xrequest)))


def get_about(xrequest):
    return json_response({"version": [VERSION, "1.0.2", "1.0.1", "1.0.0"], "extensions": {}})


activities = xapi_view({"GET": get_activity})
agents = xapi_view({"GET": get_person})
about = xapi_view({"GET": get_about}, authenticate=False)
