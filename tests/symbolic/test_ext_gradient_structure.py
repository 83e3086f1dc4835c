"""ext-gradient-structure: K = aI is a gradient flow; for a != b the Jacobian of (2) is not symmetric.

Feeds Conjecture 4 ("There is an energy function E ... for the dynamics (2)").
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from _symbolic_twins import fd_angular, fd_angular_mp, rng

from symbolic.gradient import isotropic_energy, jacobian_asymmetry

CLAIM = "ext-gradient-structure"


@pytest.mark.claim(CLAIM)
def test_sym_gradient_structure(evidence, depth) -> None:
    n_max = depth.pick(quick=4, standard=6, paper=8)
    a = sp.Symbol("a", nonzero=True, real=True)
    rows = []
    for n in range(2, n_max + 1):
        r = isotropic_energy(n)
        assert r["c_solutions"] == [-1 / (2 * n * a)]
        assert all(v == 0 for v in r["residuals"]) and all(v == 0 for v in r["kuramoto_residuals"])
        assert r["dVdt_plus_speed2"] == 0
        rows.append({"n": n, "c": str(r["c_solutions"][0]), "grad_residual": 0})
    asym_rows = []
    for n in range(2, min(n_max, 4) + 1):
        q = jacobian_asymmetry(n)
        assert q["isotropic_antisymmetric_zero"]
        aa, bb = sp.symbols("a b", real=True)
        t1, t2 = sp.symbols("theta_1 theta_2", real=True)
        expect = (aa - bb) / n * sp.exp(aa * sp.cos(t1) * sp.cos(t2) + bb * sp.sin(t1) * sp.sin(t2)) \
            * sp.sin(t1 - t2) * sp.sin(t1 + t2)
        assert sp.simplify(sp.expand_trig(q["entry_01"] - expect)) == 0
        val = q["entry_01_at_point"]
        assert sp.simplify(val.subs({aa: 1, bb: 2})) != 0
        asym_rows.append({"n": n, "(J-J^T)_12": str(q["entry_01"]), "at_point": str(val)})
    evidence.method(
        "K = aI, Z_i = n, field derived from eq. (1): the ansatz V = c sum_{i,j} e^{a cos(theta_i - "
        "theta_j)} "
        "with theta' = -grad V is solved for c (unique: c = -1/(2 n a)) and the residual of every component "
        f"is 0 for n in 2..{n_max}; dV/dt = -|theta'|^2 along solutions (checked). K = 0: V = -(1/(2n)) sum "
        "cos(theta_i - theta_j). K = diag(a, b): J - J^T computed for n in "
        f"2..{min(n_max, 4)}; it vanishes for a = b, and (J - J^T)_12 = (a-b)/n e^(w_12) sin(theta_1 - "
        "theta_2) "
        "sin(theta_1 + theta_2), nonzero at theta = (0, pi/4, ...) for a != b. A field theta' = -grad V "
        "(flat metric on the angles) has a symmetric Jacobian, so for a != b no such potential exists; this "
        "does not rule out a Lyapunov function of another kind, or a gradient structure in another metric "
        "(Conjecture 4 stays open for a != b).")
    ti, tj, i, j, nn = sp.symbols(r"\theta_i \theta_j i j n")
    energy = -sp.Sum(sp.exp(a * sp.cos(ti - tj)), (i, 1, nn), (j, 1, nn)) / (2 * nn * a)
    evidence.latex("sym_energy", sp.Eq(sp.Symbol("V"), energy), caption="K = aI: theta' = -grad V")
    evidence.latex("sym_antisym", r"(J-J^\top)_{12} = \frac{a-b}{n} "
                                  r"e^{w_{12}}\sin(\theta_1-\theta_2)\sin(\theta_1+\theta_2)")
    evidence.table("sym_energy_n", rows)
    evidence.table("sym_antisym_n", asym_rows)
    # numerical twins: FD Jacobian of the numeric field (double and 50 digits).
    g = rng(9)
    th = g.uniform(0, 2 * np.pi, 5)
    J_iso = fd_angular(th, (2.0, 2.0), "uniform")
    J_ani = fd_angular(th, (1.0, 3.0), "uniform")
    iso = float(np.max(np.abs(J_iso - J_iso.T)))
    ani = float(np.max(np.abs(J_ani - J_ani.T)))
    assert iso < 1e-7  # FD with h = 1e-5: ~1e-9 relative on entries of size <= e^2
    assert ani > 1e-2  # a genuinely nonzero antisymmetric part
    with mpmath.workdps(50):
        Jm = fd_angular_mp([mpmath.mpf(repr(float(v))) for v in th], (2, 2), "uniform")
        iso50 = float(mpmath.mnorm(Jm - Jm.T, 1))
        assert iso50 < 1e-25  # FD at 50 digits: ~1e-30
    evidence.record("sym_twin", {"iso_double": iso, "aniso_double": ani, "iso_mp50": iso50},
                    caption="max |J - J^T| of the numeric field (n = 5)")
    evidence.verdict("VERIFIED", f"K = aI: theta' = -grad V, V = -(1/(2na)) sum e^(a cos), n <= {n_max}; "
                     "a != b: Jacobian not symmetric (closed form), so no potential V in the flat metric",
                     strength="symbolic")
