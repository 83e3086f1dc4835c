"""The n = 2 reduction of eq. (2): escape time as a one-dimensional integral.

Derivation (uniform normalization, Z_i = n).  Put the two particles (or, for any even n,
the two clusters of the balanced bipodal state, which stay clusters by permutation
symmetry) at theta_X = phi + u/2 and theta_Y = phi + pi - u/2.  The sum
theta_X + theta_Y = 2 phi + pi is conserved (Proposition 1), so in eq. (2)

    cos(theta_X - theta_Y) = -cos u,  cos(theta_X + theta_Y) = -cos 2phi,
    sin(theta_X - theta_Y) = -sin u,
    w_XY = -(a+b)/2 cos u - (a-b)/2 cos 2phi,

and only the n/2 cross-cluster terms survive: theta_X' = (1/2) e^{w_XY} sin u, hence

    u' = h(u) := exp(-(a+b)/2 cos u - (a-b)/2 cos 2phi) sin u,              (R)

independent of n.  h(0) = 0 and h'(0) = e^{-gamma(phi)} with gamma(phi) = (a+b)/2 +
(a-b)/2 cos 2phi = a cos^2 phi + b sin^2 phi, eq. (3).  The time to go from u0 to u1
(0 < u0 < u1 < pi) is T = int_{u0}^{u1} du / h(u); with lambda = e^{-gamma},

    T = ln(u1/u0) / lambda + int_{u0}^{u1} (1/h(u) - 1/(lambda u)) du,

whose integrand is analytic on [0, u1] (the pole of 1/h at 0 is subtracted), so
mpmath's tanh-sinh quadrature (``mpmath.quad``) converges to working precision.
This module does not use :mod:`numeric.highprec.field` or the integrator, so it is an
independent reference for both.
"""

from __future__ import annotations

from typing import Any

import mpmath

from numeric.highprec.field import to_K2, to_mpf


def separation_rate(u: Any, K: Any, phi: Any) -> mpmath.mpf:
    """h(u) of (R) at the current precision."""
    a, b = to_K2(K)
    uu, p = to_mpf(u, "u"), to_mpf(phi, "phi")
    return mpmath.exp(-(a + b) / 2 * mpmath.cos(uu) - (a - b) / 2 * mpmath.cos(2 * p)) * mpmath.sin(uu)


def linear_rate(K: Any, phi: Any) -> mpmath.mpf:
    """h'(0) = exp(-(a+b)/2 - (a-b)/2 cos 2phi) = e^{-gamma(phi)}, at the current precision."""
    a, b = to_K2(K)
    p = to_mpf(phi, "phi")
    return mpmath.exp(-(a + b) / 2 - (a - b) / 2 * mpmath.cos(2 * p))


def escape_time_quad(K: Any, phi: Any, u0: Any, u1: Any, *, dps: int = 50) -> dict[str, str]:
    """T(u0 -> u1) for (R) by tanh-sinh quadrature at ``dps`` digits.

    Returns decimal strings: ``T`` and mpmath's own quadrature error estimate ``quad_err``.
    """
    if not isinstance(dps, int) or isinstance(dps, bool) or dps < 15:
        raise ValueError(f"dps: expected an integer >= 15, got {dps!r}")
    with mpmath.workdps(dps):
        lo, hi = to_mpf(u0, "u0"), to_mpf(u1, "u1")
        if not 0 < lo < hi < mpmath.pi:
            raise ValueError(f"u1: expected 0 < u0 < u1 < pi, got u0={u0!r}, u1={u1!r}")
        lam = linear_rate(K, phi)
        g = lambda u: 1 / separation_rate(u, K, phi) - 1 / (lam * u)
        # Split at 1e-3 so the tiny-u end and the O(1) end each get their own nodes.
        pts = [lo, hi] if hi <= mpmath.mpf("1e-3") or lo >= mpmath.mpf("1e-3") else [lo, "1e-3", hi]
        integral, err = mpmath.quad(g, [mpmath.mpf(x) for x in pts], error=True)
        T = mpmath.log(hi / lo) / lam + integral
        return {"T": mpmath.nstr(T, dps, strip_zeros=False), "quad_err": mpmath.nstr(err, 3),
                "dps": dps}
