"""Importing competency frameworks other than ESCO: CASE 1.0 packages and a simple CSV.

Both are idempotent (skills are matched by URI within their taxonomy) and all or nothing: any
malformed item or row stops the import with the file, row (or item) and field named. Matches to
skills of other taxonomies become crosswalks, so several taxonomies live side by side.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from dovetail.core.errors import ServiceError
from dovetail.core.models import User
from dovetail.core.permissions import CHANGE, may
from dovetail.core.tabular import ImportFailed, RowError, read_rows
from dovetail.core.tasks import long_task
from dovetail.core.uploads import FRAMEWORK, check_bytes
from dovetail.skills.models import Crosswalk, Skill, Taxonomy

CASE_MATCHES = {
    "exactMatchOf": Crosswalk.Relation.EXACT,
    "isRelatedTo": Crosswalk.Relation.RELATED,
    "isPartOf": Crosswalk.Relation.BROAD,
}
CSV_RELATIONS = {"exact", "close", "broad", "narrow", "related"}


@dataclass
class _Concept:
    uri: str
    code: str
    label: str
    label_zh: str = ""
    description: str = ""
    alt_labels: str = ""
    level: str = ""
    kind: str = Skill.Kind.SKILL
    parent_uri: str | None = None
    matches: list[tuple[str, str]] = field(default_factory=list)


def require_admin(by):
    if not may(by, CHANGE, Taxonomy()):
        raise ServiceError("Only administrators load taxonomies.", code="forbidden")


def _save(taxonomy, concepts: list[_Concept], progress) -> dict:
    """Write the concepts, their hierarchy and crosswalks; returns counts."""
    existing = {s.uri: s for s in Skill.objects.filter(taxonomy=taxonomy)}
    has_children = {c.parent_uri for c in concepts if c.parent_uri}
    saved = {}
    for concept in concepts:
        skill = existing.get(concept.uri) or Skill(taxonomy=taxonomy, uri=concept.uri)
        skill.code = concept.code[:60]
        skill.label = concept.label[:300]
        skill.label_zh = concept.label_zh[:300]
        skill.description = concept.description
        skill.alt_labels = concept.alt_labels
        skill.level = concept.level[:20]
        skill.kind = Skill.Kind.GROUP if concept.uri in has_children else concept.kind
        saved[concept.uri] = skill
    Skill.objects.bulk_create([s for s in saved.values() if s.pk is None], batch_size=1000)
    Skill.objects.bulk_update(
        [s for uri, s in saved.items() if uri in existing],
        ["code", "label", "label_zh", "description", "alt_labels", "level", "kind"],
        batch_size=1000,
    )
    progress.advance(1, f"{len(saved)} skills")
    by_uri = dict(Skill.objects.filter(taxonomy=taxonomy).values_list("uri", "pk"))
    Skill.objects.bulk_update(
        [
            Skill(pk=by_uri[c.uri], parent_id=by_uri.get(c.parent_uri) if c.parent_uri else None)
            for c in concepts
        ],
        ["parent"],
        batch_size=1000,
    )
    wanted = {(c.uri, target) for c in concepts for target, _relation in c.matches}
    targets = dict(
        Skill.objects.exclude(taxonomy=taxonomy)
        .filter(uri__in={target for _uri, target in wanted})
        .values_list("uri", "pk")
    )
    Crosswalk.objects.filter(source__taxonomy=taxonomy).delete()
    Crosswalk.objects.bulk_create(
        [
            Crosswalk(source_id=by_uri[c.uri], target_id=targets[target], relation=relation)
            for c in concepts
            for target, relation in dict(c.matches).items()
            if target in targets
        ],
        batch_size=1000,
    )
    progress.advance(1, "hierarchy and crosswalks")
    return {
        "taxonomy": taxonomy.slug,
        "skills": len(saved),
        "crosswalks": Crosswalk.objects.filter(source__taxonomy=taxonomy).count(),
        "unmatched": len({target for _uri, target in wanted} - set(targets)),
    }


# CASE 1.0 ------------------------------------------------------------------------------------


def _case_text(item, key, where, errors, required=True):
    value = item.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append(RowError(*where, key, "is missing"))
        return ""
    if not isinstance(value, str):
        errors.append(RowError(*where, key, "must be text"))
        return ""
    return value.strip()


def _node_uri(node):
    if isinstance(node, dict):
        return node.get("uri") or node.get("identifier")
    return None


def _parse_case(name: str, content: bytes) -> tuple[dict, list[_Concept]]:
    check_bytes(name, content, FRAMEWORK)
    try:
        package = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFailed([RowError(name, 1, None, f"not a JSON document ({error})")]) from None
    errors: list[RowError] = []
    document = package.get("CFDocument") if isinstance(package, dict) else None
    if not isinstance(document, dict):
        raise ImportFailed([RowError(name, 1, "CFDocument", "a CASE package needs a CFDocument")])
    title = _case_text(document, "title", (name, 1), errors)
    doc_uri = _case_text(document, "uri", (name, 1), errors)
    items = package.get("CFItems")
    if not isinstance(items, list):
        raise ImportFailed([RowError(name, 1, "CFItems", "must be a list")])
    concepts: dict[str, _Concept] = {}
    ids = {}
    for number, item in enumerate(items, start=1):
        where = (f"{name} CFItems", number)
        if not isinstance(item, dict):
            errors.append(RowError(*where, None, "must be an object"))
            continue
        statement = _case_text(item, "fullStatement", where, errors)
        uri = _case_text(item, "uri", where, errors)
        identifier = _case_text(item, "identifier", where, errors)
        chinese = (item.get("language") or "").lower().startswith("zh")
        short = _case_text(item, "abbreviatedStatement", where, errors, required=False)
        keywords = item.get("conceptKeywords") or []
        concepts[uri] = _Concept(
            uri=uri,
            code=_case_text(item, "humanCodingScheme", where, errors, required=False),
            label=short or statement,
            label_zh=(short or statement) if chinese else "",
            description=statement,
            alt_labels="\n".join(k for k in keywords if isinstance(k, str)),
            level=",".join(str(level) for level in item.get("educationLevel") or []),
        )
        ids[identifier] = uri
    for number, association in enumerate(package.get("CFAssociations") or [], start=1):
        where = (f"{name} CFAssociations", number)
        kind = association.get("associationType") if isinstance(association, dict) else None
        if kind is None:
            errors.append(RowError(*where, "associationType", "is missing"))
            continue
        origin = _node_uri(association.get("originNodeURI"))
        destination = _node_uri(association.get("destinationNodeURI"))
        if not origin or not destination:
            errors.append(RowError(*where, "originNodeURI", "both ends need a uri"))
            continue
        origin = ids.get(origin, origin)
        destination = ids.get(destination, destination)
        if origin not in concepts:
            if kind == "isChildOf":
                errors.append(RowError(*where, "originNodeURI", f"no CFItem {origin!r}"))
            continue
        if kind == "isChildOf":
            concepts[origin].parent_uri = destination if destination in concepts else None
        elif kind in CASE_MATCHES:
            concepts[origin].matches.append((destination, CASE_MATCHES[kind]))
    if errors:
        raise ImportFailed(errors)
    meta = {
        "slug": slugify(document.get("identifier") or title)[:40] or "case",
        "name": title,
        "version": str(document.get("version") or document.get("adoptionStatus") or "")[:40],
        "source": (document.get("creator") or doc_uri)[:200],
    }
    return meta, list(concepts.values())


def import_case(name: str, content: bytes, *, by, progress, slug: str | None = None) -> dict:
    """Load or refresh a CASE 1.0 framework package (CFDocument, CFItems, CFAssociations)."""
    require_admin(by)
    progress.start(3, f"reading {name}")
    meta, concepts = _parse_case(name, content)
    progress.advance(1, f"{len(concepts)} items read")
    with transaction.atomic():
        taxonomy, _created = Taxonomy.objects.update_or_create(
            slug=slug or meta.pop("slug"), defaults={k: v for k, v in meta.items() if k != "slug"}
        )
        return _save(taxonomy, concepts, progress)


# Simple CSV ----------------------------------------------------------------------------------


def _parse_csv(name: str, content: bytes, slug: str) -> list[_Concept]:
    errors: list[RowError] = []
    concepts: dict[str, _Concept] = {}
    parents: dict[str, tuple[int, str]] = {}
    for number, row in read_rows(name, content, FRAMEWORK):
        code = (row.get("code") or "").strip()
        label = (row.get("label") or "").strip()
        label_zh = (row.get("label_zh") or "").strip()
        if not code:
            errors.append(RowError(name, number, "code", "is empty"))
            continue
        if not (label or label_zh):
            errors.append(RowError(name, number, "label", "a label or label_zh is needed"))
            continue
        if code in concepts:
            errors.append(RowError(name, number, "code", f"{code!r} appears twice"))
            continue
        matches = []
        for target in (row.get("matches") or "").split():
            relation, _, uri = target.rpartition("=")
            relation = relation or "exact"
            if relation not in CSV_RELATIONS:
                problem = f"{relation!r} is not one of {', '.join(sorted(CSV_RELATIONS))}"
                errors.append(RowError(name, number, "matches", problem))
            matches.append((uri, relation))
        concepts[code] = _Concept(
            uri=(row.get("uri") or "").strip() or f"urn:dovetail:{slug}:{code}",
            code=code,
            label=label or label_zh,
            label_zh=label_zh,
            description=(row.get("description") or "").strip(),
            alt_labels="\n".join(
                a.strip() for a in re.split(r"[;\n]", row.get("alt_labels") or "") if a.strip()
            ),
            level=(row.get("level") or "").strip(),
            matches=matches,
        )
        if (row.get("parent_code") or "").strip():
            parents[code] = (number, row["parent_code"].strip())
    for code, (number, parent) in parents.items():
        if parent not in concepts:
            errors.append(RowError(name, number, "parent_code", f"no row has code {parent!r}"))
        else:
            concepts[code].parent_uri = concepts[parent].uri
    if errors:
        raise ImportFailed(errors)
    if not concepts:
        raise ImportFailed([RowError(name, 1, None, "the file has no skills")])
    return list(concepts.values())


def import_skills_csv(
    name: str, content: bytes, *, slug: str, title: str, by, progress, version: str = ""
) -> dict:
    """Load or refresh a framework kept as CSV or Excel.

    Columns: ``code``, ``label`` and/or ``label_zh`` (required), and optionally ``parent_code``,
    ``description``, ``alt_labels`` (separated by ``;``), ``level``, ``uri`` and ``matches``
    (URIs of skills in other taxonomies, each optionally prefixed ``close=``, ``broad=`` …).
    """
    require_admin(by)
    slug = slugify(slug)[:40]
    if not slug:
        raise ServiceError("Give the taxonomy a slug, e.g. cn-vsl-welder.", code="invalid")
    progress.start(3, f"reading {name}")
    concepts = _parse_csv(name, content, slug)
    progress.advance(1, f"{len(concepts)} rows read")
    with transaction.atomic():
        taxonomy, _created = Taxonomy.objects.update_or_create(
            slug=slug, defaults={"name": title or slug, "version": version, "source": name}
        )
        return _save(taxonomy, concepts, progress)


@long_task("import_framework")
def import_framework_task(
    progress, *, kind: str, path: str, by_id: int, file_name: str = "", **options
) -> dict:
    file = Path(path)
    name = file_name or file.name
    by = User.objects.get(pk=by_id)
    importer = import_case if kind == "case" else import_skills_csv
    return importer(name, file.read_bytes(), by=by, progress=progress, **options)
