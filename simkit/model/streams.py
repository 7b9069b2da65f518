"""Named random streams, one per source of randomness.

Each stream is seeded from ``(seed, tps_id, stream name)`` alone, so adding a stream or changing
one scenario value leaves every other stream's numbers unchanged. This is what makes variants
comparable on common random numbers, and lets any TPS of a region be re-run alone.
"""

from __future__ import annotations

import zlib

import numpy as np


def stable_key(text: str) -> int:
    """A 32-bit key for a name that is the same on every machine and Python run."""
    return zlib.crc32(str(text).encode("utf-8"))


class Streams:
    """Lazily created ``numpy.random.Generator`` objects, one per name."""

    def __init__(self, seed: int, tps_id: str = "TPS"):
        if not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
        self.seed = int(seed)
        self.tps_id = str(tps_id)
        self._tps_key = stable_key(self.tps_id)
        self._cache: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        gen = self._cache.get(name)
        if gen is None:
            seq = np.random.SeedSequence([self.seed, self._tps_key, stable_key(name)])
            gen = np.random.Generator(np.random.PCG64(seq))
            self._cache[name] = gen
        return gen
