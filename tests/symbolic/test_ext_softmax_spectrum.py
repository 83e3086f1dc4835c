"""ext-softmax-spectrum: k particles at phi, n - k at phi + pi, softmax Z_i = sum_j e^{w_ij}.

Derived: {0, e^{-gamma}(m/Z_X + k/Z_Y), (m e^{-gamma} - k e^{gamma})/Z_X (x k-1),
(k e^{-gamma} - m e^{gamma})/Z_Y (x m-1)}, Z_X = k e^gamma + m e^-gamma, Z_Y = m e^gamma + k e^-gamma;
balanced: {0, e^-gamma/cosh gamma, -tanh gamma (x n-2)}; consensus {0, -1 (x n-1)}.
"""

from __future__ import annotations

import pytest
import sympy as sp
from _spectrum_common import block, exact_rows, twin_rows

CLAIM = "ext-softmax-spectrum"


@pytest.mark.claim(CLAIM)
def test_sym_softmax_spectrum_exact(evidence, depth) -> None:
    n_max = depth.pick(quick=4, standard=6, paper=8)
    rows = exact_rows("softmax", n_max)
    blk = block("softmax")
    evidence.method(
        "SymPy Jacobian of the angular field derived from eq. (1) (softmax Z_i = sum_j e^{w_ij}; a, b, "
        "phi symbolic, gamma "
        "substituted exactly) at k angles phi and n - k angles phi + pi. For every n in "
        f"2..{n_max} and every 0 <= k <= n: J P = P Lambda with an explicit eigenbasis (1, (m 1_X, -k 1_Y), "
        "m/Z_X 1_X - k/Z_Y 1_Y, zero-sum vectors per cluster; det P a nonzero rational function of "
        "e^gamma). For symbolic n, 1 <= k <= n-1: block structure "
        "(d(1/Z_i) multiplies the vanishing numerator, checked; 2x2 matrix R on span{1_X, 1_Y} with "
        "eigenvalues {0, e^-gamma(m/Z_X + k/Z_Y)}; zero-sum eigenvectors per cluster).")
    evidence.latex("sym_spectrum", r"\{0,\ e^{-\gamma}(\tfrac{m}{Z_X}+\tfrac{k}{Z_Y}),\ "
                   r"\tfrac{m e^{-\gamma}-k e^{\gamma}}{Z_X}^{(k-1)},\ \tfrac{k e^{-\gamma}-m "
                   r"e^{\gamma}}{Z_Y}^{(m-1)}\}"
                   r",\ Z_X = k e^{\gamma}+m e^{-\gamma},\ Z_Y = m e^{\gamma}+k "
                   r"e^{-\gamma}", caption="derived spectrum")
    evidence.latex("sym_balanced", r"\{0,\ e^{-\gamma}/\cosh\gamma,\ -\tanh\gamma^{(n-2)}\}",
                   caption="balanced k = n/2 (block proof: " + str(blk["balanced_escape"]) + ", "
                   + str(blk["balanced_within"]) + ")")
    assert blk["balanced_within"] == -sp.tanh(sp.Symbol("gamma", real=True))
    evidence.latex("sym_R_block", blk["R"], caption="2x2 block (symbolic n, k)")
    evidence.latex("sym_within_X", sp.Eq(sp.Symbol(r"\lambda_X"), blk["within_X"]))
    evidence.table("sym_explicit_nk", rows, caption="exact proofs per (n, k)")
    evidence.verdict("VERIFIED", f"softmax spectrum proved for all n <= {n_max}, 0 <= k <= n (symbolic a, b, "
                     "phi) and for symbolic n, k by the block structure", strength="symbolic")


@pytest.mark.claim(CLAIM)
def test_sym_softmax_twin(evidence, depth) -> None:
    cases = depth.pick(quick=[(3, 1), (5, 2), (6, 1)], standard=[(3, 1), (5, 2), (6, 1), (9, 4), (12, 2)])
    evidence.table("sym_twin", twin_rows("softmax", cases, seed=12),
                   caption="FD Jacobian of numeric.angular_velocity (double) and the mpmath field (50 "
                           "digits)")
