"""Programmes and modules."""

from django.db.models import Sum

from dovetail.core.permissions import visible
from dovetail.curriculum.models import Module, Programme


def programme_ids_by_code(college_ids) -> dict[tuple[int, str], int]:
    """{(college id, programme code): programme id} for the given colleges."""
    return {
        (college_id, code): pk
        for pk, college_id, code in Programme.objects.filter(
            college_id__in=college_ids
        ).values_list("pk", "college_id", "code")
    }


def programmes_of(user, college):
    """A college's programmes with their modules, as ``user`` may see them."""
    return visible(user, Programme.objects.filter(college=college)).prefetch_related("modules")


def workplace_hours_by_programme(programme_ids) -> dict[int, int]:
    """{programme id: hours of its modules taught at the workplace}."""
    rows = (
        Module.objects.filter(programme_id__in=programme_ids, workplace_based=True)
        .values("programme_id")
        .annotate(hours=Sum("hours"))
    )
    return {row["programme_id"]: row["hours"] for row in rows}


def modules_of(user, college):
    """The modules of a college's programmes that the user may see."""
    return visible(user, Module).filter(programme__college=college).select_related("programme")
