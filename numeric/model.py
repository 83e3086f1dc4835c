"""The model: the vector fields of the paper, the one source of truth.

* :func:`angular_velocity`, eq. (2): for Q = V = I, beta = 1, K = diag(a, b) on S^1,
  ``theta_i' = -(1/Z_i) sum_j exp(w_ij) sin(theta_i - theta_j)`` with
  ``w_ij = (a+b)/2 cos(theta_i - theta_j) + (a-b)/2 cos(theta_i + theta_j)``
  (= <x_i, K x_j>).  ``normalization="uniform"`` is Z_i = n (the paper's
  analysis); ``"softmax"`` is Z_i = sum_j exp(w_ij) (usual self-attention).
* :func:`sphere_velocity`, eq. (1): ``x_i' = P_{x_i}^perp((1/Z_i) sum_j
  exp(beta <Q x_i, K x_j>) V x_j)`` on S^{d-1}.

The direct O(n^2) sums here are the reference; ``angular_velocity(...,
method="fourier")`` uses the O(n*M) Fourier-moment evaluator of
:mod:`numeric.fourier` (agrees with the direct sum to ~1e-14 relative, tested),
and ``method="auto"`` (the default) picks whichever is faster and safe: Fourier
for n >= FOURIER_MIN_N and max(|a|, |b|) <= FOURIER_MAX_GAMMA, direct otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

from numeric.validation import (
    check_angles,
    check_K2,
    check_matrix,
    check_normalization,
    check_points,
)


def interaction_weights(theta: np.ndarray, a: float, b: float) -> np.ndarray:
    """w_ij = <x_i, K x_j> for angles of shape (..., n): returns (..., n, n)."""
    ti = theta[..., :, None]
    tj = theta[..., None, :]
    return 0.5 * (a + b) * np.cos(ti - tj) + 0.5 * (a - b) * np.cos(ti + tj)


#: Fourier wins over the direct sum from about this n on (measured: 20 seeds
#: batched, the two cost the same near n = 12; see ``metastab bench``).
FOURIER_MIN_N = 16
#: Above this max(|a|, |b|) the Fourier sum loses digits to cancellation
#: (terms of size exp(max|a|,|b|) summing to much less), so auto uses direct.
FOURIER_MAX_GAMMA = 10.0
METHODS = ("auto", "direct", "fourier")


def choose_method(n: int, a: float, b: float) -> str:
    """The method ``method="auto"`` uses for n particles and K = diag(a, b)."""
    if n >= FOURIER_MIN_N and max(abs(a), abs(b)) <= FOURIER_MAX_GAMMA:
        return "fourier"
    return "direct"


@lru_cache(maxsize=64)
def _fourier_field(a: float, b: float, normalization: str) -> Callable[[np.ndarray], np.ndarray]:
    from numeric.fourier import make_field

    return make_field(a, b, normalization)


def make_angular_field(K, normalization: str = "uniform", *, n: int | None = None,
                       method: str = "auto") -> Callable[[np.ndarray], np.ndarray]:
    """A validated-once callable ``f(theta) -> theta'`` for hot loops (no per-call checks).

    ``method="auto"`` needs ``n`` to choose; the callable expects float64 angles
    of shape (..., n) with that n.  Same numbers as :func:`angular_velocity`
    with the same method.
    """
    a, b = check_K2(K)
    check_normalization(normalization)
    if method not in METHODS:
        raise ValueError(f"method: expected one of {METHODS}, got {method!r}")
    if method == "auto":
        if n is None:
            raise ValueError("n: method='auto' needs the particle count n")
        method = choose_method(int(n), a, b)
    if method == "fourier":
        return _fourier_field(a, b, normalization)
    return lambda theta: _direct_angular(theta, a, b, normalization)


def _direct_angular(theta: np.ndarray, a: float, b: float, normalization: str) -> np.ndarray:
    n = theta.shape[-1]
    w = interaction_weights(theta, a, b)
    s = np.sin(theta[..., :, None] - theta[..., None, :])
    if normalization == "uniform":
        # exp(w) <= exp(max(|a|,|b|)); float64 is safe up to ~700.
        return -(np.exp(w) * s).sum(axis=-1) / n
    # Softmax: shift by the row maximum so large a, b cannot overflow.
    e = np.exp(w - w.max(axis=-1, keepdims=True))
    return -(e * s).sum(axis=-1) / e.sum(axis=-1)


def angular_velocity(theta, K, normalization: str = "uniform", *,
                     method: str = "auto") -> np.ndarray:
    """theta' of eq. (2); theta has shape (..., n) (leading axes: seeds).

    ``method``: ``"direct"`` (the O(n^2) reference sum), ``"fourier"``
    (:mod:`numeric.fourier`, O(n*M)), or ``"auto"`` (:func:`choose_method`).
    """
    theta = check_angles(theta)
    a, b = check_K2(K)
    check_normalization(normalization)
    if method not in METHODS:
        raise ValueError(f"method: expected one of {METHODS}, got {method!r}")
    if method == "auto":
        method = choose_method(theta.shape[-1], a, b)
    if method == "fourier":
        return _fourier_field(a, b, normalization)(theta)
    return _direct_angular(theta, a, b, normalization)


def sphere_velocity(X, K, normalization: str = "uniform", Q=None, V=None,
                    beta: float = 1.0) -> np.ndarray:
    """x' of eq. (1), direct O(n^2) sum; X has shape (..., n, d) with unit rows."""
    X = check_points(X)
    d = X.shape[-1]
    K = check_matrix(K, d, "K", symmetric=True)
    Q = np.eye(d) if Q is None else check_matrix(Q, d, "Q")
    V = np.eye(d) if V is None else check_matrix(V, d, "V")
    check_normalization(normalization)
    try:
        beta = float(beta)
    except (TypeError, ValueError):
        raise ValueError(f"beta: expected a real number, got {beta!r}") from None
    if not np.isfinite(beta):
        raise ValueError("beta: must be finite")
    n = X.shape[-2]
    # A_ij = beta <Q x_i, K x_j>
    A = beta * np.einsum("...id,de,...je->...ij", X @ Q.T, K, X)
    if normalization == "uniform":
        weights = np.exp(A) / n
    else:
        e = np.exp(A - A.max(axis=-1, keepdims=True))
        weights = e / e.sum(axis=-1, keepdims=True)
    F = weights @ (X @ V.T)
    return F - np.sum(F * X, axis=-1, keepdims=True) * X
