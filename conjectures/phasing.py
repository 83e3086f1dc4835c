"""Run eq. (2) from given initial data and decide whether it passed through a bipodal plateau.

Uses the engine: :func:`numeric.integrators.integrate_ivp` (LSODA, continuous time, so the
h = 0.1 Euler stability limit of uniform K = diag(2, 5) plays no role),
:func:`numeric.phases.segment_phases` (speed-curve segmentation) and
:func:`numeric.clusters.detect_clusters`.

Criterion (ours; the paper describes the phases qualitatively).  With the mean speed
sampled every ``dt`` time units and segmented by ``segment_phases`` (plateau = longest
run below 0.1 x the Phase I speed):

* a *bipodal plateau* is a segmented plateau that lasts at least ``min_ratio`` times as
  long as Phase I (``plateau_steps >= min_ratio * t1``, "prolonged") and whose mid-point
  configuration has exactly two clusters (cut gap 0.5 rad) that are antipodal within
  ``antipodal_tol`` rad;
* a plateau whose mid-point has another cluster structure is reported as *other plateau*.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from numeric import angular_velocity
from numeric.clusters import antipodal_gap, detect_clusters
from numeric.integrators import integrate_ivp
from numeric.observables import sigma_theta
from numeric.phases import segment_phases
from numeric.validation import check_angles, check_K2, check_normalization


def hull_spread(theta: np.ndarray) -> np.ndarray:
    """Shortest arc containing all tokens, per configuration (last axis = tokens)."""
    t = np.sort(np.mod(np.asarray(theta, dtype=float), 2 * np.pi), axis=-1)
    first = t[..., :1] + 2 * np.pi
    gaps = np.diff(np.concatenate([t, first], axis=-1), axis=-1)
    return 2 * np.pi - gaps.max(axis=-1)


def run_phases(theta0, K, normalization: str = "uniform", *, t_max: float = 2000.0,
               dt: float = 0.1, sigma_stop: float = 0.05, min_ratio: float = 5.0,
               antipodal_tol: float = 1.0) -> dict[str, Any]:
    """Integrate from ``theta0`` to ``t_max`` and classify the run (see the module docstring).

    The record is cut at the first sample with circular sigma_theta < ``sigma_stop``
    (the paper's stopping rule) when that happens.
    """
    th0 = check_angles(theta0, "theta0")
    if th0.ndim != 1:
        raise ValueError(f"theta0: expected shape (n,), got {th0.shape}")
    a, b = check_K2(K)
    check_normalization(normalization)
    if not (t_max > 0 and 0 < dt <= t_max / 20):
        raise ValueError(f"dt: expected 0 < dt <= t_max/20, got dt={dt!r}, t_max={t_max!r}")
    te = np.arange(0.0, t_max + dt / 2, dt)
    sol = integrate_ivp(th0, (a, b), normalization, t_span=(0.0, float(te[-1])), t_eval=te,
                        solver="LSODA", rtol=1e-9, atol=1e-11)
    Y = sol.y.T
    sig = sigma_theta(Y, "circular")
    hit = np.flatnonzero(sig < sigma_stop)
    stop = int(hit[0]) if hit.size else Y.shape[0] - 1
    Y = Y[: stop + 1]
    speed = np.mean(np.abs(angular_velocity(Y, (a, b), normalization)), axis=-1)
    seg = segment_phases(speed)
    kind = "none"
    mid_clusters = None
    mid = 0
    if seg["t1"] is not None:
        end = seg["t3"] if seg["t3"] is not None else stop + 1
        mid = (seg["t1"] + end) // 2
        cl = detect_clusters(Y[mid])
        mid_clusters = cl.as_dict()
        prolonged = seg["plateau_steps"] >= min_ratio * max(seg["t1"], 1)
        if prolonged and cl.count == 2 and antipodal_gap(cl) < antipodal_tol:
            kind = "bipodal"
        elif prolonged and cl.count >= 1:
            kind = f"other ({cl.count} clusters)"
    spreads = hull_spread(Y)
    return {
        "plateau": kind,
        "bipodal_plateau": kind == "bipodal",
        "t1": None if seg["t1"] is None else seg["t1"] * dt,
        "t3": None if seg["t3"] is None else seg["t3"] * dt,
        "T": stop * dt,
        "reached_consensus": bool(hit.size),
        "mid_plateau_clusters": mid_clusters,
        "mid_plateau_antipodal_gap": (antipodal_gap(detect_clusters(Y[mid])) if mid_clusters
                                      and mid_clusters["count"] >= 2 else None),
        "final_clusters": detect_clusters(Y[-1]).as_dict(),
        "max_spread_increase": float(np.max(np.diff(spreads))) if spreads.size > 1 else 0.0,
        "initial_spread": float(spreads[0]),
    }
