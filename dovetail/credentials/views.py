from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from dovetail.core.models import Organisation
from dovetail.credentials import keys


def did_document(request, code):
    """An organisation's DID document, public, for anyone verifying what it issued."""
    organisation = get_object_or_404(Organisation, code=code)
    return JsonResponse(keys.did_document(organisation), content_type="application/did+ld+json")
