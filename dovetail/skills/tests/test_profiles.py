"""People's levels grouped on the mapping taxonomy, as the radar and the cohort view show them."""

import pytest

from dovetail.skills.models import Crosswalk, Skill, Taxonomy
from dovetail.skills.profiles import grouped_levels
from dovetail.skills.texts import kinds

pytestmark = pytest.mark.django_db


def _default(code):
    return Skill.objects.get(taxonomy__slug="dovetail", code=code)


def test_levels_are_averaged_per_group_of_the_mapping_taxonomy():
    # given two people's best levels: three manufacturing skills and one new-energy skill
    cnc, cad, plc, battery = (
        _default(code)
        for code in ("cnc-machining", "cad-drafting", "plc-programming", "battery-diagnostics")
    )
    best = {(1, cnc.pk): 4, (1, cad.pk): 2, (1, battery.pk): 3, (2, plc.pk): 5}
    # when they are grouped
    grouped = grouped_levels(best)
    # then each person's mean is per group, by hand: (4 + 2) / 2 and 3 for one, 5 for the other
    manufacturing, nev = cnc.parent, battery.parent
    assert grouped.means == {1: {manufacturing.pk: 3.0, nev.pk: 3.0}, 2: {manufacturing.pk: 5.0}}
    # and a taxonomy of a few groups shows them all, even those nobody has evidence in
    every = set(Skill.objects.filter(taxonomy__slug="dovetail", kind="group", parent=None))
    assert set(grouped.groups) == every


def test_a_level_on_another_taxonomy_counts_through_its_crosswalk(settings):
    # given a mapping taxonomy whose one group holds a skill crosswalked from first aid
    national = Taxonomy.objects.create(slug="national", name="National skills")
    care = Skill.objects.create(taxonomy=national, uri="urn:n:care", label="care", kind="group")
    aid = Skill.objects.create(taxonomy=national, uri="urn:n:aid", label="first aid", parent=care)
    Crosswalk.objects.create(source=_default("first-aid"), target=aid, relation="close")
    settings.DOVETAIL_MAPPING_TAXONOMY = "national"
    # when a level recorded on the default taxonomy is grouped
    grouped = grouped_levels({(7, _default("first-aid").pk): 4, (7, _default("teamwork").pk): 2})
    # then it counts under the mapping taxonomy's group; a skill with no crosswalk is left out
    assert grouped.groups == [care] and grouped.means == {7: {care.pk: 4.0}}


def test_both_kinds_of_mapped_text_are_registered():
    assert {(kind.name, kind.texts.__name__) for kind in kinds()} == {
        ("demand", "Demand"),
        ("outcome", "LearningOutcome"),
    }
