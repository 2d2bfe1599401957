"""What people corrected, remembered so the mapper does not repeat the same mistake.

A correction is a text a person reviewed: the skills they took off and the skills they added. A
new text close enough to a corrected one (cosine of their static embeddings at least
``similarity``) inherits the correction in proportion to how close it is: the skills taken off
lose score, the skills added gain it and join the candidates even when the text's own context did
not shortlist them. The same text mapped again gets the full correction; an unrelated text gets
none, so corrections made on one kind of advert do not leak into another.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dovetail.engines.skills.static import StaticEmbedder


@dataclass(frozen=True)
class Correction:
    """A reviewed text: the skill URIs a person took off and added. ``weight`` scales it (an
    organisation's own corrections count fully; others' as far as the caller trusts them)."""

    text: str
    taken_off: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    weight: float = 1.0


class CorrectionMemory:
    """Corrections, embedded once, as score adjustments for new texts.

    Examples
    --------
    >>> from dovetail.engines.skills.static import shipped_embedder
    >>> embedder = shipped_embedder()
    >>> fixed = Correction("Weld steel frames", taken_off=("urn:x:paint",), added=("urn:x:weld",))
    >>> memory = CorrectionMemory([fixed], embedder)
    >>> [sorted(a.items()) for a in memory.adjustments(embedder.embed(["Weld steel frames"]))]
    [[('urn:x:paint', -1.0), ('urn:x:weld', 1.0)]]
    """

    def __init__(
        self,
        corrections: Sequence[Correction],
        embedder: StaticEmbedder,
        *,
        similarity: float = 0.8,
        strength: float = 1.0,
    ):
        self.corrections = [c for c in corrections if c.taken_off or c.added]
        self.similarity = similarity
        self.strength = strength
        self.vectors = (
            embedder.embed([c.text for c in self.corrections])
            if self.corrections
            else np.zeros((0, embedder.dim), dtype=np.float32)
        )

    def __len__(self) -> int:
        return len(self.corrections)

    def adjustments(self, text_vectors: np.ndarray) -> list[dict[str, float]]:
        """Per text (unit vectors, shape (n, dim)): {skill URI: score to add}, negative for a
        skill people took off similar texts."""
        if not self.corrections:
            return [{} for _ in range(len(text_vectors))]
        closeness = text_vectors @ self.vectors.T
        out = []
        for row in closeness:
            adjusted: dict[str, float] = {}
            for n in np.flatnonzero(row >= self.similarity):
                correction = self.corrections[n]
                # a near-identical text carries the whole correction; a merely similar one, less
                amount = correction.weight * min(1.0, float(row[n]))
                for uri in correction.added:
                    adjusted[uri] = adjusted.get(uri, 0.0) + amount
                for uri in correction.taken_off:
                    adjusted[uri] = adjusted.get(uri, 0.0) - amount
            # people who agree reinforce each other up to the full strength; who disagree, cancel
            out.append(
                {
                    uri: round(self.strength * max(-1.0, min(1.0, value)), 4)
                    for uri, value in adjusted.items()
                    if value
                }
            )
        return out
