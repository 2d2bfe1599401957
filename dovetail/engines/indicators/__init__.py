"""Composite indicators: the integration depth index.

A pure engine: an evidence matrix (one row per partnership, one column per component) and an
:class:`IndexDefinition` in, scores with each component's contribution out.

>>> import numpy as np
>>> from dovetail.engines.indicators import IndexDefinition, depth_index
>>> definition = IndexDefinition(("placements", "hours"), weights=(3.0, 1.0), targets=(10, 100))
>>> result = depth_index(np.array([[5.0, 100.0], [20.0, 0.0]]), definition)
>>> result.scores.round(1).tolist()
[62.5, 75.0]
>>> result.contributions.round(1).tolist()
[[37.5, 25.0], [75.0, 0.0]]
"""

from dovetail.engines.indicators._depth import (
    DepthScores,
    IndexDefinition,
    depth_index,
    group_means,
)

__all__ = ["DepthScores", "IndexDefinition", "depth_index", "group_means"]
