"""Observables of a configuration: sigma_theta (the paper's stopping statistic), ...

sigma_theta is ambiguous on a circle, so both readings are implemented and
every result names the one it used:

* ``"circular"``: the circular standard deviation sqrt(-2 ln R), with
  R = |mean_j exp(i theta_j)| the order parameter (Mardia & Jupp, 2000, 2.3.11);
  invariant under rotations and under adding 2pi to any angle;
* ``"lifted"``: the plain (population) standard deviation of the angles as
  stored, i.e. of the lift the integrator carries (never wrapped), which is
  what ``numpy.std(theta)`` on the simulation state gives.
"""

from __future__ import annotations

import numpy as np

SIGMA_KINDS = ("circular", "lifted")


def sigma_theta(theta: np.ndarray, kind: str = "circular") -> np.ndarray:
    """sigma_theta over the last axis of ``theta`` (shape (..., n)) -> shape (...)."""
    theta = np.asarray(theta, dtype=np.float64)
    if kind == "circular":
        R = np.abs(np.mean(np.exp(1j * theta), axis=-1))
        # R can exceed 1 by rounding at consensus; clip so the log stays real.
        return np.sqrt(-2.0 * np.log(np.clip(R, 1e-300, 1.0)))
    if kind == "lifted":
        return np.std(theta, axis=-1)
    raise ValueError(f"kind: expected one of {SIGMA_KINDS}, got {kind!r}")


def mean_speed(velocity: np.ndarray) -> np.ndarray:
    """Mean particle speed mean_i |x_i'| over the particle axis.

    For angles (shape (..., n)) |x_i'| = |theta_i'| on the unit circle; for
    Cartesian velocities (shape (..., n, d)) pass ``np.linalg.norm(v, axis=-1)``.
    """
    return np.mean(np.abs(np.asarray(velocity, dtype=np.float64)), axis=-1)


def sigma_difference(theta: np.ndarray) -> dict[str, np.ndarray]:
    """Both sigma_theta readings side by side and their difference (lifted - circular)."""
    c = sigma_theta(theta, "circular")
    lifted = sigma_theta(theta, "lifted")
    return {"circular": c, "lifted": lifted, "difference": lifted - c}
