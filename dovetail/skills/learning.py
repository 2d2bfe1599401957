"""People's corrections as the mapping engine's memory (a service).

When HR takes a skill off an advert or a teacher adds one to an outcome, the correction is kept
as a link (see :mod:`dovetail.skills.links`). Mapping a new text for an organisation applies the
corrections of similar texts: all of the organisation's own, and another organisation's where
at least ``AGREE`` organisations made the same correction (took off, or added, the same skill),
so one organisation's habit does not change another's mapping but a shared mistake is fixed for
everyone.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max

from dovetail.engines.skills import Correction, CorrectionMemory
from dovetail.skills.models import CORRECTED, Taxonomy
from dovetail.skills.texts import kinds

AGREE = 3


@dataclass(frozen=True)
class _Learned:
    stamp: tuple
    memory: CorrectionMemory


_memories: dict[tuple[int, int], _Learned] = {}


def corrections_stamp(taxonomy: Taxonomy) -> tuple:
    """Changes whenever anyone corrects a text mapped onto ``taxonomy``."""
    stamp = []
    for kind in kinds():
        figures = _corrected(kind, taxonomy).aggregate(n=Count("pk"), last=Max("reviewed_at"))
        stamp.append((kind.name, figures["n"], str(figures["last"])))
    return tuple(stamp)


def _corrected(kind, taxonomy):
    return kind.links.objects.filter(CORRECTED, skill__taxonomy=taxonomy)


def corrections(organisation_id: int, taxonomy: Taxonomy) -> list[Correction]:
    """The corrections that count for ``organisation_id``: its own, and others' on which at least
    ``AGREE`` organisations agree."""
    texts: dict[tuple[str, int], dict] = {}
    agreeing = defaultdict(set)  # (skill URI, taken off?) → organisations
    for kind in kinds():
        rows = _corrected(kind, taxonomy).values_list(
            f"{kind.owner}_id",
            f"{kind.owner}__text",
            f"{kind.owner}__{kind.organisation}",
            "skill__uri",
            "rejected",
        )
        for owner, text, organisation, uri, rejected in rows:
            found = texts.setdefault(
                (kind.name, owner), {"text": text, "organisation": organisation, "fixes": []}
            )
            found["fixes"].append((uri, rejected))
            agreeing[uri, rejected].add(organisation)
    learned = []
    for found in texts.values():
        own = found["organisation"] == organisation_id
        fixes = [
            (uri, rejected)
            for uri, rejected in found["fixes"]
            if own or len(agreeing[uri, rejected]) >= AGREE
        ]
        if fixes:
            learned.append(
                Correction(
                    found["text"],
                    taken_off=tuple(sorted(uri for uri, rejected in fixes if rejected)),
                    added=tuple(sorted(uri for uri, rejected in fixes if not rejected)),
                )
            )
    return learned


def memory_for(
    organisation_id: int, taxonomy: Taxonomy, embedder
) -> tuple[CorrectionMemory, tuple]:
    """The organisation's correction memory on ``taxonomy`` (built once per change of any
    correction) and its stamp, which a cached mapping must match."""
    stamp = corrections_stamp(taxonomy)
    learned = _memories.get((organisation_id, taxonomy.pk))
    if learned is None or learned.stamp != stamp:
        memory = CorrectionMemory(corrections(organisation_id, taxonomy), embedder)
        learned = _memories[organisation_id, taxonomy.pk] = _Learned(stamp, memory)
    return learned.memory, stamp
