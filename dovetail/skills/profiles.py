"""People's skill levels by group, on the mapping taxonomy (a service for the competency radar and
the cohort view).

Levels are recorded against whichever skill was chosen at the time, so one learner's evidence
may sit on the default taxonomy and on ESCO. Grouping each taxonomy's skills under its own groups
would put both taxonomies' groups on one radar; instead every skill is put in the mapping
taxonomy's terms through its crosswalks, and grouped there.
"""

from dataclasses import dataclass

from dovetail.skills.crosswalks import best_in_terms_of
from dovetail.skills.mapping import mapping_taxonomy
from dovetail.skills.models import Skill
from dovetail.skills.services import report_groups

MOST_GROUPS = 12  # beyond this, only the groups someone has evidence in are shown


@dataclass(frozen=True)
class GroupedLevels:
    groups: list[Skill]  # the mapping taxonomy's groups shown, by label
    means: dict[int, dict[int, float]]  # person id → {group id: mean of their best levels}


def grouped_levels(best: dict[tuple[int, int], int]) -> GroupedLevels:
    """Group ``{(person id, skill id): best level}`` under the mapping taxonomy's report groups."""
    taxonomy = mapping_taxonomy()
    group_of = report_groups(taxonomy)
    levels: dict[tuple[int, int], list[int]] = {}
    for (person, skill), level in best_in_terms_of(best, taxonomy).items():
        if group_of.get(skill):
            levels.setdefault((person, group_of[skill]), []).append(level)
    means: dict[int, dict[int, float]] = {}
    for (person, group), found in levels.items():
        means.setdefault(person, {})[group] = sum(found) / len(found)
    every = {group for group in group_of.values() if group}
    shown = every if len(every) <= MOST_GROUPS else {group for _person, group in levels}
    groups = sorted(Skill.objects.filter(pk__in=shown), key=lambda group: str(group))
    return GroupedLevels(groups, means)
