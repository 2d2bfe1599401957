"""Crosswalks between taxonomies, read the way the mapping and the reports need them.

Several taxonomies live side by side (the default one, ESCO, CASE and CSV frameworks), but demand
and supply are compared on one: the mapping taxonomy. A skill recorded on another taxonomy (a
competency from an older diary, a correction made before ESCO was loaded) counts in the mapping
taxonomy's terms through its crosswalks: fully for an exact match, a little less for a close or
broader one; a narrower or merely related skill is not implied by it.
"""

from collections import defaultdict

from dovetail.skills.models import Crosswalk, Skill, Taxonomy

# How much of a skill a crosswalk carries, by what the other taxonomy's skill is to it.
CARRIED = {
    Crosswalk.Relation.EXACT: 1.0,
    Crosswalk.Relation.CLOSE: 0.9,
    Crosswalk.Relation.BROAD: 0.8,
}


def walks_into(
    taxonomy: Taxonomy, *, from_skills=None, chinese_only: bool = False
) -> list[tuple[int, int, int, str]]:
    """Every crosswalk between a skill of another taxonomy and one of ``taxonomy``, read from
    either end: (the other skill's taxonomy id, the other skill's id, the ``taxonomy`` skill's id,
    what the ``taxonomy`` skill is to the other one). ``from_skills`` limits the other skills to
    those ids; ``chinese_only`` to those with a Chinese label."""
    forward = Crosswalk.objects.filter(target__taxonomy=taxonomy).exclude(source__taxonomy=taxonomy)
    backward = Crosswalk.objects.filter(source__taxonomy=taxonomy).exclude(
        target__taxonomy=taxonomy
    )
    if from_skills is not None:
        forward = forward.filter(source__in=list(from_skills))
        backward = backward.filter(target__in=list(from_skills))
    if chinese_only:
        forward = forward.exclude(source__label_zh="")
        backward = backward.exclude(target__label_zh="")
    return [
        *forward.values_list("source__taxonomy", "source", "target", "relation"),
        *(
            (owner, theirs, ours, Crosswalk.read_back(relation))
            for owner, theirs, ours, relation in backward.values_list(
                "target__taxonomy", "target", "source", "relation"
            )
        ),
    ]


def counterparts(skill_ids, taxonomy: Taxonomy) -> dict[int, list[tuple[int, float]]]:
    """Each skill in ``taxonomy``'s terms: [(itself, 1.0)] when it belongs to ``taxonomy``, else
    the ``taxonomy`` skills its crosswalks carry it to, each with the weight carried. A skill no
    crosswalk carries there is left out."""
    wanted = set(skill_ids)
    own = set(
        Skill.objects.filter(pk__in=list(wanted), taxonomy=taxonomy).values_list("pk", flat=True)
    )
    found: dict[int, list[tuple[int, float]]] = {pk: [(pk, 1.0)] for pk in own}
    carried = defaultdict(dict)
    for _owner, theirs, ours, relation in walks_into(taxonomy, from_skills=wanted - own):
        if relation in CARRIED:
            carried[theirs][ours] = max(carried[theirs].get(ours, 0.0), CARRIED[relation])
    found.update({pk: sorted(targets.items()) for pk, targets in carried.items()})
    return found


def carried_onto(skill_ids, taxonomy: Taxonomy) -> set[int]:
    """The skills of other taxonomies that crosswalks carry onto ``skill_ids`` (of ``taxonomy``)."""
    wanted = set(skill_ids)
    return {
        theirs
        for _owner, theirs, ours, relation in walks_into(taxonomy)
        if ours in wanted and relation in CARRIED
    }


def best_in_terms_of(best: dict[tuple[int, int], int], taxonomy: Taxonomy) -> dict:
    """{(person, skill): level} with every skill put in ``taxonomy``'s terms: a level shown in a
    skill of another taxonomy counts for each counterpart, the highest level kept."""
    reach = counterparts({skill for _person, skill in best}, taxonomy)
    found: dict[tuple[int, int], int] = {}
    for (person, skill), level in best.items():
        for target, _weight in reach.get(skill, ()):
            found[person, target] = max(found.get((person, target), level), level)
    return found
