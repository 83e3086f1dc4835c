"""The model in SymPy, built from the paper's equation (1) (never from eq. (2)).

Paper, eq. (1): "x_i' = P_{x_i}^perp ( (1/Z_i) sum_j e^{beta <Q x_i, K x_j>} V x_j ),
where P_x^perp y = y - <x, y> x is the tangent-space projection and Z_i is a
normalization constant."  Everything here is for Q = V = I, beta = 1, the
setting of the paper's analysis; ``normalization`` is ``"uniform"`` (Z_i = n)
or ``"softmax"`` (Z_i = sum_j exp(<x_i, K x_j>)).

The angular field :func:`angular_field_from_eq1` is *derived* (chain rule on
x_i = (cos theta_i, sin theta_i)), not typed in from eq. (2); the derivation
that it equals eq. (2) is :func:`symbolic.angular.derive_angular_ode`.
"""

from __future__ import annotations

import sympy as sp

NORMALIZATIONS = ("uniform", "softmax")


def check_normalization(normalization: str) -> str:
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization: expected one of {NORMALIZATIONS}, got {normalization!r}")
    return normalization


def check_n(n, name: str = "n", minimum: int = 2) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, sp.Integer)) or int(n) < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {n!r}")
    return int(n)


def angle_symbols(n: int):
    """theta_1, ..., theta_n as real symbols."""
    n = check_n(n)
    return sp.symbols(f"theta_1:{n + 1}", real=True)


def ab_symbols():
    """a, b (K = diag(a, b)) as positive symbols, phi as a real symbol."""
    a, b = sp.symbols("a b", positive=True)
    phi = sp.Symbol("phi", real=True)
    return a, b, phi


def circle_point(theta) -> sp.Matrix:
    """x = cos(theta) e_1 + sin(theta) e_2 (Appendix A)."""
    return sp.Matrix([sp.cos(theta), sp.sin(theta)])


def circle_tangent(theta) -> sp.Matrix:
    """e_theta = dx/dtheta = (-sin theta, cos theta)."""
    return sp.Matrix([-sp.sin(theta), sp.cos(theta)])


def tangent_projection(x: sp.Matrix, y: sp.Matrix) -> sp.Matrix:
    """P_x^perp y = y - <x, y> x (the paper's definition, valid for |x| = 1)."""
    return y - (x.T * y)[0, 0] * x


def attention_weight(xi: sp.Matrix, K: sp.Matrix, xj: sp.Matrix) -> sp.Expr:
    """<x_i, K x_j> (beta = 1, Q = I)."""
    return sp.expand((xi.T * K * xj)[0, 0])


def sphere_field_from_eq1(X: list[sp.Matrix], K: sp.Matrix, normalization: str = "uniform"):
    """x_i' of eq. (1) with Q = V = I, beta = 1, for points X (list of column vectors)."""
    check_normalization(normalization)
    n = len(X)
    if n < 2:
        raise ValueError(f"X: expected at least 2 points, got {n}")
    K = sp.Matrix(K)
    out = []
    for xi in X:
        weights = [sp.exp(attention_weight(xi, K, xj)) for xj in X]
        Z = sp.Integer(n) if normalization == "uniform" else sp.Add(*weights)
        s = sp.zeros(xi.rows, 1)
        for wgt, xj in zip(weights, X, strict=True):
            s += wgt * xj
        out.append(tangent_projection(xi, s / Z))
    return out


def angular_field_from_eq1(theta, a, b, normalization: str = "uniform") -> list[sp.Expr]:
    """theta_i' obtained from eq. (1) on S^1 with K = diag(a, b) by the chain rule.

    x_i = (cos theta_i, sin theta_i) gives x_i' = theta_i' e_theta(theta_i) with
    |e_theta| = 1, so theta_i' = <x_i', e_theta(theta_i)>; this function
    returns <F_i, e_theta(theta_i)> for F_i the right side of eq. (1).  (That
    F_i has no normal part, so that nothing is lost, is checked in
    :func:`symbolic.angular.derive_angular_ode`.)
    """
    theta = list(theta)
    K = sp.diag(a, b)
    X = [circle_point(t) for t in theta]
    F = sphere_field_from_eq1(X, K, normalization)
    return [sp.expand((Fi.T * circle_tangent(t))[0, 0]) for Fi, t in zip(F, theta, strict=True)]


def bipodal_angles(n: int, k: int, phi):
    """k angles at phi, n - k at phi + pi (cluster X first, then Y)."""
    n = check_n(n)
    if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= n:
        raise ValueError(f"k: expected an integer with 0 <= k <= n = {n}, got {k!r}")
    return [phi] * k + [phi + sp.pi] * (n - k)


def gamma_of(a, b, phi) -> sp.Expr:
    """<x, K x> at x = (cos phi, sin phi), K = diag(a, b): computed, not typed in."""
    x = circle_point(phi)
    return attention_weight(x, sp.diag(a, b), x)
