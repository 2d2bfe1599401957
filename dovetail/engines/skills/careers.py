"""Continuing education that follows a career: which skills a graduate's occupation asks for
now that their record does not show, and which courses teach them.

An occupation's demand is the share of its recent demands (job adverts, requests) that name
each skill; the essential skills a taxonomy lists for it stand in, at a lower weight, where
little has been posted. A course is worth offering by the share of the missing demand it
covers.

>>> demand = occupation_demand([(1, 10), (1, 11), (2, 10)], essential={12})
>>> sorted(demand.items())
[(10, 1.0), (11, 0.5), (12, 0.25)]
>>> missing = missing_skills(demand, held={10})
>>> [(m.course, m.covers) for m in rank_courses(missing, [Course(7, frozenset({11}))])]
[(7, (11,))]
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# what an essential skill counts for when no posted demand names it
ESSENTIAL_WEIGHT = 0.25
MIN_SHARE = 0.2


@dataclass(frozen=True)
class Course:
    id: int
    skills: frozenset[int]


@dataclass(frozen=True)
class CourseMatch:
    course: int
    covers: tuple[int, ...]
    score: float


def occupation_demand(
    demand_skills: Iterable[tuple[int, int]], *, essential: Iterable[int] = ()
) -> dict[int, float]:
    """{skill: weight in 0..1} from ``(demand id, skill id)`` pairs: the share of demands that
    name the skill, or ``ESSENTIAL_WEIGHT`` for an essential skill none names."""
    demands_naming: dict[int, set[int]] = defaultdict(set)
    demands = set()
    for demand, skill in demand_skills:
        demands.add(demand)
        demands_naming[skill].add(demand)
    weights = {skill: len(named) / len(demands) for skill, named in demands_naming.items()}
    for skill in essential:
        weights.setdefault(skill, ESSENTIAL_WEIGHT)
    return weights


def missing_skills(
    demanded: dict[int, float], held: Iterable[int], *, min_share: float = MIN_SHARE
) -> dict[int, float]:
    """The demanded skills, at ``min_share`` or more, that ``held`` does not include."""
    held = set(held)
    return {
        skill: weight
        for skill, weight in demanded.items()
        if weight >= min_share and skill not in held
    }


def rank_courses(
    missing: dict[int, float], courses: Sequence[Course], *, limit: int | None = None
) -> list[CourseMatch]:
    """Courses covering any missing skill, best first: score is the covered share of the
    missing weight (1.0 covers all of it); ties go to the lower course id."""
    total = sum(missing.values())
    if total <= 0:
        return []
    matches = []
    for course in courses:
        covers = tuple(sorted(skill for skill in course.skills if skill in missing))
        if covers:
            score = sum(missing[skill] for skill in covers) / total
            matches.append(CourseMatch(course.id, covers, round(score, 6)))
    matches.sort(key=lambda match: (-match.score, match.course))
    return matches[:limit] if limit is not None else matches
