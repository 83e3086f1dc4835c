"""Numerical twins for the SymPy proofs: finite-difference Jacobians of the *numeric* fields.

Only tests import both ``symbolic`` and ``numeric`` and hold them against each other.
"""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from numeric.highprec.field import angular_field, sphere_field
from numeric.model import angular_velocity, sphere_velocity
from symbolic.bipodal import E, G

#: Central-difference step in double precision: truncation ~h^2 * f''' ~ 1e-10, rounding ~1e-16/h ~ 1e-11.
H_DOUBLE = 1e-5
#: Step at 50 digits: truncation ~h^2 = 1e-40, rounding ~1e-50/h = 1e-30.
H_MP = "1e-20"


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def fd_angular(theta, K, normalization: str) -> np.ndarray:
    """Central-difference Jacobian of numeric.angular_velocity (double)."""
    theta = np.asarray(theta, dtype=float)
    n = theta.size
    J = np.empty((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = H_DOUBLE
        J[:, j] = (angular_velocity(theta + e, K, normalization, method="direct")
                   - angular_velocity(theta - e, K, normalization, method="direct")) / (2 * H_DOUBLE)
    return J


def fd_angular_mp(theta, K, normalization: str) -> mpmath.matrix:
    """Central-difference Jacobian of numeric.highprec.field.angular_field (caller scopes dps to 50)."""
    theta = [mpmath.mpf(t) for t in theta]
    n = len(theta)
    h = mpmath.mpf(H_MP)
    J = mpmath.matrix(n, n)
    for j in range(n):
        tp = list(theta)
        tm = list(theta)
        tp[j] += h
        tm[j] -= h
        fp = angular_field(tp, K, normalization)
        fm = angular_field(tm, K, normalization)
        for i in range(n):
            J[i, j] = (fp[i] - fm[i]) / (2 * h)
    return J


def tangent_basis(u: np.ndarray) -> np.ndarray:
    """d x (d-1) orthonormal basis of u^perp (QR of [u, I])."""
    d = u.size
    q, _ = np.linalg.qr(np.column_stack([u, np.eye(d)]))
    return q[:, 1:d]


def fd_sphere(u, K, s, normalization: str) -> np.ndarray:
    """Jacobian of numeric.sphere_velocity on prod T_u S^{d-1} at x_i = s_i u (double)."""
    u = np.asarray(u, dtype=float)
    d, n = u.size, len(s)
    T = tangent_basis(u)
    X0 = np.array([si * u for si in s])
    J = np.empty((n * (d - 1), n * (d - 1)))

    def vel(X):
        return (sphere_velocity(X, K, normalization) @ T).reshape(-1)

    for j in range(n):
        for b in range(d - 1):
            out = []
            for sign in (1, -1):
                X = X0.copy()
                y = X[j] + sign * H_DOUBLE * T[:, b]
                X[j] = y / np.linalg.norm(y)
                out.append(vel(X))
            J[:, j * (d - 1) + b] = (out[0] - out[1]) / (2 * H_DOUBLE)
    return J


def fd_sphere_mp(u, K, s, normalization: str) -> mpmath.matrix:
    """As fd_sphere with numeric.highprec.field.sphere_field (caller scopes dps); T from double QR,
    re-orthonormalised in mpmath."""
    u = [mpmath.mpf(v) for v in u]
    nu = mpmath.sqrt(mpmath.fsum(v * v for v in u))
    u = [v / nu for v in u]
    d, n = len(u), len(s)
    # Gram-Schmidt of e_1..e_d against u at working precision.
    basis = []
    for c in range(d):
        v = [mpmath.mpf(int(r == c)) for r in range(d)]
        for w in [u, *basis]:
            p = mpmath.fsum(a * b for a, b in zip(v, w, strict=True))
            v = [a - p * b for a, b in zip(v, w, strict=True)]
        nv = mpmath.sqrt(mpmath.fsum(a * a for a in v))
        if nv > mpmath.mpf("0.1") and len(basis) < d - 1:
            basis.append([a / nv for a in v])
    h = mpmath.mpf(H_MP)
    X0 = [[si * v for v in u] for si in s]
    J = mpmath.matrix(n * (d - 1), n * (d - 1))
    for j in range(n):
        for b in range(d - 1):
            outs = []
            for sign in (1, -1):
                X = [list(x) for x in X0]
                y = [X[j][r] + sign * h * basis[b][r] for r in range(d)]
                ny = mpmath.sqrt(mpmath.fsum(v * v for v in y))
                X[j] = [v / ny for v in y]
                F = sphere_field(X, K, normalization)
                outs.append([mpmath.fsum(F[i][r] * basis[a][r] for r in range(d))
                             for i in range(n) for a in range(d - 1)])
            for row in range(n * (d - 1)):
                J[row, j * (d - 1) + b] = (outs[0][row] - outs[1][row]) / (2 * h)
    return J


def eval_gamma(expr, gamma, dps: int | None = None):
    """Evaluate an expression in G (gamma) and E (e^gamma) at a number: float, or mpf at ``dps``."""
    g = sp.Float(str(gamma), 60) if dps else sp.Float(gamma)
    val = sp.sympify(expr).subs({E: sp.exp(g), G: g})
    return mpmath.mpf(str(sp.N(val, dps + 10))) if dps else float(val)


def spectrum_values(pairs, gamma, dps: int | None = None) -> list:
    """Expand [(lambda(G), multiplicity)] at gamma into a sorted list of numbers."""
    out = []
    for lam, mult in pairs:
        out += [eval_gamma(lam, gamma, dps)] * int(mult)
    return sorted(out)
