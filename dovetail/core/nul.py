"""PostgreSQL cannot store the NUL character in text; a request carrying one is refused, naming
the field, before it reaches the database."""

import json

from django.http import JsonResponse
from ninja.parser import Parser

from dovetail.core.errors import ServiceError

NUL = "\x00"


def _first_nul(value, path="body"):
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _first_nul(key, path) if isinstance(key, str) else None
        found = found or _first_nul(item, f"{path}.{key}")
        if found:
            return found
    return None


class NulRefusingParser(Parser):
    def parse_body(self, request):
        data = json.loads(request.body)
        field = _first_nul(data)
        if field:
            raise ServiceError(f"{field}: text may not contain the NUL character.", field=field)
        return data


def refuse_nul_parameters(get_response):
    def middleware(request):
        for name, values in request.GET.lists():
            if NUL in name or any(NUL in value for value in values):
                message = f"{name}: text may not contain the NUL character."
                if request.path.startswith("/xapi/"):  # the LRS's own error shape
                    body = {"error": {"code": 400, "message": message}}
                else:
                    body = {"detail": message, "code": "invalid", "field": name, "message": message}
                return JsonResponse(body, status=400)
        return get_response(request)

    return middleware
