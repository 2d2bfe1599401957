"""Credential evidence, as the evaluation reads it."""

from datetime import date

from django.db.models import Count

from dovetail.credentials.models import Credential


def credentials_earned(college_ids, *, as_of: date) -> dict[tuple[int, int], int]:
    """{(college id, enterprise id): credentials the college issued by ``as_of``, not revoked,
    for learning its learners did and were assessed on at the enterprise}."""
    rows = (
        Credential.objects.filter(
            issuer_id__in=college_ids, earned_at__isnull=False, issued_at__date__lte=as_of
        )
        .exclude(status=Credential.Status.REVOKED)
        .values("issuer_id", "earned_at_id")
        .annotate(count=Count("pk"))
    )
    return {(row["issuer_id"], row["earned_at_id"]): row["count"] for row in rows}
