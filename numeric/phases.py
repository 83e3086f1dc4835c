"""Automatic Phase I / plateau / Phase III segmentation of a mean-speed curve.

Method (thresholds stated in every result): let v(t) be the mean speed at Euler
step t and v_I the median of v over steps 0..9 (the Phase I speed scale).  With
``drop`` (default 0.1, one decade) the plateau threshold is ``drop * v_I``:

* the plateau (Phase II) is [t1, t3), the longest run of consecutive steps with
  v(t) < drop * v_I (the longest, so that a brief dip inside Phase I or the final
  consensus decay is not mistaken for it); Phase I is [0, t1);
* at t3 the speed is back above drop * v_I (the collapse speeds the particles up);
* Phase III is [t3, T], T the last recorded step (the stopping step).

If v never drops, there is no plateau (``t1 = None``); if it never recovers, the
plateau lasts to the end of the record and ``phase3_found`` is False (for a run
stopped by a step cap, the plateau share is then a lower bound).  The paper
(section "The Three Phases of Evolution") describes these phases qualitatively;
the thresholds are ours.
"""

from __future__ import annotations

import numpy as np


def segment_phases(speed, *, drop: float = 0.1, head: int = 10) -> dict:
    """Segment one speed curve (1-D, NaN tail ignored) -> dict of t1, t3, T, ratios, shares."""
    v = np.asarray(speed, dtype=np.float64)
    if v.ndim != 1:
        raise ValueError(f"speed: expected a 1-D curve, got shape {v.shape}")
    finite = np.flatnonzero(np.isfinite(v))
    if finite.size == 0:
        raise ValueError("speed: no finite values")
    v = v[: finite[-1] + 1]
    if not np.all(np.isfinite(v)) or np.any(v < 0):
        raise ValueError("speed: expected finite non-negative values before the NaN tail")
    if not (0 < drop < 1):
        raise ValueError(f"drop: expected a factor in (0, 1), got {drop!r}")
    if int(head) < 1:
        raise ValueError(f"head: expected a positive integer, got {head}")
    T = v.size - 1
    v_I = float(np.median(v[: min(int(head), v.size)]))
    thr = drop * v_I
    out = {"T": T, "v_phase1": v_I, "threshold": thr, "drop": drop, "head": int(head),
           "t1": None, "t3": None, "phase3_found": False, "plateau_steps": 0,
           "plateau_share": 0.0, "plateau_median_ratio": None, "plateau_min_ratio": None}
    below = np.flatnonzero(v < thr)
    if below.size == 0:
        return out
    # Runs of consecutive below-threshold steps: [starts[k], ends[k]).
    breaks = np.flatnonzero(np.diff(below) > 1)
    starts = np.concatenate([[below[0]], below[breaks + 1]])
    ends = np.concatenate([below[breaks] + 1, [below[-1] + 1]])
    k = int(np.argmax(ends - starts))                 # first longest run
    t1, end = int(starts[k]), int(ends[k])
    t3 = end if end <= T else None
    plateau = v[t1:end]
    out.update({
        "t1": t1, "t3": t3, "phase3_found": t3 is not None, "plateau_steps": end - t1,
        "plateau_share": (end - t1) / max(T, 1),
        "plateau_median_ratio": float(np.median(plateau) / v_I),
        "plateau_min_ratio": float(np.min(plateau) / v_I),
    })
    return out


def segment_batch(speed: np.ndarray, **kw) -> list[dict]:
    """:func:`segment_phases` for each row of a (seeds, steps) speed array."""
    speed = np.asarray(speed, dtype=np.float64)
    if speed.ndim != 2:
        raise ValueError(f"speed: expected shape (seeds, steps), got {speed.shape}")
    return [segment_phases(row, **kw) for row in speed]
