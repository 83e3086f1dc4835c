"""Steady states of eq. (2) on the slice of fixed mean angle: solve, separate, classify.

Eq. (2) (uniform normalization, K = diag(a, b)) conserves the sum of the
angles (Proposition 1), so ``1^T J = 0`` and the full Jacobian ``J`` is always
singular.  We therefore work on the *slice* ``sum_i theta_i = S``: the unknowns
are ``u = theta_0 .. theta_{n-2}``, ``theta_{n-1} = S - sum(u)``, and the
equations are ``f_0 .. f_{n-2}`` (``f_{n-1} = -sum`` of the others, so a zero of
the reduced system is a zero of the full field).  The reduced Jacobian is
``G_ik = J_ik - J_i,n-1``.

* :func:`field` / :func:`jacobian` - eq. (2) via :func:`numeric.angular_velocity`
  and its analytic Jacobian (Appendix C's formulas, at a general point).
* :func:`solve_on_slice` - Levenberg-Marquardt / Newton on the slice.
* :func:`classify` - cluster structure: number of clusters, masses, positions,
  and the kind: ``consensus``, ``bipodal`` (two antipodal clusters) or ``other``.
* :func:`distinct` - distance test (modulo permutations of the tokens) that
  separates distinct solutions.
* :func:`spectrum` - eigenvalues of ``J`` (one is always 0: the conserved mean) and the
  number of unstable directions.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

import numpy as np
from scipy.optimize import least_squares

from numeric import angular_velocity
from numeric.validation import check_angles, check_K2

TWO_PI = 2.0 * np.pi


def _check_ab(a: float, b: float) -> tuple[float, float]:
    return check_K2((a, b))


def field(theta: np.ndarray, a: float, b: float) -> np.ndarray:
    """theta' of eq. (2), uniform normalization (delegates to the model)."""
    return angular_velocity(theta, (a, b), "uniform")


def jacobian(theta: np.ndarray, a: float, b: float) -> np.ndarray:
    """Analytic Jacobian ``J_ik = d f_i / d theta_k`` of eq. (2) at a general point (n x n)."""
    theta = check_angles(theta)
    a, b = _check_ab(a, b)
    if theta.ndim != 1:
        raise ValueError(f"theta: expected shape (n,), got {theta.shape}")
    n = theta.size
    d = theta[:, None] - theta[None, :]
    s, c = np.sin(d), np.cos(d)
    sp = np.sin(theta[:, None] + theta[None, :])
    w = 0.5 * (a + b) * c + 0.5 * (a - b) * np.cos(theta[:, None] + theta[None, :])
    e = np.exp(w)
    dw_dj = 0.5 * (a + b) * s - 0.5 * (a - b) * sp      # d w_ij / d theta_j
    dw_di = -0.5 * (a + b) * s - 0.5 * (a - b) * sp     # d w_ij / d theta_i
    J = -(e * (dw_dj * s - c)) / n
    diag_terms = e * (dw_di * s + c)
    np.fill_diagonal(diag_terms, 0.0)
    np.fill_diagonal(J, -diag_terms.sum(axis=1) / n)
    return J


def to_slice(theta: np.ndarray) -> tuple[np.ndarray, float]:
    """Split ``theta`` into slice coordinates ``u`` (first n-1 angles) and the sum S."""
    theta = check_angles(theta)
    return theta[:-1].copy(), float(theta.sum())


def from_slice(u: np.ndarray, S: float) -> np.ndarray:
    """Full angle vector on the slice ``sum theta = S``."""
    u = np.asarray(u, dtype=np.float64)
    return np.append(u, S - u.sum())


def slice_residual(u: np.ndarray, S: float, a: float, b: float) -> np.ndarray:
    """The reduced equations ``f_0 .. f_{n-2}`` on the slice."""
    return field(from_slice(u, S), a, b)[:-1]


def slice_jacobian(u: np.ndarray, S: float, a: float, b: float) -> np.ndarray:
    """Reduced Jacobian ``G_ik = J_ik - J_i,n-1`` (i, k < n-1)."""
    J = jacobian(from_slice(u, S), a, b)
    return J[:-1, :-1] - J[:-1, -1][:, None]


@dataclass
class Solve:
    """Result of :func:`solve_on_slice`."""

    theta: np.ndarray
    converged: bool
    residual: float          # max_i |f_i(theta)| (float64)
    min_singular: float      # smallest singular value of the reduced Jacobian
    nfev: int


def solve_on_slice(theta0, a: float, b: float, *, tol: float = 1e-12, max_nfev: int = 200) -> Solve:
    """Find a zero of eq. (2) on the slice through ``theta0`` (Levenberg-Marquardt).

    ``converged`` means ``max |f| <= tol`` and the reduced Jacobian is numerically
    nonsingular (smallest singular value above 1e-8), i.e. an isolated zero on the slice
    that interval Newton has a chance to certify.
    """
    theta0 = check_angles(theta0)
    if theta0.ndim != 1:
        raise ValueError(f"theta0: expected shape (n,), got {theta0.shape}")
    a, b = _check_ab(a, b)
    if not (tol > 0):
        raise ValueError(f"tol: expected a positive tolerance, got {tol}")
    u0, S = to_slice(theta0)
    sol = least_squares(slice_residual, u0, jac=slice_jacobian, args=(S, a, b), method="lm",
                        xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=max_nfev)
    theta = from_slice(sol.x, S)
    res = float(np.max(np.abs(field(theta, a, b))))
    smin = float(np.linalg.svd(slice_jacobian(sol.x, S, a, b), compute_uv=False).min())
    # 1e-8: well above float64 noise in G (entries O(e^max(a,b))), so the zero is isolated.
    return Solve(theta, bool(res <= tol and smin > 1e-8), res, smin, int(sol.nfev))


@dataclass
class Structure:
    """Cluster structure of a configuration."""

    kind: str                      # "consensus" | "bipodal" | "other"
    n_clusters: int
    masses: list[int]
    positions: list[float]         # circular means in [0, 2pi)
    labels: list[int] = dc_field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "n_clusters": self.n_clusters, "masses": self.masses,
                "positions": [round(p, 12) for p in self.positions]}


def classify(theta, *, tol: float = 1e-6) -> Structure:
    """Group angles into clusters (circular gaps > ``tol`` separate clusters) and name the kind.

    ``bipodal`` = exactly two clusters whose positions differ by pi within ``tol``.
    """
    theta = check_angles(theta)
    if theta.ndim != 1:
        raise ValueError(f"theta: expected shape (n,), got {theta.shape}")
    if not (0 < tol < 0.1):
        raise ValueError(f"tol: expected 0 < tol < 0.1, got {tol}")
    n = theta.size
    t = np.mod(theta, TWO_PI)
    order = np.argsort(t)
    ts = t[order]
    gaps = np.diff(np.append(ts, ts[0] + TWO_PI))
    cut = np.flatnonzero(gaps > tol)
    labels = np.empty(n, dtype=int)
    if cut.size == 0:
        labels[:] = 0
        groups = [order]
    else:
        # start after the first big gap so a cluster straddling 0 stays together
        start = (cut[0] + 1) % n
        seq = np.roll(order, -start)
        gaps_seq = np.roll(gaps, -start)
        groups, cur = [], [seq[0]]
        for k in range(1, n):
            if gaps_seq[k - 1] > tol:
                groups.append(np.array(cur))
                cur = []
            cur.append(seq[k])
        groups.append(np.array(cur))
    positions, masses = [], []
    for g_idx, g in enumerate(groups):
        labels[g] = g_idx
        positions.append(float(np.mod(np.angle(np.mean(np.exp(1j * theta[g]))), TWO_PI)))
        masses.append(int(len(g)))
    k = len(groups)
    if k == 1:
        kind = "consensus"
    elif k == 2 and abs(abs(np.angle(np.exp(1j * (positions[0] - positions[1])))) - np.pi) <= tol:
        kind = "bipodal"
    else:
        kind = "other"
    return Structure(kind, k, masses, positions, labels.tolist())


def canonical(theta) -> np.ndarray:
    """Sorted angles in [0, 2pi): equal for configurations that differ by a permutation."""
    return np.sort(np.mod(check_angles(theta), TWO_PI))


def distinct(solutions: list[np.ndarray], *, tol: float = 1e-6) -> list[np.ndarray]:
    """Keep one representative per solution modulo token permutations (circular distance test)."""
    if not (tol > 0):
        raise ValueError(f"tol: expected a positive tolerance, got {tol}")
    kept: list[np.ndarray] = []
    for th in solutions:
        c = canonical(th)
        if not any(k.size == c.size and
                   np.max(np.abs(np.angle(np.exp(1j * (canonical(k) - c))))) < tol for k in kept):
            kept.append(np.asarray(th, dtype=np.float64))
    return kept


def spectrum(theta, a: float, b: float) -> dict[str, Any]:
    """Eigenvalues of J (sorted by real part) and the number of unstable directions.

    One eigenvalue is always 0 (left null vector 1, Proposition 1); ``n_unstable``
    counts eigenvalues with real part above 1e-9 (float noise in J is ~1e-14 * e^max(a,b)).
    """
    J = jacobian(theta, a, b)
    ev = np.linalg.eigvals(J)
    ev = ev[np.argsort(ev.real)]
    scale = 1e-9  # see docstring: safely above rounding, far below any genuine rate here
    return {
        "eigenvalues_real": ev.real.tolist(),
        "max_abs_imag": float(np.max(np.abs(ev.imag))),
        "n_unstable": int(np.sum(ev.real > scale)),
        "n_zero": int(np.sum(np.abs(ev) <= scale)),
        "n_stable": int(np.sum(ev.real < -scale)),
    }
