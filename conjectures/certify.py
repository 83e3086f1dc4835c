"""Certify steady states of eq. (2): 50-digit Newton, residual, Krawczyk existence proof.

Krawczyk's test on the slice ``sum theta = S`` (see :mod:`conjectures.equilibria`):
for the box ``X = u_c +- r`` (componentwise), a point-preconditioner ``C``
(approximate inverse of the reduced Jacobian at ``u_c``) and the interval
reduced Jacobian ``G(X)``,

    K(X) = u_c - C g(u_c) + (I - C G(X)) (X - u_c).

If ``K(X)`` lies in the interior of ``X`` then ``X`` contains exactly one zero
of ``g`` (Krawczyk 1969; Moore, Kearfott & Cloud, *Introduction to Interval
Analysis*, 2009, Thm 8.2), hence a true equilibrium of eq. (2).  All interval
evaluations use :mod:`mpmath.iv` (outward rounding); ``iv`` precision is scoped
by :func:`iv_workdps` and ``mp`` precision by ``mpmath.workdps``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import mpmath
import numpy as np

from numeric.validation import check_angles, check_K2


@contextmanager
def iv_workdps(dps: int) -> Iterator[None]:
    """Scoped precision for the :mod:`mpmath.iv` context (it has no ``workdps``)."""
    if int(dps) < 15:
        raise ValueError(f"dps: expected at least 15 digits, got {dps}")
    old = mpmath.iv.prec
    mpmath.iv.dps = int(dps)
    try:
        yield
    finally:
        mpmath.iv.prec = old


def _field_jac(ctx: Any, th: Sequence[Any], a: Any, b: Any, want_jac: bool = True):
    """f and J of eq. (2) in the arithmetic of ``ctx`` (``mpmath.mp`` or ``mpmath.iv``)."""
    n = len(th)
    half_p, half_m = (a + b) / 2, (a - b) / 2
    f = [ctx.mpf(0)] * n
    J = [[ctx.mpf(0)] * n for _ in range(n)] if want_jac else None
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            d = th[i] - th[j]
            sm = th[i] + th[j]
            s, c = ctx.sin(d), ctx.cos(d)
            e = ctx.exp(half_p * c + half_m * ctx.cos(sm))
            f[i] = f[i] - e * s / n
            if want_jac:
                ssum = ctx.sin(sm)
                dw_dj = half_p * s - half_m * ssum
                dw_di = -half_p * s - half_m * ssum
                J[i][j] = -e * (dw_dj * s - c) / n
                J[i][i] = J[i][i] - e * (dw_di * s + c) / n
    return f, J


def _lift(ctx: Any, u: Sequence[Any], S: Any) -> list[Any]:
    last = S
    for x in u:
        last = last - x
    return list(u) + [last]


def _reduced(ctx: Any, u: Sequence[Any], S: Any, a: Any, b: Any, want_jac: bool = True):
    f, J = _field_jac(ctx, _lift(ctx, u, S), a, b, want_jac)
    m = len(u)
    g = f[:m]
    G = [[J[i][k] - J[i][m] for k in range(m)] for i in range(m)] if want_jac else None
    return g, G


def refine(theta, a: float, b: float, *, dps: int = 50, steps: int = 12) -> list[mpmath.mpf]:
    """Newton on the slice in ``dps``-digit arithmetic from a float64 zero; returns mpf angles."""
    theta = check_angles(theta)
    a, b = check_K2((a, b))
    with mpmath.workdps(dps + 10):
        th = [mpmath.mpf(float(x)) for x in theta]
        S = mpmath.fsum(th)
        u = th[:-1]
        A, B = mpmath.mpf(a), mpmath.mpf(b)
        for _ in range(steps):
            g, G = _reduced(mpmath.mp, u, S, A, B)
            delta = mpmath.lu_solve(mpmath.matrix(G), mpmath.matrix(g))
            u = [u[k] - delta[k] for k in range(len(u))]
            if max(abs(x) for x in delta) < mpmath.mpf(10) ** (-(dps + 5)):
                break
        return _lift(mpmath.mp, u, S)


def residual(theta_mp: Sequence[Any], a: float, b: float, *, dps: int = 50) -> mpmath.mpf:
    """max_i |f_i(theta)| of eq. (2) evaluated at ``dps`` digits."""
    with mpmath.workdps(dps):
        th = [mpmath.mpf(x) for x in theta_mp]
        f, _ = _field_jac(mpmath.mp, th, mpmath.mpf(a), mpmath.mpf(b), want_jac=False)
        return max(abs(x) for x in f)


def krawczyk(theta_mp: Sequence[Any], a: float, b: float, *, radius: float = 1e-25,
             dps: int = 50) -> dict[str, Any]:
    """Krawczyk test on the slice box ``u_c +- radius`` around ``theta_mp``.

    Returns ``certified`` (K(X) in the interior of X), the radius and the largest
    width ratio ``max width(K)/width(X)`` (< 1 when certified).
    """
    if not (0 < radius < 0.1):
        raise ValueError(f"radius: expected 0 < radius < 0.1, got {radius}")
    a, b = check_K2((a, b))
    iv = mpmath.iv
    with mpmath.workdps(dps), iv_workdps(dps):
        th = [mpmath.mpf(x) for x in theta_mp]
        m = len(th) - 1
        S_pt = mpmath.fsum(th)
        uc = th[:m]
        # point preconditioner C ~ G(u_c)^{-1} (any C works; a good one makes K contract)
        _, Gc = _reduced(mpmath.mp, uc, S_pt, mpmath.mpf(a), mpmath.mpf(b))
        C = mpmath.inverse(mpmath.matrix(Gc))
        S = iv.mpf(S_pt)
        A, B = iv.mpf(a), iv.mpf(b)
        uc_iv = [iv.mpf(x) for x in uc]
        X = [iv.mpf([x - mpmath.mpf(radius), x + mpmath.mpf(radius)]) for x in uc]
        g_c, _ = _reduced(iv, uc_iv, S, A, B, want_jac=False)
        _, GX = _reduced(iv, X, S, A, B)
        Civ = [[iv.mpf(C[i, k]) for k in range(m)] for i in range(m)]
        dX = [X[k] - uc_iv[k] for k in range(m)]
        ok = True
        ratio = mpmath.mpf(0)
        for i in range(m):
            Cg = iv.mpf(0)
            for k in range(m):
                Cg += Civ[i][k] * g_c[k]
            acc = iv.mpf(0)
            for k in range(m):
                CG_ik = iv.mpf(0)
                for l in range(m):
                    CG_ik += Civ[i][l] * GX[l][k]
                M_ik = (iv.mpf(1) if i == k else iv.mpf(0)) - CG_ik
                acc += M_ik * dX[k]
            Ki = uc_iv[i] - Cg + acc
            ok = ok and (Ki.a > X[i].a) and (Ki.b < X[i].b)
            ratio = max(ratio, mpmath.mpf((Ki.b - Ki.a).b) / (2 * mpmath.mpf(radius)))
        return {"certified": bool(ok), "radius": radius, "dps": dps,
                "width_ratio": mpmath.nstr(ratio, 6)}


def certify_equilibrium(theta, a: float, b: float, *, dps: int = 50,
                        radius: float = 1e-25) -> dict[str, Any]:
    """Refine a float64 zero to ``dps`` digits, report its residual and run Krawczyk.

    Returns a JSON-able dict: ``theta`` (refined, as decimal strings and floats),
    ``residual`` (max |f| at ``dps`` digits, string), ``krawczyk`` and ``certified``.
    """
    th = refine(theta, a, b, dps=dps)
    res = residual(th, a, b, dps=dps)
    kr = krawczyk(th, a, b, radius=radius, dps=dps)
    with mpmath.workdps(dps):
        return {
            "theta_50": [mpmath.nstr(x, dps) for x in th],
            "theta": [float(x) for x in th],
            "residual": mpmath.nstr(res, 5),
            "residual_float": float(res),
            "krawczyk": kr,
            "certified": kr["certified"],
        }


def to_float_angles(theta_mp: Sequence[Any]) -> np.ndarray:
    """float64 copy of mpf / decimal-string angles."""
    return np.array([float(mpmath.mpf(x)) for x in theta_mp])


def build_counterexample(theta, a: float, b: float, *, dps: int = 50, note: str = "") -> dict[str, Any]:
    """Certified record of a steady state: K, theta, structure, residual, certificate, spectrum."""
    from conjectures.equilibria import classify, spectrum

    cert = certify_equilibrium(theta, a, b, dps=dps)
    th = np.array(cert["theta"])
    spec = spectrum(th, a, b)
    return {
        "K": [float(a), float(b)],
        "n": int(th.size),
        "theta": cert["theta"],
        "theta_50": cert["theta_50"],
        "structure": classify(th).as_dict(),
        "residual": cert["residual"],
        "residual_dps": dps,
        "certified": cert["certified"],
        "certificate": {"method": "Krawczyk on the slice sum(theta) = const, mpmath.iv", **cert["krawczyk"]},
        "n_unstable": spec["n_unstable"],
        "n_stable": spec["n_stable"],
        "eigenvalues_real": [round(x, 10) for x in spec["eigenvalues_real"]],
        "note": note,
    }


def recheck_counterexample(record: dict[str, Any]) -> bool:
    """Re-certify a stored counterexample (as read back from results.json).

    True when Krawczyk certifies a zero within the stored radius of ``theta_50``, its
    50-digit residual is below 1e-40, and the structure is neither consensus nor bipodal.
    """
    from conjectures.equilibria import classify

    for key in ("K", "theta_50"):
        if key not in record:
            raise ValueError(f"record: missing {key!r}")
    a, b = record["K"]
    with mpmath.workdps(60):
        th = [mpmath.mpf(x) for x in record["theta_50"]]
        kr = krawczyk(th, a, b, radius=record.get("certificate", {}).get("radius", 1e-25))
        res = residual(th, a, b, dps=50)
        kind = classify(to_float_angles(th)).kind
    # 1e-40: a 50-digit Newton zero has residual ~1e-50; 1e-40 leaves room for rounding in e^w.
    return bool(kr["certified"] and res < mpmath.mpf("1e-40") and kind == "other")


def exact_cluster_field(positions: Sequence[Any], masses: Sequence[Any]) -> list[Any]:
    """Exact (SymPy) velocity of a token in each cluster, symbolic a, b > 0.

    ``positions`` are SymPy angles (e.g. ``k*pi/2``), ``masses`` SymPy expressions
    (e.g. symbols p, q); n = sum(masses).  Eq. (2) for a token at cluster k is
    ``-(1/n) sum_l m_l exp(w(phi_k, phi_l)) sin(phi_k - phi_l)``.  Returns the
    simplified list; all zeros is an exact proof that the configuration is a steady
    state for every a, b > 0 and every choice of the masses.
    """
    import sympy as sp

    if len(positions) != len(masses) or len(positions) < 1:
        raise ValueError("positions: expected as many positions as masses (at least one)")
    a, b = sp.symbols("a b", positive=True)
    n = sp.Add(*masses)
    out = []
    for pk in positions:
        total = 0
        for pl, ml in zip(positions, masses, strict=True):
            w = (a + b) / 2 * sp.cos(pk - pl) + (a - b) / 2 * sp.cos(pk + pl)
            total += ml * sp.exp(w) * sp.sin(pk - pl)
        out.append(sp.simplify(-total / n))
    return out
