"""prop1-mean-conservation: "The arithmetic mean angle ... is conserved" (Proposition 1)."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from _symbolic_twins import rng

from numeric.highprec.field import angular_field
from numeric.model import angular_velocity
from symbolic.angular import prop1_explicit, prop1_general

CLAIM = "prop1-mean-conservation"


@pytest.mark.claim(CLAIM)
def test_sym_prop1(evidence, depth) -> None:
    n_max = depth.pick(quick=10, standard=16, paper=24)
    for n in range(2, n_max + 1):
        assert prop1_explicit(n) == 0, n
    r = prop1_general()
    assert r["same_limits"] and r["summand_residual"] == 0 and r["two_S"] == 0
    assert r["w_symmetry_residual"] == 0
    evidence.method(
        "sum_i theta_i' of the field derived from eq. (1) (Z_i = n, symbolic a, b, theta) simplifies to 0 "
        f"for every n in 2..{n_max}. Symbolic n: S = Sum_{{i,j}} e^{{w_ij}} sin(theta_i - theta_j) with "
        "IndexedBase angles; renaming i <-> j and exchanging the finite sums gives the same limits, and the "
        "summand T(i,j) + T(j,i) is 0 (w_ij = w_ji also checked), so 2S = 0. Softmax: the pairing fails "
        "(Z_i differ); the twin shows a nonzero sum at a random point, so Prop. 1 is specific to Z_i = n.")
    evidence.latex("sym_pairing",
                   sp.Eq(2 * r["double_sum"], sp.Sum(r["summand_residual"], *r["double_sum"].limits)))
    g = rng(5)
    th = g.uniform(0, 2 * np.pi, 6)
    s_uni = float(np.sum(angular_velocity(th, (1.3, 3.1), "uniform", method="direct")))
    s_soft = float(np.sum(angular_velocity(th, (1.3, 3.1), "softmax", method="direct")))
    assert abs(s_uni) < 1e-12  # cancellation of 36 terms of size <= e^3.1 in double precision
    with mpmath.workdps(50):
        s50 = mpmath.fsum(angular_field([mpmath.mpf(repr(float(v))) for v in th], (1.3, 3.1), "uniform"))
        s50_soft = mpmath.fsum(angular_field([mpmath.mpf(repr(float(v))) for v in th], (1.3, 3.1), "softmax"))
        assert abs(s50) < mpmath.mpf("1e-45")  # 50-digit cancellation
        assert abs(s50_soft) > mpmath.mpf("1e-3")  # softmax: genuinely nonzero
        s50f, s50sf = float(s50), float(s50_soft)
    evidence.record("sym_twin", {"uniform_double": s_uni, "uniform_mp50": s50f, "softmax_double": s_soft,
                                 "softmax_mp50": s50sf}, caption="sum_i theta_i' at a random point")
    evidence.verdict("VERIFIED", f"sum_i theta_i' = 0 exactly for n <= {n_max} and for symbolic n (pairing); "
                     "uniform normalization only (fails for softmax)", strength="symbolic")
