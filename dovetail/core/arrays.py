"""Finding values by integer key for whole arrays at once, where a dict lookup per row would cost
seconds (a region's round asks millions of times)."""

import numpy as np


def pair_keys(high, low) -> np.ndarray:
    """One int64 key per pair of ids (each below 2**32)."""
    return np.asarray(high, dtype=np.int64) * 2**32 + np.asarray(low, dtype=np.int64)


class Lookup:
    """The largest value stored under each key, sorted once and asked many times."""

    def __init__(self, keys, values):
        keys = np.asarray(keys, dtype=np.int64)
        values = np.asarray(values, dtype=np.int64)
        order = np.lexsort((values, keys))  # within a key, the largest value sorts last
        keys, values = keys[order], values[order]
        last = np.r_[keys[1:] != keys[:-1], True] if len(keys) else np.zeros(0, dtype=bool)
        self.keys, self.values = keys[last], values[last]

    def get(self, wanted, *, missing: int) -> np.ndarray:
        """For each of ``wanted``, its value, or ``missing``."""
        wanted = np.asarray(wanted, dtype=np.int64)
        answer = np.full(len(wanted), missing, dtype=np.int64)
        if not len(self.keys):
            return answer
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        hit = self.keys[at] == wanted
        answer[hit] = self.values[at[hit]]
        return answer


def lookup(keys, values, wanted, *, missing: int) -> np.ndarray:
    """For each of ``wanted``, the largest value stored under that key, or ``missing``."""
    return Lookup(keys, values).get(wanted, missing=missing)
