"""The depth index: target-referenced attainment per component, weighted and summed.

Each component's evidence is divided by its target and capped at 1, so a partnership that
meets every target scores 100 whatever the others do: the score means the same across
regions and years, unlike a min–max scaling that moves when one partnership improves.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class IndexDefinition:
    """The published formula: component names, their weights and the value that meets each.

    Weights need not sum to one; they are normalised. Every target must be positive.
    """

    components: tuple[str, ...]
    weights: tuple[float, ...]
    targets: tuple[float, ...]

    def __post_init__(self):
        k = len(self.components)
        if len(self.weights) != k or len(self.targets) != k:
            raise ValueError("components, weights and targets must have the same length")
        if any(w < 0 for w in self.weights) or not sum(self.weights) > 0:
            raise ValueError("weights must be non-negative and not all zero")
        if any(not t > 0 for t in self.targets):
            raise ValueError("every target must be positive")


@dataclass(frozen=True)
class DepthScores:
    """scores (n,): 0–100; attainment (n, k): 0–1; contributions (n, k): points each component
    adds, each row summing to its score."""

    scores: np.ndarray
    attainment: np.ndarray
    contributions: np.ndarray


def depth_index(evidence: np.ndarray, definition: IndexDefinition) -> DepthScores:
    """Scores for each row of ``evidence`` (n, k), under ``definition``.

    Negative or missing (NaN) evidence counts as none.
    """
    evidence = np.asarray(evidence, dtype=float)
    if evidence.ndim != 2 or evidence.shape[1] != len(definition.components):
        raise ValueError(f"evidence must have shape (n, {len(definition.components)})")
    clean = np.nan_to_num(np.clip(evidence, 0, None), nan=0.0)
    attainment = np.minimum(clean / np.asarray(definition.targets, dtype=float), 1.0)
    weights = np.asarray(definition.weights, dtype=float)
    contributions = 100.0 * attainment * (weights / weights.sum())
    return DepthScores(contributions.sum(axis=1), attainment, contributions)


def group_means(values: np.ndarray, groups: np.ndarray) -> dict[int, np.ndarray]:
    """The mean row of ``values`` (n, ...) for each label in ``groups`` (n,): a college's or a
    region's score is the mean over its partnerships, each counted once."""
    values = np.asarray(values, dtype=float)
    groups = np.asarray(groups)
    return {int(g): values[groups == g].mean(axis=0) for g in np.unique(groups)}
