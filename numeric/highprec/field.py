"""The paper's vector fields in mpmath arithmetic (a second implementation of the model).

* :func:`angular_field` - eq. (2) of the paper (Setup and Reduction to Angular
  Dynamics): ``theta_i' = -(1/Z_i) sum_j exp(w_ij) sin(theta_i - theta_j)`` with
  ``w_ij = <x_i, K x_j> = a cos(t_i) cos(t_j) + b sin(t_i) sin(t_j)`` (the paper's
  product-to-sum form, Appendix A), ``Z_i = n`` ("uniform") or
  ``Z_i = sum_j exp(w_ij)`` ("softmax").
* :func:`sphere_field` - eq. (1): ``x_i' = P_{x_i}^perp((1/Z_i) sum_j
  exp(beta <Q x_i, K x_j>) V x_j)`` on S^{d-1}, same two normalizations.

Both are direct O(n^2) sums evaluated at the *current* mpmath precision (callers
scope it with ``mpmath.workdps``).  :mod:`numeric.model` stays the one source of
truth: ``tests/highprec/test_field_vs_model.py`` holds these against
``numeric.model.angular_velocity`` / ``sphere_velocity`` at double precision.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import mpmath

NORMALIZATIONS = ("uniform", "softmax")

MpVector = list  # list[mpmath.mpf]


def to_mpf(value: Any, name: str) -> mpmath.mpf:
    """``value`` (int, float, decimal string or mpf) as a finite mpf at the current precision."""
    if isinstance(value, bool):
        raise ValueError(f"{name}: expected a real number, got {value!r}")
    try:
        x = mpmath.mpf(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a real number, got {value!r}") from None
    if not mpmath.isfinite(x):
        raise ValueError(f"{name}: must be finite, got {value!r}")
    return x


def check_normalization(normalization: str) -> str:
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization: expected one of {NORMALIZATIONS}, got {normalization!r}")
    return normalization


def to_angles(theta: Sequence[Any], name: str = "theta") -> MpVector:
    """A sequence of n >= 2 real angles as mpf."""
    try:
        items = list(theta)
    except TypeError:
        raise ValueError(f"{name}: expected a sequence of real angles") from None
    if len(items) < 2:
        raise ValueError(f"{name}: expected at least 2 angles, got {len(items)}")
    return [to_mpf(t, f"{name}[{i}]") for i, t in enumerate(items)]


def to_K2(K: Any) -> tuple[mpmath.mpf, mpmath.mpf]:
    """K = (a, b) or a 2x2 diagonal nested sequence -> (a, b) as mpf."""
    try:
        rows = list(K)
    except TypeError:
        raise ValueError("K: expected (a, b) or a 2x2 diagonal matrix") from None
    if len(rows) == 2 and all(not hasattr(r, "__len__") or isinstance(r, str) for r in rows):
        return to_mpf(rows[0], "K[0]"), to_mpf(rows[1], "K[1]")
    M = to_matrix(K, 2, "K")
    if M[0][1] != 0 or M[1][0] != 0:
        raise ValueError("K: the S^1 angular field needs a diagonal K = diag(a, b)")
    return M[0][0], M[1][1]


def to_matrix(M: Any, d: int, name: str) -> list[list[mpmath.mpf]]:
    """A d x d real matrix as nested lists of mpf (a length-d vector means its diagonal)."""
    try:
        rows = [list(r) if hasattr(r, "__len__") and not isinstance(r, str) else r for r in M]
    except TypeError:
        raise ValueError(f"{name}: expected a real {d}x{d} matrix") from None
    if len(rows) == d and all(not isinstance(r, list) for r in rows):
        diag = [to_mpf(r, f"{name}[{i}]") for i, r in enumerate(rows)]
        return [[diag[i] if i == j else mpmath.mpf(0) for j in range(d)] for i in range(d)]
    if len(rows) != d or any(not isinstance(r, list) or len(r) != d for r in rows):
        raise ValueError(f"{name}: expected a {d}x{d} matrix or a length-{d} diagonal")
    return [[to_mpf(rows[i][j], f"{name}[{i}][{j}]") for j in range(d)] for i in range(d)]


def to_points(X: Any, name: str = "X") -> list[list[mpmath.mpf]]:
    """n >= 2 points of R^d (d >= 2) as nested lists of mpf; unit length is the caller's job."""
    try:
        rows = [list(r) for r in X]
    except TypeError:
        raise ValueError(f"{name}: expected n points of R^d (nested sequences)") from None
    if len(rows) < 2:
        raise ValueError(f"{name}: expected at least 2 points, got {len(rows)}")
    d = len(rows[0])
    if d < 2 or any(len(r) != d for r in rows):
        raise ValueError(f"{name}: expected n points of one dimension d >= 2")
    return [[to_mpf(v, f"{name}[{i}][{k}]") for k, v in enumerate(r)] for i, r in enumerate(rows)]


def angular_field(theta: Sequence[Any], K: Any, normalization: str = "uniform") -> MpVector:
    """theta' of eq. (2) in mpmath at the current precision (direct O(n^2) sum).

    Uses c_i = cos(theta_i), s_i = sin(theta_i): w_ij = a c_i c_j + b s_i s_j
    (= <x_i, K x_j>, Appendix A) and sin(theta_i - theta_j) = s_i c_j - c_i s_j, so one
    exp per unordered pair.  Particles with bitwise equal angles get bitwise equal
    velocities (the evaluation order is the same for each), which keeps exact
    cluster symmetry under integration.
    """
    th = to_angles(theta)
    a, b = to_K2(K)
    check_normalization(normalization)
    n = len(th)
    c = [mpmath.cos(t) for t in th]
    s = [mpmath.sin(t) for t in th]
    E = [[mpmath.mpf(0)] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            E[i][j] = E[j][i] = mpmath.exp(a * c[i] * c[j] + b * s[i] * s[j])
    out = []
    for i in range(n):
        num = mpmath.fsum(E[i][j] * (s[i] * c[j] - c[i] * s[j]) for j in range(n))
        Z = mpmath.mpf(n) if normalization == "uniform" else mpmath.fsum(E[i])
        out.append(-num / Z)
    return out


def sphere_field(X: Any, K: Any, normalization: str = "uniform", Q: Any = None, V: Any = None,
                 beta: Any = 1) -> list[list[mpmath.mpf]]:
    """x' of eq. (1) in mpmath at the current precision (direct O(n^2) sum).

    A_ij = beta <Q x_i, K x_j>; weights exp(A_ij)/n ("uniform") or exp(A_ij)/sum_j exp(A_ij)
    ("softmax"); F_i = sum_j weight_ij V x_j; x_i' = F_i - <x_i, F_i> x_i.
    """
    P = to_points(X)
    d = len(P[0])
    Km = to_matrix(K, d, "K")
    for i in range(d):
        for j in range(i):
            if Km[i][j] != Km[j][i]:
                raise ValueError("K: must be symmetric")
    eye = [[mpmath.mpf(int(i == j)) for j in range(d)] for i in range(d)]
    Qm = eye if Q is None else to_matrix(Q, d, "Q")
    Vm = eye if V is None else to_matrix(V, d, "V")
    check_normalization(normalization)
    bt = to_mpf(beta, "beta")
    n = len(P)

    def matvec(M: list[list[mpmath.mpf]], x: list[mpmath.mpf]) -> list[mpmath.mpf]:
        return [mpmath.fsum(M[r][k] * x[k] for k in range(d)) for r in range(d)]

    QX = [matvec(Qm, x) for x in P]
    KX = [matvec(Km, x) for x in P]
    VX = [matvec(Vm, x) for x in P]
    out = []
    for i in range(n):
        e = [mpmath.exp(bt * mpmath.fsum(QX[i][k] * KX[j][k] for k in range(d))) for j in range(n)]
        Z = mpmath.mpf(n) if normalization == "uniform" else mpmath.fsum(e)
        F = [mpmath.fsum(e[j] * VX[j][k] for j in range(n)) / Z for k in range(d)]
        xf = mpmath.fsum(P[i][k] * F[k] for k in range(d))
        out.append([F[k] - xf * P[i][k] for k in range(d)])
    return out
