"""ext-unbalanced-spectrum: k particles at phi, n - k at phi + pi, uniform Z_i = n (past Appendix C).

Derived: {0 (x1), e^{-gamma} (x1), (m e^{-gamma} - k e^{gamma})/n (x k-1), (k e^{-gamma} - m e^{gamma})/n
(x m-1)}, m = n - k; consensus (k in {0, n}): {0, -e^{gamma} (x n-1)}.
"""

from __future__ import annotations

import pytest
import sympy as sp
from _spectrum_common import block, exact_rows, twin_rows

CLAIM = "ext-unbalanced-spectrum"


@pytest.mark.claim(CLAIM)
def test_sym_unbalanced_spectrum_exact(evidence, depth) -> None:
    n_max = depth.pick(quick=5, standard=9, paper=12)
    rows = exact_rows("uniform", n_max)
    blk = block("uniform")
    evidence.method(
        "SymPy Jacobian of the angular field derived from eq. (1) (Z_i = n; a, b, phi symbolic, gamma "
        "substituted exactly) at k angles phi and n - k angles phi + pi. For every n in "
        f"2..{n_max} and every 0 <= k <= n: J P = P Lambda with an explicit eigenbasis (1, (m 1_X, -k 1_Y), "
        "zero-sum vectors per cluster; det P nonzero). For symbolic n, 1 <= k <= n-1: block structure "
        "(2x2 matrix R on span{1_X, 1_Y} with eigenvalues {0, e^-gamma}; zero-sum eigenvectors per cluster).")
    evidence.latex("sym_spectrum", r"\{0,\ e^{-\gamma},\ \tfrac{m e^{-\gamma}-k e^{\gamma}}{n}^{(k-1)},\ "
                   r"\tfrac{k e^{-\gamma}-m e^{\gamma}}{n}^{(m-1)}\},\ m=n-k", caption="derived spectrum")
    evidence.latex("sym_R_block", blk["R"], caption="2x2 block (symbolic n, k)")
    evidence.latex("sym_within_X", sp.Eq(sp.Symbol(r"\lambda_X"), blk["within_X"]))
    evidence.table("sym_explicit_nk", rows, caption="exact proofs per (n, k)")
    evidence.verdict("VERIFIED", f"unbalanced spectrum proved for all n <= {n_max}, 0 <= k <= n "
                                 "(symbolic a, b, "
                     "phi) and for symbolic n, k by the block structure", strength="symbolic")


@pytest.mark.claim(CLAIM)
def test_sym_unbalanced_twin(evidence, depth) -> None:
    cases = depth.pick(quick=[(3, 1), (5, 2), (6, 1)], standard=[(3, 1), (5, 2), (6, 1), (9, 4), (12, 2)])
    evidence.table("sym_twin", twin_rows("uniform", cases, seed=11),
                   caption="FD Jacobian of numeric.angular_velocity (double) and the mpmath field (50 "
                           "digits)")
