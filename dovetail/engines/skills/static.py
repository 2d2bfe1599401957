"""Static token embeddings: a phrase's vector is the rarity-weighted mean of its word-piece vectors.

The shipped table (``data/minilm-static-256.npz``) was distilled from all-MiniLM-L6-v2 by
:mod:`dovetail.engines.skills.distil`: every word piece got the vector that makes the mean of a
label's pieces reproduce MiniLM's embedding of that label, fitted by ridge regression over the
ESCO labels. Each piece then weighs by how rare it is among those labels
(``data/minilm-static-256-rarity.npy``): "manage", "use" and "of" open thousands of skill names and
say little about which skill a phrase names; "welding" or "pigs" say much. It embeds thousands of
phrases a second on one core, offline.
"""

from functools import cache
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

DATA = Path(__file__).parent / "data"
SPECIAL = frozenset({0, 100, 101, 102})  # [PAD] [UNK] [CLS] [SEP]


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-9)


class StaticEmbedder:
    """``weights``, one per piece, scale each piece's part in the mean (all 1 if not given)."""

    def __init__(
        self, vectors: np.ndarray, tokenizer: Tokenizer, weights: np.ndarray | None = None
    ):
        self.vectors = np.asarray(vectors, dtype=np.float32)
        if weights is not None:
            # a mean's direction is all a unit vector keeps, so weighting the rows weights the mean
            self.vectors = self.vectors * np.asarray(weights, dtype=np.float32)[:, None]
        self.dim = self.vectors.shape[1]
        self.tokenizer = tokenizer
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def pieces(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text: the word-piece ids (specials dropped) and each piece's start offset."""
        result = []
        for encoding in self.tokenizer.encode_batch(texts, add_special_tokens=False):
            ids = np.array(encoding.ids, dtype=np.int64)
            starts = np.array([start for start, _end in encoding.offsets], dtype=np.int64)
            keep = ~np.isin(ids, list(SPECIAL))
            result.append((ids[keep], starts[keep]))
        return result

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit vector per text; a text with no known piece gets the zero vector."""
        return self.embed_pieces(self.pieces(texts))

    def embed_pieces(self, pieces) -> np.ndarray:
        """Unit vectors of whole texts from their :meth:`pieces`."""
        out = np.zeros((len(pieces), self.dim), dtype=np.float32)
        for row, (ids, _starts) in enumerate(pieces):
            if len(ids):
                out[row] = self.vectors[ids].mean(0)
        return unit_rows(out)

    def embed_ranges(self, ids: np.ndarray, starts: np.ndarray, ranges: np.ndarray) -> np.ndarray:
        """Unit vectors of character ranges [(start, end), …] of one text, from its pieces."""
        if not len(ranges):
            return np.zeros((0, self.dim), dtype=np.float32)
        cumulative = np.vstack(
            [np.zeros((1, self.dim), np.float32), np.cumsum(self.vectors[ids], axis=0)]
        )
        first = np.searchsorted(starts, ranges[:, 0], side="left")
        last = np.searchsorted(starts, ranges[:, 1], side="left")
        sums = cumulative[last] - cumulative[first]
        return unit_rows(sums / np.maximum(last - first, 1)[:, None])


@cache
def shipped_embedder() -> StaticEmbedder:
    """The distilled MiniLM table that ships with Dovetail, rarity-weighted (loaded once per
    process)."""
    vectors = np.load(DATA / "minilm-static-256.npz")["vectors"]
    return StaticEmbedder(
        vectors,
        Tokenizer.from_file(str(DATA / "minilm-tokenizer.json")),
        weights=np.load(DATA / "minilm-static-256-rarity.npy"),
    )
