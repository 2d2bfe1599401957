"""Refuse a request body larger than any upload may be, before Django reads it."""

from django.conf import settings
from django.http import HttpResponse


def request_size_limit(get_response):
    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DOVETAIL_MAX_REQUEST_BYTES
        if length > limit:
            return HttpResponse(
                f"The request is larger than {limit // (1024 * 1024)} MB.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return get_response(request)

    return middleware
