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


def load_default_taxonomy() -> Taxonomy:
    """Create or update the default taxonomy from the file shipped with the project."""
    data = json.loads(DEFAULT_TAXONOMY_FILE.read_text(encoding="utf-8"))
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
    return taxonomy


def ensure_default_taxonomy_after_migrate(**kwargs):
    """post_migrate hook: a fresh database always has a working taxonomy."""
    if (
        not Taxonomy.objects.using(kwargs.get("using", "default"))
        .filter(slug=DEFAULT_TAXONOMY_SLUG)
        .exists()
    ):
        load_default_taxonomy()


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
