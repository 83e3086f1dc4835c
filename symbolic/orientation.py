"""Orientation of the bipodal state (ledger id ``bipodal-orientation``, theory part).

Paper: "Since the unstable eigenvalue is e^{-gamma(phi)}, the most metastable bipodal state (slowest
escape) occurs at the orientation phi* that maximizes gamma(phi) = a cos^2 phi + b sin^2 phi."
"""

from __future__ import annotations

import sympy as sp

from symbolic.model import ab_symbols, gamma_of


def orientation() -> dict:
    """gamma(phi), its maximiser phi* and the ordering of escape rates (bipodal-orientation).

    Paper: "gamma(phi) := a cos^2 phi + b sin^2 phi (3)"; "If a > b, then phi* = 0
    ...; if b > a, then phi* = pi/2"; the unstable eigenvalue e^{-gamma(phi)}
    is smallest (slowest escape) at phi*.  Proved for a, b > 0 (only a != b
    and realness are used): gamma computed as <x, K x> equals (3);
    gamma(phi) = a + (b - a) sin^2 phi, so with b = a - delta (delta > 0)
    gamma(0) - gamma(phi) = delta sin^2 phi >= 0, equality iff phi = 0 mod pi,
    and with b = a + delta gamma(pi/2) - gamma(phi) = delta cos^2 phi;
    critical points of gamma on [0, pi) are {0, pi/2}; d/dgamma e^-gamma < 0
    and d/dgamma (e^-gamma / cosh gamma) < 0, so both the uniform and the
    softmax escape rates decrease as gamma increases: the ordering of escape
    rates over phi is the reverse of the ordering of gamma(phi).
    """
    a, b, phi = ab_symbols()
    delta = sp.Symbol("delta", positive=True)
    gam = gamma_of(a, b, phi)
    paper3 = a * sp.cos(phi) ** 2 + b * sp.sin(phi) ** 2
    crit = sp.solveset(sp.diff(gam, phi), phi, sp.Interval.Ropen(0, sp.pi))
    gp = sp.Symbol("gamma", positive=True)
    soft = sp.exp(-gp) / sp.cosh(gp)
    dsoft = sp.simplify(sp.diff(soft, gp))
    return {
        "gamma": gam,
        "paper_eq3_residual": sp.simplify(gam - paper3),
        "gamma_minus_a": sp.simplify(sp.trigsimp(gam - a)),
        "a_gt_b_gap": sp.simplify(sp.trigsimp((gam.subs(phi, 0) - gam).subs(b, a - delta))),
        "b_gt_a_gap": sp.simplify(sp.trigsimp((gam.subs(phi, sp.pi / 2) - gam).subs(b, a + delta))),
        "critical_points": crit,
        "gamma_at_0": gam.subs(phi, 0), "gamma_at_pi2": gam.subs(phi, sp.pi / 2),
        "d_uniform_escape": sp.diff(sp.exp(-gp), gp),
        "d_softmax_escape": dsoft,
        "d_softmax_escape_negative": dsoft.is_negative,
    }
