"""Benchmark: one Euler step of eq. (2), the Fourier engine against the direct O(n^2) reference.

Both are timed in the same process, on the same batched state (seeds x n angles from
:func:`numeric.initial.uniform_angles`), with ``time.perf_counter``; each timing is the
minimum over ``repeats`` calls (the least-disturbed one on a shared machine).  The
reference is the plain numpy direct sum of :mod:`numeric.model` (``method="direct"``).
Timings are machine-dependent and never asserted in tests.
"""

from __future__ import annotations

import time

import numpy as np

from numeric.initial import uniform_angles
from numeric.model import make_angular_field


def _time(fn, repeats: int) -> float:
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return float(best)


def bench_step(ns=(100, 1000, 3000), seeds: int = 20, K=(2.0, 5.0), normalization: str = "uniform",
               h: float = 0.1, repeats: int = 3, reference_repeats: int = 1) -> dict:
    """Seconds per batched Euler step for each n: engine (Fourier) and reference (direct)."""
    rows = []
    for n in ns:
        theta = uniform_angles(int(n), list(range(seeds)))
        fast = make_angular_field(K, normalization, method="fourier")
        ref = make_angular_field(K, normalization, method="direct")
        fast(theta)  # warm-up (plan construction is cached)
        t_fast = _time(lambda f=fast, t=theta: t + h * f(t), repeats)
        t_ref = _time(lambda f=ref, t=theta: t + h * f(t), reference_repeats)
        err = float(np.max(np.abs(fast(theta) - ref(theta))))
        rows.append({"n": int(n), "seeds": seeds, "engine_s": t_fast, "reference_s": t_ref,
                     "speedup": t_ref / t_fast, "max_abs_diff": err})
    # Growth exponent of the engine's cost in n (log-log slope between the extreme n).
    if len(rows) >= 2:
        r0, r1 = rows[0], rows[-1]
        slope = float(np.log(r1["engine_s"] / r0["engine_s"]) / np.log(r1["n"] / r0["n"]))
    else:
        slope = None
    pair = None
    if len(rows) >= 2:
        r0, r1 = rows[-2], rows[-1]
        pair = float(np.log(r1["engine_s"] / r0["engine_s"]) / np.log(r1["n"] / r0["n"]))
    return {"K": list(K), "normalization": normalization, "h": h, "method_engine": "fourier",
            "method_reference": "direct numpy O(n^2)", "timing": "min over repeats, perf_counter",
            "rows": rows, "engine_cost_exponent_in_n": slope,
            "engine_cost_exponent_largest_two_n": pair}
