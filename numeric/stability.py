"""Explicit-Euler stability of the h = 0.1 protocol: closed-form rates and state estimates.

Explicit Euler on a linear mode with real eigenvalue lambda < 0 is stable iff
h |lambda| < 2 (amplification factor 1 + h lambda in (-1, 1)).  For eq. (2):

* balanced bipodal state at angle phi (Appendix C of the paper): uniform Z_i = n
  gives lambda = -sinh(gamma) (multiplicity n-2), e^{-gamma}, 0 with
  gamma = gamma(phi) = a cos^2 phi + b sin^2 phi.  Under softmax,
  Z_i = (n/2)(e^gamma + e^{-gamma}) = n cosh(gamma) at that state and the
  derivative of 1/Z_i multiplies the vanishing sum sum_j e^{w_ij} s_ij, so every
  eigenvalue is divided by cosh(gamma): -tanh(gamma), e^{-gamma}/cosh(gamma), 0.
* consensus at phi: all s_ij = 0, c_ij = 1, w_ij = gamma, so A = (e^gamma/n)(11^T - n I)
  under uniform: eigenvalues -e^gamma (multiplicity n-1) and 0; under softmax
  (Z_i = n e^gamma) -1 and 0.

Hence the h = 0.1 uniform protocol is unstable at consensus for gamma > ln(20)
~ 2.996 and at the bipodal state for gamma > asinh(20) ~ 3.689; softmax is stable
for every gamma at both states.  :func:`diagonal_rate` estimates the stiffest rate
of an arbitrary state from the Jacobian diagonal (exact analytic formula), which
equals the closed forms above up to O(1/n) at those states.
"""

from __future__ import annotations

import numpy as np

from numeric.model import interaction_weights
from numeric.validation import check_K2, check_normalization


def gamma_of(phi: float | np.ndarray, a: float, b: float) -> np.ndarray:
    """gamma(phi) = a cos^2 phi + b sin^2 phi, eq. (3)."""
    return a * np.cos(phi) ** 2 + b * np.sin(phi) ** 2


def bipodal_eigenvalues(gamma: float, normalization: str) -> dict[str, float]:
    """Closed-form balanced-bipodal spectrum (n -> any even n, exact): cohesion, escape, zero."""
    g = float(gamma)
    if normalization == "uniform":
        return {"cohesion": -np.sinh(g), "escape": np.exp(-g), "zero": 0.0}
    if normalization == "softmax":
        return {"cohesion": -np.tanh(g), "escape": np.exp(-g) / np.cosh(g), "zero": 0.0}
    raise ValueError(f"normalization: expected 'uniform' or 'softmax', got {normalization!r}")


def consensus_eigenvalues(gamma: float, normalization: str) -> dict[str, float]:
    """Closed-form consensus spectrum: the (n-1)-fold contraction rate and the zero mode."""
    g = float(gamma)
    if normalization == "uniform":
        return {"contraction": -np.exp(g), "zero": 0.0}
    if normalization == "softmax":
        return {"contraction": -1.0, "zero": 0.0}
    raise ValueError(f"normalization: expected 'uniform' or 'softmax', got {normalization!r}")


def euler_stable(lam: float, h: float = 0.1) -> bool:
    """Explicit Euler is stable on a real mode lambda <= 0 iff h |lambda| < 2."""
    return bool(h * abs(lam) < 2.0)


def gamma_thresholds(h: float = 0.1) -> dict[str, float]:
    """Largest gamma for which the uniform protocol is stable: consensus ln(2/h), bipodal asinh(2/h)."""
    return {"consensus_uniform": float(np.log(2.0 / h)), "bipodal_uniform": float(np.arcsinh(2.0 / h))}


def jacobian_diagonal(theta: np.ndarray, K, normalization: str) -> np.ndarray:
    """d f_i / d theta_i of eq. (2), exact, direct O(n^2); theta (..., n) -> (..., n).

    With N_i = sum_{j != i} e^{w_ij} s_ij and Z_i: dN_i = sum_{j != i} e^{w_ij}
    (dw_ij s_ij + c_ij), dw_ij = -p s_ij - q sin(t_i + t_j); softmax adds
    dZ_i = sum_{j != i} e^{w_ij} dw_ij - 2 q sin(2 t_i) e^{w_ii}; f_i = -N_i/Z_i.
    """
    a, b = check_K2(K)
    check_normalization(normalization)
    p, q = 0.5 * (a + b), 0.5 * (a - b)
    theta = np.asarray(theta, dtype=np.float64)
    n = theta.shape[-1]
    w = interaction_weights(theta, a, b)
    d = theta[..., :, None] - theta[..., None, :]
    s, c = np.sin(d), np.cos(d)
    dw = -p * s - q * np.sin(theta[..., :, None] + theta[..., None, :])
    shift = w.max(axis=-1, keepdims=True) if normalization == "softmax" else 0.0
    e = np.exp(w - shift)
    eye = np.eye(n, dtype=bool)
    e_off = np.where(eye, 0.0, e)
    N = (e_off * s).sum(-1)
    dN = (e_off * (dw * s + c)).sum(-1)
    if normalization == "uniform":
        return -dN / n
    Z = e.sum(-1)
    dZ = (e_off * dw).sum(-1) - 2 * q * np.sin(2 * theta) * np.diagonal(e, axis1=-2, axis2=-1)
    return -(dN * Z - N * dZ) / Z**2


def diagonal_rate(theta: np.ndarray, K, normalization: str, *, max_rows: int = 128,
                  chunk: int = 128) -> np.ndarray:
    """Stiffest-rate estimate max_i |d f_i/d theta_i| per seed: theta (..., n) -> (...).

    Memory is bounded by evaluating ``chunk`` rows i at a time (each row still sums
    over all n particles j).  For n > ``max_rows`` only every ceil(n/max_rows)-th
    particle i is evaluated: the stiffest diagonal entries belong to the heaviest,
    tightest clusters, which a stride sample of >= max_rows particles always hits
    unless a cluster holds fewer than n/max_rows particles (whose own rate is then
    small, being proportional to the cluster's mass).
    """
    a, b = check_K2(K)
    check_normalization(normalization)
    theta = np.asarray(theta, dtype=np.float64)
    n = theta.shape[-1]
    stride = max(1, -(-n // int(max_rows)))
    rows = np.arange(0, n, stride)
    flat = theta.reshape(-1, n)
    out = np.empty(flat.shape[0])
    for s_idx in range(flat.shape[0]):
        best = 0.0
        for lo in range(0, rows.size, chunk):
            r = rows[lo:lo + chunk]
            best = max(best, float(np.abs(_diag_rows(flat[s_idx], r, a, b, normalization)).max()))
        out[s_idx] = best
    return out.reshape(theta.shape[:-1])


def _diag_rows(t: np.ndarray, rows: np.ndarray, a: float, b: float, normalization: str) -> np.ndarray:
    """d f_i/d theta_i for the particles i in ``rows`` of one configuration t (n,)."""
    p, q = 0.5 * (a + b), 0.5 * (a - b)
    ti = t[rows][:, None]
    d = ti - t[None, :]
    ssum = ti + t[None, :]
    w = p * np.cos(d) + q * np.cos(ssum)
    s, c = np.sin(d), np.cos(d)
    dw = -p * s - q * np.sin(ssum)
    shift = w.max(axis=-1, keepdims=True) if normalization == "softmax" else 0.0
    e = np.exp(w - shift)
    self_mask = rows[:, None] == np.arange(t.size)[None, :]
    e_off = np.where(self_mask, 0.0, e)
    N = (e_off * s).sum(-1)
    dN = (e_off * (dw * s + c)).sum(-1)
    if normalization == "uniform":
        return -dN / t.size
    Z = e.sum(-1)
    e_self = e[self_mask]
    dZ = (e_off * dw).sum(-1) - 2 * q * np.sin(2 * t[rows]) * e_self
    return -(dN * Z - N * dZ) / Z**2


def numerical_jacobian(f, theta: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference Jacobian of f at theta (shape (n,)) -> (n, n); error O(eps^2)."""
    theta = np.asarray(theta, dtype=np.float64)
    n = theta.size
    E = np.eye(n) * eps
    plus = f(theta[None, :] + E)
    minus = f(theta[None, :] - E)
    return ((plus - minus) / (2 * eps)).T
