"""Initial conditions, seeded so that a run never depends on its batch.

Each (n, seed) pair gets its own ``numpy.random.Generator`` built from
``SeedSequence([seed, n, stream])``, so the same (K, n, seed) starts from the
same angles whether it runs alone, in a batch of 20 seeds, or on a Dask worker.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

STREAM_UNIFORM_ANGLES = 0
STREAM_UNIFORM_SPHERE = 1


def rng_for(n: int, seed: int, stream: int) -> np.random.Generator:
    if int(n) < 2:
        raise ValueError(f"n: expected at least 2 particles, got {n}")
    if int(seed) < 0:
        raise ValueError(f"seed: expected a non-negative integer, got {seed}")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed), int(n), stream])))


def uniform_angles(n: int, seeds: int | Sequence[int]) -> np.ndarray:
    """i.i.d. uniform angles on [0, 2pi): shape (n,) for one seed, (len(seeds), n) for many."""
    if np.ndim(seeds) == 0:
        return rng_for(n, int(seeds), STREAM_UNIFORM_ANGLES).uniform(0.0, 2 * np.pi, size=n)
    return np.stack([uniform_angles(n, int(s)) for s in seeds])


def uniform_sphere(n: int, d: int, seeds: int | Sequence[int]) -> np.ndarray:
    """Uniform points on S^{d-1} (normalised Gaussians): (n, d) or (len(seeds), n, d)."""
    if int(d) < 2:
        raise ValueError(f"d: expected dimension at least 2, got {d}")
    if np.ndim(seeds) == 0:
        g = rng_for(n, int(seeds), STREAM_UNIFORM_SPHERE).standard_normal((n, d))
        return g / np.linalg.norm(g, axis=-1, keepdims=True)
    return np.stack([uniform_sphere(n, d, int(s)) for s in seeds])
