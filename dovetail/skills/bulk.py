"""Skills' rows many at a time (see :mod:`dovetail.core.bulk`): demand, mapped onto the skills
taxonomy as it is added."""

from dovetail.core.bulk import insert
from dovetail.skills.demand import map_demands
from dovetail.skills.models import Demand, Occupation, Skill
from dovetail.skills.services import DEFAULT_TAXONOMY_SLUG


def add_demands(rows) -> list[Demand]:
    demands = insert(Demand, rows)
    map_demands([demand.pk for demand in demands])
    return demands


def default_skills() -> dict[str, Skill]:
    """The default taxonomy's skills by code (the demo region is built on them)."""
    return {
        skill.code: skill
        for skill in Skill.objects.filter(taxonomy__slug=DEFAULT_TAXONOMY_SLUG).select_related(
            "parent"
        )
    }


def default_occupations() -> dict[str, Occupation]:
    return {
        occupation.code: occupation
        for occupation in Occupation.objects.filter(taxonomy__slug=DEFAULT_TAXONOMY_SLUG)
    }
