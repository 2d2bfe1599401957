"""Mapping text onto the skills taxonomy (a service: it reads skills, calls the engine, caches).

One taxonomy is the mapping target for demand and supply alike, so the gap report compares like
with like: ``settings.DOVETAIL_MAPPING_TAXONOMY`` when set, else ESCO once it is loaded, else the
default taxonomy. The engine's index of a taxonomy is built once per process and rebuilt when the
taxonomy changes; every text's answer is cached by digest, so re-mapping unchanged text is free.

ESCO carries no Chinese labels, so a Chinese advert would find nothing in it. When the mapping
taxonomy has none, Chinese text is mapped onto the loaded framework with Chinese labels whose
crosswalks reach the mapping taxonomy most, and each match is carried across its crosswalks.
"""

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from dovetail.engines.skills import Concept, SkillIndex
from dovetail.engines.skills.static import shipped_embedder
from dovetail.engines.skills.text import is_chinese
from dovetail.skills.crosswalks import CARRIED, walks_into
from dovetail.skills.learning import memory_for
from dovetail.skills.models import (
    MappedText,
    Occupation,
    OccupationSkill,
    Skill,
    Taxonomy,
)
from dovetail.skills.services import DEFAULT_TAXONOMY_SLUG, ESCO_SLUG

ENGINE_VERSION = "static-minilm-256/6"
TOP = 10
# Below this a match is noise far more often than a skill the text asks for: on the TECH and HOUSE
# validation sentences, 1 in 153 of the engine's top-10 matches scoring 0.80–0.90 is gold (and the
# floor keeps 81% of those matches).
MIN_SCORE = 0.9
CHUNK = 500


@dataclass(frozen=True)
class _Built:
    stamp: tuple
    index: SkillIndex
    skill_ids: list[int]


_indexes: dict[int, _Built] = {}


def mapping_taxonomy() -> Taxonomy:
    slug = getattr(settings, "DOVETAIL_MAPPING_TAXONOMY", "")
    if slug:
        return Taxonomy.objects.get(slug=slug)
    return (
        Taxonomy.objects.filter(slug=ESCO_SLUG).first()
        or Taxonomy.objects.filter(slug=DEFAULT_TAXONOMY_SLUG).first()
        or Taxonomy.objects.get()
    )


def mapping_occupations():
    """The occupations of the mapping taxonomy, by label (for choosing one on a form)."""
    return Occupation.objects.filter(taxonomy=mapping_taxonomy()).order_by("label")


def _stamp(taxonomy) -> tuple:
    skills = Skill.objects.filter(taxonomy=taxonomy).exclude(kind=Skill.Kind.GROUP)
    return (taxonomy.pk, taxonomy.updated_at.isoformat(), skills.count())


def skill_index(taxonomy: Taxonomy, stamp: tuple | None = None) -> tuple[SkillIndex, list[int]]:
    """The engine's index of a taxonomy's skills (not groups), and the skill id of each concept."""
    stamp = stamp or _stamp(taxonomy)
    built = _indexes.get(taxonomy.pk)
    if built is None or built.stamp != stamp:
        rows = list(
            Skill.objects.filter(taxonomy=taxonomy)
            .exclude(kind=Skill.Kind.GROUP)
            .order_by("pk")
            .values_list("pk", "uri", "label", "alt_labels", "label_zh")
        )
        if not rows:
            raise LookupError(f"the taxonomy {taxonomy.slug} has no skills to map onto")
        asked = dict(
            OccupationSkill.objects.filter(skill__taxonomy=taxonomy)
            .values("skill")
            .annotate(n=Count("occupation"))
            .values_list("skill", "n")
        )
        most = math.log1p(max(asked.values(), default=0)) or 1.0
        concepts = [
            Concept(
                uri=uri,
                label=label,
                alt_labels=tuple(a for a in alt_labels.splitlines() if a.strip()),
                label_zh=label_zh,
                prior=math.log1p(asked.get(pk, 0)) / most,
            )
            for pk, uri, label, alt_labels, label_zh in rows
        ]
        built = _Built(stamp, SkillIndex(concepts), [row[0] for row in rows])
        _indexes[taxonomy.pk] = built
    return built.index, built.skill_ids


def _digest(text: str, stamp: tuple, top: int, min_score: float, learned: tuple = ()) -> str:
    key = f"{ENGINE_VERSION}\n{stamp}\n{top}\n{min_score}\n{learned}\n{text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Bridge:
    taxonomy: Taxonomy
    targets: dict[int, list[tuple[int, float]]]  # its skill id → [(mapping skill id, weight)]
    skills: dict[int, tuple[str, str]]  # mapping skill id → (uri, label)


def taxonomy_has_chinese(taxonomy: Taxonomy) -> bool:
    return Skill.objects.filter(taxonomy=taxonomy).exclude(label_zh="").exists()


def chinese_bridge(taxonomy: Taxonomy) -> _Bridge | None:
    """The framework that Chinese text is mapped through when ``taxonomy`` has no Chinese labels:
    the one with Chinese labels whose crosswalks reach ``taxonomy`` most (None if none does)."""
    if taxonomy_has_chinese(taxonomy):
        return None
    links = [link for link in walks_into(taxonomy, chinese_only=True) if link[3] in CARRIED]
    if not links:
        return None
    framework = Counter(link[0] for link in links).most_common(1)[0][0]
    targets = defaultdict(list)
    for owner, theirs, ours, relation in links:
        if owner == framework:
            targets[theirs].append((ours, CARRIED[relation]))
    wanted = {ours for pairs in targets.values() for ours, _weight in pairs}
    skills = Skill.objects.filter(pk__in=wanted).values_list("pk", "uri", "label")
    return _Bridge(
        Taxonomy.objects.get(pk=framework),
        dict(targets),
        {pk: (uri, label) for pk, uri, label in skills},
    )


def _carried(matches: list[dict], bridge: _Bridge, top: int, min_score: float) -> list[dict]:
    best: dict[int, dict] = {}
    for match in matches:
        for ours, weight in bridge.targets.get(match["skill_id"], ()):
            score = round(match["score"] * weight, 4)
            if score >= min_score and score > best.get(ours, {"score": -1.0})["score"]:
                uri, label = bridge.skills[ours]
                best[ours] = {**match, "skill_id": ours, "uri": uri, "label": label, "score": score}
    return sorted(best.values(), key=lambda m: -m["score"])[:top]


def map_texts(
    texts: Sequence[str],
    taxonomy: Taxonomy | None = None,
    *,
    top: int = TOP,
    min_score: float = MIN_SCORE,
    progress: Callable[[int, int], None] | None = None,
    organisation_id: int | None = None,
) -> list[list[dict]]:
    """Per text, its skills best first: ``{"skill_id", "uri", "label", "score", "span", "start",
    "end", "proficiency"}``. Texts seen before (same taxonomy and settings) come from the cache.
    For an organisation's texts, people's corrections of similar texts apply (see
    :mod:`dovetail.skills.learning`)."""
    taxonomy = taxonomy or mapping_taxonomy()
    chinese = [n for n, text in enumerate(texts) if is_chinese(text)]
    bridge = chinese_bridge(taxonomy) if chinese else None
    if bridge is None:
        return _map_onto(texts, taxonomy, top, min_score, progress, organisation_id)
    others = sorted(set(range(len(texts))) - set(chinese))

    def report(offset):
        return None if progress is None else lambda done, _: progress(offset + done, len(texts))

    results: list[list[dict]] = [[] for _ in texts]
    direct = _map_onto(
        [texts[n] for n in others], taxonomy, top, min_score, report(0), organisation_id
    )
    for n, matches in zip(others, direct, strict=True):
        results[n] = matches
    through = _map_onto(
        [texts[n] for n in chinese], bridge.taxonomy, top, min_score, report(len(others))
    )
    for n, matches in zip(chinese, through, strict=True):
        results[n] = _carried(matches, bridge, top, min_score)
    return results


def _map_onto(texts, taxonomy, top, min_score, progress, organisation_id=None) -> list[list[dict]]:
    stamp = _stamp(taxonomy)
    memory, learned = None, ()
    if organisation_id is not None:
        memory, learned = memory_for(organisation_id, taxonomy, shipped_embedder())
        if not len(memory):  # nothing learned: the answer everyone shares
            memory, learned = None, ()
    digests = [_digest(text, stamp, top, min_score, learned) for text in texts]
    known: dict[str, list] = {}
    for start in range(0, len(digests), CHUNK):
        known.update(
            MappedText.objects.filter(
                taxonomy=taxonomy, digest__in=digests[start : start + CHUNK]
            ).values_list("digest", "matches")
        )
    missing = list(dict.fromkeys(d for d in digests if d not in known))
    if missing:
        index, skill_ids = skill_index(taxonomy, stamp)
        by_uri = dict(zip((c.uri for c in index.concepts), skill_ids, strict=True))
        text_of = dict(zip(digests, texts, strict=True))
        done_before = len(digests) - len(missing)

        def report(done, _total):
            if progress is not None:
                progress(done_before + done, len(digests))

        mappings = index.map(
            [text_of[d] for d in missing], top, min_score=min_score, progress=report, memory=memory
        )
        fresh = {
            digest: [
                {
                    "skill_id": by_uri[m.uri],
                    "uri": m.uri,
                    "label": m.label,
                    "score": m.score,
                    "span": m.span,
                    "start": m.start,
                    "end": m.end,
                    "proficiency": m.proficiency,
                }
                for m in mapping.matches
            ]
            for digest, mapping in zip(missing, mappings, strict=True)
        }
        MappedText.objects.bulk_create(
            [MappedText(taxonomy=taxonomy, digest=d, matches=m) for d, m in fresh.items()],
            batch_size=CHUNK,
            ignore_conflicts=True,
        )
        known.update(fresh)
    elif progress is not None:
        progress(len(digests), len(digests))
    return [known[d] for d in digests]
