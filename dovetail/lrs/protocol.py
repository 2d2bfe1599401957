"""The HTTP side of xAPI: version headers, Basic credentials, the alternate request syntax,
parameter checks and responses. Views hand an :class:`XRequest` to the services."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

import orjson
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from dovetail.engines import xapi
from dovetail.lrs import services
from dovetail.lrs.services import LrsError

VERSION = "1.0.3"
_ACCEPTED_VERSION = re.compile(r"^1\.0(\.\d+)?$")
# Form fields of the alternate request syntax that stand for headers, not parameters.
_HEADER_FIELDS = {
    "authorization",
    "x-experience-api-version",
    "content-type",
    "content-length",
    "if-match",
    "if-none-match",
}
_METHODS = {"GET", "HEAD", "PUT", "POST", "DELETE"}


@dataclass
class XRequest:
    method: str
    params: dict
    headers: dict
    body: bytes
    client: object = None

    @property
    def content_type(self):
        return self.headers.get("content-type", "")

    @property
    def media_type(self):
        return self.content_type.split(";")[0].strip().lower()

    def languages(self):
        header = self.headers.get("accept-language", "")
        weighted = []
        for item in header.split(","):
            tag, _sep, quality = item.strip().partition(";q=")
            if tag and tag != "*":
                try:
                    weighted.append((float(quality or 1), tag.strip()))
                except ValueError:
                    continue
        return [tag for _q, tag in sorted(weighted, key=lambda pair: -pair[0])]


def _alternate(request):
    if request.method != "POST":
        raise LrsError(400, "the alternate request syntax is only issued as a POST")
    if set(request.GET) != {"method"}:
        raise LrsError(400, "with the alternate request syntax only 'method' is in the query")
    method = request.GET["method"].upper()
    if method not in _METHODS:
        raise LrsError(400, f"unknown method {method!r}")
    media = request.content_type.split(";")[0].strip().lower()
    if media != "application/x-www-form-urlencoded":
        raise LrsError(400, "the alternate request syntax sends application/x-www-form-urlencoded")
    try:
        fields = parse_qsl(
            request.body.decode("utf-8"), keep_blank_values=True, strict_parsing=False
        )
    except UnicodeDecodeError:
        raise LrsError(400, "the form is not UTF-8") from None
    headers = {name.lower(): value for name, value in request.headers.items()}
    headers.pop("content-type", None)
    params, body = {}, b""
    for name, value in fields:
        if name.lower() in _HEADER_FIELDS:
            headers[name.lower()] = value
        elif name == "content":
            body = value.encode()
        else:
            params[name] = value
    headers.setdefault("content-type", "application/json")
    return XRequest(method, params, headers, body)


def parse_request(request):
    if "method" in request.GET:
        return _alternate(request)
    return XRequest(
        request.method,
        {name: request.GET[name] for name in request.GET},
        {name.lower(): value for name, value in request.headers.items()},
        request.body,
    )


def respond(status=200, content=b"", content_type="application/json", headers=None):
    response = HttpResponse(content, status=status, content_type=content_type)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def json_response(value, status=200, headers=None):
    return respond(status, orjson.dumps(value), headers=headers)


def _error(status, message):
    return json_response({"error": {"code": status, "message": message}}, status=status)


def xapi_view(handlers, *, authenticate=True, consistent_through=False):
    """A view dispatching on the (possibly alternate) method to ``handlers[METHOD](xrequest)``.
    ``consistent_through`` adds the header the statements resource sends with every answer."""

    @csrf_exempt
    def view(request, **kwargs):
        if request.method == "OPTIONS":
            return _with_cors(respond(204, content_type="text/plain"))
        # taken before the work: every statement stored by then is in what this answer reads
        through = services.format_time(timezone.now())
        try:
            response = _dispatch(request, handlers, authenticate, kwargs)
        except LrsError as error:
            response = _error(error.status, error.message)
            if error.status == 401:
                response["WWW-Authenticate"] = 'Basic realm="Dovetail LRS"'
        response["X-Experience-API-Version"] = VERSION
        _with_cors(response)
        if consistent_through:
            response["X-Experience-API-Consistent-Through"] = through
        return response

    return view


def _with_cors(response):
    """Learning content running in a browser (web simulators, virtual rooms) talks to the LRS
    from its own origin; credentials, not origins, decide what it may do."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, PUT, POST, DELETE, OPTIONS"
    response["Access-Control-Allow-Headers"] = (
        "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match"
    )
    response["Access-Control-Expose-Headers"] = (
        "ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through"
    )
    return response


def _dispatch(request, handlers, authenticate, kwargs):
    xrequest = parse_request(request)
    if authenticate:
        version = xrequest.headers.get("x-experience-api-version")
        if version is None:
            raise LrsError(400, "send the X-Experience-API-Version header")
        if not _ACCEPTED_VERSION.match(version):
            raise LrsError(400, f"xAPI version {version!r} is not supported; use 1.0.x")
        xrequest.client = services.authenticate(xrequest.headers.get("authorization"))
        if xrequest.client is None:
            raise LrsError(401, "HTTP Basic credentials of an LRS client are needed")
    handler = handlers.get("GET" if xrequest.method == "HEAD" else xrequest.method)
    if handler is None:
        raise LrsError(405, f"{xrequest.method} is not allowed here")
    response = handler(xrequest, **kwargs)
    if xrequest.method == "HEAD":
        response.content = b""
    return response


def check_params(xrequest, allowed, required=()):
    unknown = sorted(set(xrequest.params) - set(allowed))
    if unknown:
        raise LrsError(400, f"unknown parameter(s): {', '.join(unknown)}")
    require_params(xrequest, *required)


def require_params(xrequest, *names):
    for name in names:
        if name not in xrequest.params:
            raise LrsError(400, f"the {name} parameter is required")


def iri_param(xrequest, name):
    value = xrequest.params.get(name)
    if value is not None and not xapi.is_iri(value):
        raise LrsError(400, f"{name}: must be an IRI")
    return value


def uuid_param(xrequest, name):
    value = xrequest.params.get(name)
    if value is not None and not xapi.is_uuid(value):
        raise LrsError(400, f"{name}: must be a UUID")
    return value.lower() if value else None


def agent_param(xrequest, name="agent"):
    value = xrequest.params.get(name)
    if value is None:
        return None
    try:
        agent = orjson.loads(value)
        xapi.validate_actor(agent, name)
    except orjson.JSONDecodeError:
        raise LrsError(400, f"{name}: must be a JSON agent") from None
    except xapi.InvalidStatement as error:
        raise LrsError(400, str(error)) from None
    return agent


def time_param(xrequest, name):
    value = xrequest.params.get(name)
    if value is None:
        return None
    moment = xapi.parse_timestamp(value)
    if moment is None:
        raise LrsError(400, f"{name}: must be an ISO 8601 timestamp")
    return moment


def bool_param(xrequest, name):
    value = xrequest.params.get(name, "false")
    if value not in ("true", "false"):
        raise LrsError(400, f"{name}: must be true or false")
    return value == "true"


def json_body(xrequest):
    try:
        return orjson.loads(xrequest.body)
    except orjson.JSONDecodeError:
        raise LrsError(400, "the body is not valid JSON") from None
