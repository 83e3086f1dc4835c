"""Escape time T of the S^1 attention dynamics: the paper's scaling-law observable.

The paper's protocol ("Scaling Laws"): explicit Euler with step h = 0.1 from
i.i.d. uniform angles; T is the number of Euler steps until sigma_theta < 0.05.

* :func:`euler_escape_steps` runs that protocol for a batch of seeds at once
  (array of shape (seeds, n)); a seed leaves the batch as soon as every stopping
  rule it tracks has fired, so the batch shrinks as runs finish.  The state
  theta_k (k = 0, 1, ...) is tested *before* step k+1 is taken, so
  T = min{k >= 0 : sigma(theta_k) < threshold}.  A run that has not stopped
  after ``max_steps`` steps is *capped*: its T is ``None`` and its status
  ``"capped"``, never a number.
* Both readings of sigma_theta (:mod:`numeric.observables`) are tracked in the
  same trajectory: the dynamics do not depend on the stopping rule, so one
  simulation answers both.  The ``"lifted"`` reading (std of the unwrapped
  angles) can be unreachable: once the particles have met on the circle with
  some of them one turn (2 pi) away from the others in the lift, the lifted
  spread stays near 2 pi * std(k) forever.  Such a run gets status
  ``"split-consensus"`` (T = ``None``) when the circular spread is below
  threshold, every particle is within pi/2 of the circular mean mu, and the
  winding numbers k_i = round((theta_i - mu) / 2 pi) are not all equal.
* :func:`ode_escape_time` is the continuous-time variant: an adaptive
  Runge-Kutta integrator (``scipy.integrate.solve_ivp``) with a terminal event
  at sigma_theta = threshold; T is reported in units of h (t_escape / h) so it
  is directly comparable with the Euler step count.

The vector field is eq. (2) with the chosen normalization.  ``method="auto"``
uses the engine's Fourier-moment evaluator (``numeric.fourier.make_field``,
O(n*M)) where :func:`numeric.model.choose_method` picks it, otherwise
:func:`lean_direct_field`, an O(n^2) direct sum that
needs one ``exp`` per pair (w_ij = a c_i c_j + b s_i s_j and
sin(theta_i - theta_j) = s_i c_j - c_i s_j from c = cos theta, s = sin theta);
tests check it against :func:`numeric.model.angular_velocity`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from numeric.initial import uniform_angles
from numeric.observables import SIGMA_KINDS
from numeric.validation import check_K2, check_normalization, check_step

#: Bumped whenever a change here could change a stored T (part of every sweep key).
ESCAPE_TIME_VERSION = "1"
#: ``method="auto"`` switches to the Fourier-moment evaluator from this n on.
AUTO_FOURIER_MIN_N = 32

Field = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def lean_direct_field(a: float, b: float,
                      normalization: str) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """Field of eq. (2) as a function of (cos theta, sin theta), shapes (..., n) -> (..., n).

    Method: E_ij = exp(a c_i c_j + b s_i s_j - m) with m = max(|a|, |b|) for
    softmax (|w_ij| <= m, so no overflow) and m = 0 for uniform; then
    theta_i' = -(s_i (E c)_i - c_i (E s)_i) / Z_i with Z_i = n (uniform) or
    Z_i = sum_j E_ij (softmax).  Sums are elementwise products reduced over the
    last axis, so a seed's result does not depend on the rest of its batch.
    """
    a, b = check_K2((a, b))
    check_normalization(normalization)
    shift = max(abs(a), abs(b)) if normalization == "softmax" else 0.0

    def field(c: np.ndarray, s: np.ndarray) -> np.ndarray:
        ci, cj = c[..., :, None], c[..., None, :]
        si, sj = s[..., :, None], s[..., None, :]
        E = np.exp(a * (ci * cj) + b * (si * sj) - shift)
        Ec = (E * cj).sum(axis=-1)
        Es = (E * sj).sum(axis=-1)
        num = s * Ec - c * Es
        if normalization == "uniform":
            return -num / c.shape[-1]
        return -num / E.sum(axis=-1)

    return field


def resolve_method(method: str, n: int, a: float, b: float) -> str:
    """Concrete evaluator for ``method``: "lean-direct", "fourier", or "auto" (by n and gamma).

    "auto" takes Fourier moments from n = 32 on while max(|a|, |b|) <= 10 (where they
    keep their digits, :data:`numeric.model.FOURIER_MAX_GAMMA`), else the lean direct
    sum (faster below n ~ 32 in a batch of 8 seeds, measured here).
    """
    if method not in ("auto", "lean-direct", "fourier"):
        raise ValueError(f"method: expected 'auto', 'lean-direct' or 'fourier', got {method!r}")
    if method == "auto":
        from numeric.model import FOURIER_MAX_GAMMA

        ok = int(n) >= AUTO_FOURIER_MIN_N and max(abs(a), abs(b)) <= FOURIER_MAX_GAMMA
        return "fourier" if ok else "lean-direct"
    return method


def make_field(a: float, b: float, normalization: str, method: str) -> Field:
    """The evaluator ``f(theta, cos theta, sin theta) -> theta'`` for a concrete ``method``."""
    check_normalization(normalization)
    if method == "fourier":
        from numeric.fourier import make_field as fourier_field

        f = fourier_field(a, b, normalization)
        return lambda theta, c, s: f(theta)
    if method == "lean-direct":
        g = lean_direct_field(a, b, normalization)
        return lambda theta, c, s: g(c, s)
    raise ValueError(f"method: expected 'lean-direct' or 'fourier', got {method!r}")


def _check_common(K: Any, n: int, threshold: float, sigmas: Sequence[str]) -> tuple[float, float, int,
                                                                                      float, tuple[str, ...]]:
    a, b = check_K2(K)
    if isinstance(n, bool) or int(n) != n or int(n) < 2:
        raise ValueError(f"n: expected an integer >= 2, got {n!r}")
    try:
        threshold = float(threshold)
    except (TypeError, ValueError):
        raise ValueError(f"threshold: expected a positive number, got {threshold!r}") from None
    if not (math.isfinite(threshold) and threshold > 0):
        raise ValueError(f"threshold: expected a positive number, got {threshold!r}")
    sig = tuple(sigmas)
    if not sig or any(k not in SIGMA_KINDS for k in sig) or len(set(sig)) != len(sig):
        raise ValueError(f"sigmas: expected distinct kinds from {SIGMA_KINDS}, got {sigmas!r}")
    return a, b, int(n), threshold, sig


def _circular_sigma_cs(c: np.ndarray, s: np.ndarray) -> np.ndarray:
    R = np.sqrt(c.mean(axis=-1) ** 2 + s.mean(axis=-1) ** 2)
    return np.sqrt(-2.0 * np.log(np.clip(R, 1e-300, 1.0)))


def _split_consensus(theta: np.ndarray, c: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Rows whose particles lie within pi/2 of their circular mean mu but on different turns.

    Inside an open half-circle the arc spanned by the particles only shrinks (the
    extremal particle moves inward, the argument of the paper's Proposition 2), so
    no particle can cross mu +- pi again and the winding numbers
    k_i = round((theta_i - mu) / 2 pi) are frozen: the lifted spread stays about
    2 pi std(k) > threshold forever.
    """
    mu = np.arctan2(s.mean(axis=-1), c.mean(axis=-1))[..., None]
    d = theta - mu
    k = np.round(d / (2 * np.pi))
    inside = np.abs(d - 2 * np.pi * k).max(axis=-1) < np.pi / 2
    return inside & (k.min(axis=-1) != k.max(axis=-1))


def euler_escape_steps(K: Any, n: int, seeds: Sequence[int], *, normalization: str = "softmax",
                       sigmas: Sequence[str] = SIGMA_KINDS, h: float = 0.1, threshold: float = 0.05,
                       max_steps: int = 100_000, method: str = "auto") -> list[dict[str, Any]]:
    """Explicit-Euler escape steps for each seed: one record per seed, in ``seeds`` order.

    Each record has, for every kind in ``sigmas``, ``T_<kind>`` (int or None) and
    ``status_<kind>`` ("escaped", "capped" or, lifted only, "split-consensus"),
    plus ``steps_run`` (the Euler steps this seed actually took).
    """
    a, b, n, threshold, sig = _check_common(K, n, threshold, sigmas)
    h = check_step(h)
    if isinstance(max_steps, bool) or int(max_steps) != max_steps or int(max_steps) < 1:
        raise ValueError(f"max_steps: expected a positive integer, got {max_steps!r}")
    max_steps = int(max_steps)
    seeds = [int(x) for x in seeds]
    if not seeds:
        raise ValueError("seeds: expected at least one seed")
    field = make_field(a, b, normalization, resolve_method(method, n, a, b))
    theta = uniform_angles(n, seeds)
    B = len(seeds)
    T = {k: [None] * B for k in sig}
    status = {k: ["capped"] * B for k in sig}
    steps_run = [max_steps] * B
    pending = {k: np.ones(B, dtype=bool) for k in sig}
    # sigma_circ < thr  <=>  R^2 > exp(-thr^2) with R^2 = mean(cos)^2 + mean(sin)^2 (no log per step).
    r2_circ = math.exp(-threshold ** 2)
    # The lifted spread bounds the circular one: R >= mean cos(theta - mean) >= 1 - var/2, so
    # sigma_lifted < thr forces R >= 1 - thr^2/2; lifted checks run only past that gate.
    r2_gate = (1.0 - threshold ** 2 / 2) ** 2
    gate = min(r2_circ, r2_gate) if "lifted" in sig else r2_circ
    rows = np.arange(B)  # original index of each row of `theta`
    for step in range(max_steps + 1):
        c, s = np.cos(theta), np.sin(theta)
        R2 = c.mean(axis=-1) ** 2 + s.mean(axis=-1) ** 2
        if (R2 > gate).any():
            for kind in sig:
                p = pending[kind][rows]
                if not p.any():
                    continue
                if kind == "circular":
                    hit = p & (R2 > r2_circ)
                else:
                    hit = p & (R2 > r2_gate)
                    if hit.any():
                        hit &= np.std(theta, axis=-1) < threshold
                    near = p & ~hit & (R2 > r2_circ)
                    if near.any():
                        split = near & _split_consensus(theta, c, s)
                        for r in np.flatnonzero(split):
                            status[kind][rows[r]] = "split-consensus"
                            pending[kind][rows[r]] = False
                for r in np.flatnonzero(hit):
                    T[kind][rows[r]] = step
                    status[kind][rows[r]] = "escaped"
                    pending[kind][rows[r]] = False
            alive = np.zeros(len(rows), dtype=bool)
            for kind in sig:
                alive |= pending[kind][rows]
            for r in np.flatnonzero(~alive):
                steps_run[rows[r]] = step
            if not alive.any():
                break
            if not alive.all():
                rows, theta, c, s = rows[alive], theta[alive], c[alive], s[alive]
        if step == max_steps:
            break
        theta = theta + h * field(theta, c, s)
    out = []
    for i in range(B):
        rec: dict[str, Any] = {"steps_run": int(steps_run[i])}
        for kind in sig:
            rec[f"T_{kind}"] = T[kind][i]
            rec[f"status_{kind}"] = status[kind][i]
        out.append(rec)
    return out


def ode_escape_time(K: Any, n: int, seed: int, *, normalization: str = "softmax",
                    sigmas: Sequence[str] = ("circular",), h: float = 0.1, threshold: float = 0.05,
                    max_steps: int = 100_000, rtol: float = 1e-9, atol: float = 1e-11,
                    method: str = "auto") -> dict[str, Any]:
    """Continuous-time escape time of one seed, in units of h: T = t_escape / h.

    Method: ``solve_ivp(method="DOP853")`` (adaptive, 8th order) on eq. (2) from
    the same initial angles as the Euler run, with a terminal event at
    sigma_theta = threshold (direction -1) per tracked kind; integration stops at
    t = max_steps * h (then status "capped").  T is a float (time / h).
    """
    from scipy.integrate import solve_ivp

    a, b, n, threshold, sig = _check_common(K, n, threshold, sigmas)
    h = check_step(h)
    for name, v in (("rtol", rtol), ("atol", atol)):
        if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
            raise ValueError(f"{name}: expected a positive tolerance, got {v!r}")
    if isinstance(max_steps, bool) or int(max_steps) != max_steps or int(max_steps) < 1:
        raise ValueError(f"max_steps: expected a positive integer, got {max_steps!r}")
    field = make_field(a, b, normalization, resolve_method(method, n, a, b))
    theta0 = uniform_angles(n, int(seed))

    def rhs(_t: float, y: np.ndarray) -> np.ndarray:
        return field(y, np.cos(y), np.sin(y))

    def make_event(kind: str) -> Callable[[float, np.ndarray], float]:
        def ev(_t: float, y: np.ndarray) -> float:
            if kind == "circular":
                return float(_circular_sigma_cs(np.cos(y), np.sin(y)) - threshold)
            return float(np.std(y) - threshold)
        ev.terminal = len(sig) == 1  # type: ignore[attr-defined]
        ev.direction = -1  # type: ignore[attr-defined]
        return ev

    events = [make_event(k) for k in sig]
    t_end = int(max_steps) * h
    sol = solve_ivp(rhs, (0.0, t_end), theta0, method="DOP853", rtol=rtol, atol=atol,
                    events=events, dense_output=False)
    rec: dict[str, Any] = {"nfev": int(sol.nfev), "solver_status": int(sol.status)}
    for kind, te in zip(sig, sol.t_events, strict=True):
        start = (_circular_sigma_cs(np.cos(theta0), np.sin(theta0)) if kind == "circular"
                 else np.std(theta0))
        if float(start) < threshold:
            rec[f"T_{kind}"], rec[f"status_{kind}"] = 0.0, "escaped"
        elif len(te):
            rec[f"T_{kind}"], rec[f"status_{kind}"] = float(te[0]) / h, "escaped"
        else:
            rec[f"T_{kind}"], rec[f"status_{kind}"] = None, "capped"
    if sol.status < 0:
        raise RuntimeError(f"solve_ivp failed for K=({a}, {b}), n={n}, seed={seed}: {sol.message}")
    return rec
