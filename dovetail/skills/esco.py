"""Importing the official ESCO CSV download (a service: the only code that writes it).

The download is two zips (or one folder): the classification (skills, skill groups, the skills
hierarchy, occupations, ISCO groups, collections) and the relations (occupation–skill, broader
relations). The import is idempotent — concepts are matched by URI, re-importing updates them —
and all or nothing: a malformed row stops it with the file, row and column named.
"""

import csv
import io
import zipfile
from pathlib import Path

from django.db import transaction

from dovetail.core.models import User
from dovetail.core.tabular import ImportFailed, RowError
from dovetail.core.tasks import long_task
from dovetail.skills.frameworks import require_admin
from dovetail.skills.models import Occupation, OccupationSkill, Skill, Taxonomy
from dovetail.skills.remap import remap_texts, waiting_for_remap
from dovetail.skills.services import ESCO_SLUG, link_shipped_crosswalks

COLLECTIONS = {
    "digitalSkillsCollection_en.csv": "digital",
    "greenSkillsCollection_en.csv": "green",
    "languageSkillsCollection_en.csv": "language",
    "transversalSkillsCollection_en.csv": "transversal",
    "researchSkillsCollection_en.csv": "research",
    "digCompSkillsCollection_en.csv": "digcomp",
}
KINDS = {"skill/competence": Skill.Kind.SKILL, "knowledge": Skill.Kind.KNOWLEDGE}
BATCH = 2000


class _Source:
    """The CSV files of an ESCO download, from zips or a folder, by file name."""

    def __init__(self, path):
        path = Path(path)
        self.files = {}
        if path.is_dir():
            for item in path.rglob("*"):
                if item.suffix == ".zip":
                    self._add_zip(item)
                elif item.suffix == ".csv":
                    self.files[item.name] = item.read_bytes
        elif path.suffix == ".zip":
            self._add_zip(path)
        else:
            raise ImportFailed([RowError(path.name, 0, None, "not an ESCO folder or zip")])

    def _add_zip(self, path):
        archive = zipfile.ZipFile(path)
        for name in archive.namelist():
            if name.endswith(".csv"):
                self.files[Path(name).name] = lambda name=name: archive.read(name)

    def rows(self, name, required):
        if name not in self.files:
            raise ImportFailed([RowError(name, 0, None, "the file is missing from the download")])
        reader = csv.DictReader(io.StringIO(self.files[name]().decode("utf-8-sig")))
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            raise ImportFailed([RowError(name, 1, missing[0], "the column is missing")])
        for number, row in enumerate(reader, start=2):
            for column in required:
                if not (row.get(column) or "").strip():
                    raise ImportFailed([RowError(name, number, column, "is empty")])
            yield number, row


def _alt_labels(text):
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _upsert(model, taxonomy, concepts, fields):
    """Create or update concepts by URI; returns {uri: pk}."""
    existing = dict(model.objects.filter(taxonomy=taxonomy).values_list("uri", "pk"))
    fresh = [c for c in concepts if c.uri not in existing]
    stale = []
    for concept in concepts:
        if concept.uri in existing:
            concept.pk = existing[concept.uri]
            stale.append(concept)
    model.objects.bulk_create(fresh, batch_size=BATCH)
    model.objects.bulk_update(stale, fields, batch_size=BATCH)
    return dict(model.objects.filter(taxonomy=taxonomy).values_list("uri", "pk"))


def _labelled(row):
    """The fields every ESCO concept row carries."""
    return {
        "uri": row["conceptUri"],
        "code": (row.get("code") or "")[:60],
        "label": row["preferredLabel"][:300],
        "description": row.get("description") or "",
        "alt_labels": _alt_labels(row.get("altLabels")),
    }


def _skills(source, taxonomy, progress):
    concepts = {}
    for _number, row in source.rows("skillGroups_en.csv", ["conceptUri", "preferredLabel"]):
        concepts[row["conceptUri"]] = Skill(
            taxonomy=taxonomy, kind=Skill.Kind.GROUP, **_labelled(row)
        )
    # the top of the pillar (e.g. "language skills and knowledge") is only in the hierarchy file
    for _number, row in source.rows("skillsHierarchy_en.csv", ["Level 0 URI"]):
        for level in range(4):
            uri = row.get(f"Level {level} URI")
            if uri and uri not in concepts:
                concepts[uri] = Skill(
                    taxonomy=taxonomy,
                    uri=uri,
                    code=(row.get(f"Level {level} code") or "")[:60],
                    label=(row.get(f"Level {level} preferred term") or uri)[:300],
                    kind=Skill.Kind.GROUP,
                )
    for number, row in source.rows("skills_en.csv", ["conceptUri", "preferredLabel"]):
        kind = KINDS.get(row.get("skillType") or "skill/competence")
        if kind is None:
            raise ImportFailed(
                [RowError("skills_en.csv", number, "skillType", f"unknown {row['skillType']!r}")]
            )
        concepts[row["conceptUri"]] = Skill(taxonomy=taxonomy, kind=kind, **_labelled(row))
    progress.advance(1, f"{len(concepts)} skills and skill groups")
    for name, slug in COLLECTIONS.items():
        if name in source.files:
            for _number, row in source.rows(name, ["conceptUri"]):
                if row["conceptUri"] in concepts:
                    concepts[row["conceptUri"]].collections = [
                        *concepts[row["conceptUri"]].collections,
                        slug,
                    ]
    fields = ["code", "label", "description", "alt_labels", "kind", "collections"]
    for concept in concepts.values():
        concept.collections = sorted(set(concept.collections or []))
    return _upsert(Skill, taxonomy, list(concepts.values()), fields)


def _broader(source, name, model, ids):
    """Parent links from a broader-relations file; returns how many named concepts outside the
    download (ESCO 1.1.1 itself has one such occupation) and were skipped."""
    parents, skipped = {}, 0
    for _number, row in source.rows(name, ["conceptUri", "broaderUri"]):
        child, parent = ids.get(row["conceptUri"]), ids.get(row["broaderUri"])
        if child is None or parent is None:
            # ISCO groups frame occupations but are not concepts here
            skipped += "ISCOGroup" not in (row.get("conceptType"), row.get("broaderType"))
            continue
        parents.setdefault(child, parent)  # ESCO allows several; the first stays the parent
    concepts = [model(pk=child, parent_id=parent) for child, parent in parents.items()]
    model.objects.bulk_update(concepts, ["parent"], batch_size=BATCH)
    return skipped


def _occupations(source, taxonomy):
    concepts = [
        Occupation(
            taxonomy=taxonomy, isco_group=(row.get("iscoGroup") or "")[:10], **_labelled(row)
        )
        for _number, row in source.rows("occupations_en.csv", ["conceptUri", "preferredLabel"])
    ]
    fields = ["code", "label", "description", "alt_labels", "isco_group"]
    return _upsert(Occupation, taxonomy, concepts, fields)


def _occupation_skills(source, occupations, skills, progress):
    name = "occupationSkillRelations.csv"
    links, skipped = {}, 0
    for number, row in source.rows(name, ["occupationUri", "relationType", "skillUri"]):
        occupation, skill = occupations.get(row["occupationUri"]), skills.get(row["skillUri"])
        if occupation is None or skill is None:
            skipped += 1
            continue
        if row["relationType"] not in OccupationSkill.Relation.values:
            problem = "is neither essential nor optional"
            raise ImportFailed([RowError(name, number, "relationType", problem)])
        links[occupation, skill] = row["relationType"]
    OccupationSkill.objects.filter(occupation_id__in=occupations.values()).delete()
    OccupationSkill.objects.bulk_create(
        [
            OccupationSkill(occupation_id=occupation, skill_id=skill, relation=relation)
            for (occupation, skill), relation in links.items()
        ],
        batch_size=BATCH,
    )
    progress.advance(1, f"{len(links)} occupation–skill relations")
    return len(links), skipped


def import_esco(path, *, by, progress, version="1.1.1"):
    """Load or refresh the ESCO taxonomy from its CSV download; returns what it holds."""
    require_admin(by)
    source = _Source(path)
    progress.start(4, "reading ESCO")
    with transaction.atomic():
        taxonomy, _created = Taxonomy.objects.update_or_create(
            slug=ESCO_SLUG,
            defaults={"name": "ESCO", "version": version, "source": "European Commission"},
        )
        skills = _skills(source, taxonomy, progress)
        skipped = _broader(source, "broaderRelationsSkillPillar.csv", Skill, skills)
        progress.advance(1, "skill hierarchy")
        occupations = _occupations(source, taxonomy)
        skipped += _broader(source, "broaderRelationsOccPillar.csv", Occupation, occupations)
        progress.advance(1, "occupations")
        relations, unlinked = _occupation_skills(source, occupations, skills, progress)
        link_shipped_crosswalks()
    return {
        "skills": len(skills),
        "occupations": len(occupations),
        "relations": relations,
        "skipped": skipped + unlinked,
    }


@long_task("import_esco")
def import_esco_task(progress, *, path: str, by_id: int) -> dict:
    """Load ESCO, then map every text onto it again if it has become the mapping taxonomy."""
    by = User.objects.get(pk=by_id)
    loaded = import_esco(path, by=by, progress=progress)
    if any(waiting_for_remap().values()):
        loaded["remapped"] = remap_texts(by=by, progress=progress)
    return loaded
