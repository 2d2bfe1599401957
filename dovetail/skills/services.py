"""Skills taxonomy services: the default taxonomy that ships with Dovetail, and look-ups."""

import json
from pathlib import Path

from django.db import transaction

from dovetail.skills.models import (
    Crosswalk,
    Occupation,
    OccupationSkill,
    QualificationLevel,
    Skill,
    Taxonomy,
)

DEFAULT_TAXONOMY_FILE = Path(__file__).parent / "data" / "default_taxonomy.json"
DEFAULT_TAXONOMY_SLUG = "dovetail"
ESCO_SLUG = "esco"


def shipped_taxonomy() -> dict:
    return json.loads(DEFAULT_TAXONOMY_FILE.read_text(encoding="utf-8"))


def load_default_taxonomy() -> Taxonomy:
    """Create or update the default taxonomy from the file shipped with the project."""
    data = shipped_taxonomy()
    # One transaction: a half-loaded taxonomy would give wrong gaps downstream.
    with transaction.atomic():
        meta = data["taxonomy"]
        taxonomy, _ = Taxonomy.objects.update_or_create(
            slug=meta["slug"],
            defaults={k: meta[k] for k in ("name", "version", "source")},
        )
        for level in data["qualification_levels"]:
            QualificationLevel.objects.update_or_create(
                framework=level["framework"],
                code=level["code"],
                defaults={k: level[k] for k in ("rank", "name", "name_zh")},
            )
        skills_by_uri = {}
        for item in data["skills"]:
            skills_by_uri[item["uri"]], _ = Skill.objects.update_or_create(
                taxonomy=taxonomy,
                uri=item["uri"],
                defaults={
                    "code": item["code"],
                    "label": item["label"],
                    "label_zh": item["label_zh"],
                    "kind": item["kind"],
                    "parent": skills_by_uri.get(item["parent"]),
                },
            )
        for item in data["occupations"]:
            occupation, _ = Occupation.objects.update_or_create(
                taxonomy=taxonomy,
                uri=item["uri"],
                defaults={
                    "code": item["code"],
                    "label": item["label"],
                    "label_zh": item["label_zh"],
                    "isco_group": item["isco_group"],
                },
            )
            for relation in OccupationSkill.Relation.values:
                for uri in item[relation]:
                    OccupationSkill.objects.update_or_create(
                        occupation=occupation,
                        skill=skills_by_uri[uri],
                        defaults={"relation": relation},
                    )
        link_shipped_crosswalks(data)
    return taxonomy


def link_shipped_crosswalks(data: dict | None = None) -> int:
    """The crosswalks the shipped file names from the default taxonomy's skills to ESCO's, made
    for whichever of those skills are loaded (so loading either side links them); returns how
    many there are."""
    data = data or shipped_taxonomy()
    named = {
        (item["uri"], match["uri"]): match["relation"]
        for item in data["skills"]
        for match in item.get("matches", ())
    }
    ours = dict(
        Skill.objects.filter(
            taxonomy__slug=DEFAULT_TAXONOMY_SLUG, uri__in={uri for uri, _ in named}
        ).values_list("uri", "pk")
    )
    theirs = dict(
        Skill.objects.exclude(taxonomy__slug=DEFAULT_TAXONOMY_SLUG)
        .filter(uri__in={uri for _, uri in named})
        .values_list("uri", "pk")
    )
    with transaction.atomic():  # the links are replaced whole, never left half-made
        Crosswalk.objects.filter(
            source_id__in=ours.values(), target_id__in=theirs.values()
        ).delete()
        made = Crosswalk.objects.bulk_create(
            Crosswalk(source_id=ours[source], target_id=theirs[target], relation=relation)
            for (source, target), relation in named.items()
            if source in ours and target in theirs
        )
    return len(made)


def ensure_default_taxonomy_after_migrate(**kwargs):
    """post_migrate hook: a fresh database always has a working taxonomy."""
    if (
        not Taxonomy.objects.using(kwargs.get("using", "default"))
        .filter(slug=DEFAULT_TAXONOMY_SLUG)
        .exists()
    ):
        load_default_taxonomy()


def report_groups(taxonomy) -> dict[int, int | None]:
    """{skill id: the id of the group it is reported under, None for none}: the group one level
    below the top of its tree, so a heat map or a radar has a few dozen groups rather than a
    handful (ESCO's pillars) or thousands."""
    rows = dict(Skill.objects.filter(taxonomy=taxonomy).values_list("pk", "parent_id"))

    def lineage(pk):
        chain = []
        while pk is not None and pk in rows and len(chain) < 12:
            chain.append(pk)
            pk = rows[pk]
        return chain

    groups = {}
    for pk in rows:
        chain = lineage(pk)
        groups[pk] = None if len(chain) <= 1 else (chain[-2] if len(chain) > 2 else chain[-1])
    return groups


def taxonomy_summary() -> list[dict]:
    return [
        {
            "slug": taxonomy.slug,
            "name": str(taxonomy),
            "source": taxonomy.source,
            "updated_at": taxonomy.updated_at,
            "crosswalks": Crosswalk.objects.filter(source__taxonomy=taxonomy).count(),
            "skills": Skill.objects.filter(taxonomy=taxonomy)
            .exclude(kind=Skill.Kind.GROUP)
            .count(),
            "occupations": Occupation.objects.filter(taxonomy=taxonomy).count(),
        }
        for taxonomy in Taxonomy.objects.all()
    ]


def equivalents(skill_id: int) -> list[tuple[Skill, str]]:
    """The skill's counterparts in other taxonomies, each with what it is to this skill."""
    found = [
        (walk.target, walk.get_relation_display())
        for walk in Crosswalk.objects.filter(source_id=skill_id).select_related("target__taxonomy")
    ]
    found += [
        (walk.source, Crosswalk.Relation(Crosswalk.read_back(walk.relation)).label)
        for walk in Crosswalk.objects.filter(target_id=skill_id).select_related("source__taxonomy")
    ]
    return sorted(found, key=lambda pair: (pair[0].taxonomy.name, pair[0].label))
