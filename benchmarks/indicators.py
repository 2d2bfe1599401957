"""Benchmark: the depth-index engine against the same formula written row by row in Python.

Both score the same random evidence (partnerships × 8 components) under the default weights and
targets; the scores must agree. The row-by-row version is how the index is usually computed in
a spreadsheet macro or a reporting script.

    python benchmarks/indicators.py           # 10k, 100k, 1M partnerships
    python benchmarks/indicators.py --quick   # 10k and 100k

The last line is JSON: partnerships, seconds, peer_seconds, ratio (at the largest size both ran).
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path[0] = str(Path(__file__).resolve().parents[1])

from dovetail.engines.indicators import IndexDefinition, depth_index  # noqa: E402

WEIGHTS = (2.0, 1.0, 1.5, 1.0, 1.5, 1.5, 1.0, 1.0)
TARGETS = (20, 0.9, 10, 200, 1.0, 3, 120, 5)


def row_by_row(evidence, weights, targets):
    total = sum(weights)
    scores = []
    for row in evidence.tolist():
        met = (w * min(max(x, 0.0) / t, 1.0) for x, w, t in zip(row, weights, targets, strict=True))
        scores.append(100 * sum(met) / total)
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k only")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    definition = IndexDefinition(tuple(f"c{i}" for i in range(8)), WEIGHTS, TARGETS)
    rng = np.random.default_rng(2026)
    print(f"{'partnerships':>12} {'engine s':>9} {'row-by-row s':>13} {'ratio':>7} {'max diff':>9}")
    headline = {}
    for size in sizes:
        evidence = rng.gamma(1.5, 1.0, size=(size, 8)) * np.asarray(TARGETS) * 0.7
        started = time.perf_counter()
        scores = depth_index(evidence, definition).scores
        ours = time.perf_counter() - started
        started = time.perf_counter()
        peer = row_by_row(evidence, WEIGHTS, TARGETS)
        theirs = time.perf_counter() - started
        difference = float(np.abs(scores - np.asarray(peer)).max())
        print(f"{size:>12,} {ours:>9.4f} {theirs:>13.3f} {theirs / ours:>7.0f} {difference:>9.1e}")
        headline = {
            "partnerships": size,
            "seconds": round(ours, 4),
            "peer_seconds": round(theirs, 3),
            "ratio": round(theirs / ours),
            "max_difference": difference,
        }
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
