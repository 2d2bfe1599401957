"""Placement evidence, as the evaluation reads it: what was held and completed, by partnership
and by learner group."""

from datetime import date

from django.db.models import Count, Q

from dovetail.placements.models import Offer, Placement
from dovetail.placements.services import GROUP_NAMES


def placements_by_partner(college_ids, *, as_of: date) -> dict[tuple[int, int], dict]:
    """{(college id, enterprise id): {"held", "ended", "completed"}} up to ``as_of``: placements
    begun, those that should have ended, and those completed."""
    rows = (
        Placement.objects.filter(learner__college_id__in=college_ids, starts_on__lte=as_of)
        .exclude(status=Placement.Status.CANCELLED)
        .values("learner__college_id", "offer__enterprise_id")
        .annotate(
            held=Count("pk"),
            ended=Count("pk", filter=Q(ends_on__lte=as_of)),
            completed=Count("pk", filter=Q(ends_on__lte=as_of, status=Placement.Status.COMPLETED)),
        )
    )
    return {
        (row["learner__college_id"], row["offer__enterprise_id"]): {
            "held": row["held"],
            "ended": row["ended"],
            "completed": row["completed"],
        }
        for row in rows
    }


def placement_rates_by_group(learners, *, as_of: date) -> list[dict]:
    """For all learners of ``learners`` (a queryset of learner profiles) and each group that
    inclusion is measured for: how many there are, how many held a placement, how many
    completed one, and how many were placed remotely or virtually."""
    placed = Placement.objects.filter(starts_on__lte=as_of).exclude(
        status=Placement.Status.CANCELLED
    )
    groups = [("all", None), *((code, code) for code in GROUP_NAMES)]
    rows = []
    for code, flag in groups:
        members = learners.filter(**{flag: True}) if flag else learners
        held = placed.filter(learner__in=members)
        rows.append(
            {
                "group": code,
                "learners": members.count(),
                "placed": held.values("learner").distinct().count(),
                "completed": held.filter(status=Placement.Status.COMPLETED)
                .values("learner")
                .distinct()
                .count(),
                "remote": held.filter(offer__mode__in=[Offer.Mode.REMOTE, Offer.Mode.VIRTUAL])
                .values("learner")
                .distinct()
                .count(),
            }
        )
    return rows


def completed_placements(learner_ids, *, as_of: date) -> dict[int, Placement]:
    """{learner id: their latest placement completed (or ended, not cancelled) by ``as_of``}."""
    rows = (
        Placement.objects.filter(learner_id__in=learner_ids, ends_on__lte=as_of)
        .exclude(status=Placement.Status.CANCELLED)
        .select_related("offer__enterprise")
        .order_by("ends_on", "pk")
    )
    return {row.learner_id: row for row in rows}
