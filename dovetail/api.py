"""The JSON API at /api/: session or bearer-token auth, OpenAPI schema at /api/openapi.json."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled
from ninja.security import HttpBearer, django_auth

from dovetail.core.api import router as core_router
from dovetail.core.errors import ServiceError
from dovetail.core.nul import NulRefusingParser
from dovetail.core.services import user_for_token
from dovetail.core.throttling import limit_message
from dovetail.credentials.api import router as credentials_router
from dovetail.evaluation.api import router as evaluation_router
from dovetail.partnerships.api import router as partnerships_router
from dovetail.partnerships.governance_api import router as governance_router
from dovetail.placements.api import router as placements_router
from dovetail.records.api import router as records_router
from dovetail.scheduling.api import router as scheduling_router
from dovetail.skills.api import router as skills_router


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Dovetail API",
    version="1.0.0",
    description="Organisations, people, partnerships, zones, clearances, placement offers, "
    "matching rounds, practice plans, diaries, co-assessment and competencies, enterprise demand, "
    "skills mapping and gap reports, Open Badges 3.0 credentials, prior-learning claims and the "
    "credit bank, with the same "
    "permission rules as the pages. Authenticate with a session or `Authorization: Bearer <token>` "
    "(create one with `dovetail token --user NAME`).",
    auth=[TokenAuth(), django_auth],
    parser=NulRefusingParser(),
)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    # ninja's own refusals; the one about input is a body that is not JSON (or that our parser
    # refused, naming the field)
    if isinstance(exc.__cause__, ServiceError):
        return invalid(request, exc.__cause__)
    field = "body" if exc.status_code == 400 else None
    message = "The request body is not valid JSON." if field else str(exc.message)
    return api.create_response(
        request,
        {"detail": message, "code": "invalid", "field": field, "message": message},
        status=exc.status_code,
    )


@api.exception_handler(Throttled)
def throttled(request, exc):
    return api.create_response(
        request, {"detail": limit_message(), "code": "rate_limited", "field": None}, status=429
    )


# Refusals about the state of a thing (a round already published, a change already settled), not
# about the request: 409 Conflict.
CONFLICTS = {
    "state",
    "published",
    "settled",
    "closed",
    "overlap",
    "before_deadline",
    "contradiction",
}


@api.exception_handler(ServiceError)
def invalid(request, exc):
    status = {"forbidden": 403, "not_found": 404}.get(exc.code, 400)
    if exc.code in CONFLICTS:
        status = 409
    return api.create_response(request, {"detail": exc.message, **exc.as_dict()}, status=status)


api.add_router("/", core_router)
api.add_router("/", partnerships_router)
api.add_router("/", governance_router)
api.add_router("/", evaluation_router)
api.add_router("/", placements_router)
api.add_router("/", scheduling_router)
api.add_router("/", records_router)
api.add_router("/", skills_router)
api.add_router("/", credentials_router)
