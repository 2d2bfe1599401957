"""Governance evidence, as the evaluation reads it: per partnership, what the ledger, the
exchanges and the conflict cases show up to a day."""

from datetime import date

from django.db.models import Count, F, Q, Sum

from dovetail.partnerships.conflicts import settled_into_rules_or_adjustments
from dovetail.partnerships.models import (
    Commitment,
    ConflictCase,
    ExchangeOutput,
    Fulfilment,
)


def governance_by_partnership(partnership_ids, *, as_of: date) -> dict[int, dict]:
    """{partnership id: {"mentor_hours", "commitments_due", "commitments_on_time",
    "conflicts_embedded", "exchange_hours"}}."""
    evidence = {
        pk: {
            "mentor_hours": 0.0,
            "commitments_due": 0,
            "commitments_on_time": 0,
            "conflicts_embedded": 0,
            "exchange_hours": 0.0,
        }
        for pk in partnership_ids
    }
    for row in (
        Fulfilment.objects.filter(
            commitment__partnership_id__in=partnership_ids,
            commitment__kind=Commitment.Kind.MENTOR_HOURS,
            delivered_on__lte=as_of,
        )
        .values("commitment__partnership_id")
        .annotate(hours=Sum("quantity"))
    ):
        evidence[row["commitment__partnership_id"]]["mentor_hours"] = float(row["hours"])
    for row in (
        Commitment.objects.filter(partnership_id__in=partnership_ids, due_on__lte=as_of)
        .values("partnership_id")
        .annotate(
            due=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(
                    status=Commitment.Status.FULFILLED,
                    fulfilled_on__lte=F("due_on"),
                ),
            ),
        )
    ):
        evidence[row["partnership_id"]]["commitments_due"] = row["due"]
        evidence[row["partnership_id"]]["commitments_on_time"] = row["on_time"]
    for row in (
        ConflictCase.objects.filter(
            settled_into_rules_or_adjustments(),
            partnership_id__in=partnership_ids,
            settled_on__lte=as_of,
        )
        .values("partnership_id")
        .annotate(count=Count("pk"))
    ):
        evidence[row["partnership_id"]]["conflicts_embedded"] = row["count"]
    for row in (
        ExchangeOutput.objects.filter(
            appointment__partnership_id__in=partnership_ids, delivered_on__lte=as_of
        )
        .values("appointment__partnership_id")
        .annotate(hours=Sum("hours"))
    ):
        evidence[row["appointment__partnership_id"]]["exchange_hours"] = float(row["hours"])
    return evidence
