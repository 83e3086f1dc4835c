"""bipodal-orientation (high-precision part; evidence names prefixed hp_): measured escape rates
are ordered by gamma(phi), so the slowest escape (the most metastable orientation) lies on the
dominant axis of K.

Paper: "the most metastable bipodal state (slowest escape) occurs at the orientation phi* that
maximizes gamma(phi) ... If a > b, then phi* = 0; if b > a, then phi* = pi/2".

This test adds evidence only (no verdict proposal): it measures the mechanism (escape rate as a
function of phi), not where simulated clusters actually settle, which is the claim's observation.
"""

from __future__ import annotations

import mpmath
import pytest

from numeric.highprec.escape import balanced_rate_case, gamma, phi_value

PHI_GRID = ["0", "pi/6", "pi/4", "pi/3", "pi/2"]


@pytest.mark.claim("bipodal-orientation")
def test_hp_escape_rate_ordered_by_gamma(evidence, depth) -> None:
    Ks = depth.pick(quick=[(2, 5)], standard=[(2, 5), (5, 2), (1, 3), (3, 3)])
    n = 2  # the balanced reduction is n-independent (reference_n2.py); n = 4, 10 are in escape-rate
    rows, checks = [], []
    for K in Ks:
        cases = [balanced_rate_case(K, phi, n) for phi in PHI_GRID]
        with mpmath.workdps(30):
            gammas = [gamma(K, phi_value(p)) for p in PHI_GRID]
            rates = [mpmath.mpf(c["measured"]) for c in cases]
            errs = [mpmath.mpf(c["error_estimate"]) for c in cases]
            for p, g, c in zip(PHI_GRID, gammas, cases, strict=True):
                rows.append({"K": c["K"], "phi": p, "gamma": mpmath.nstr(g, 20),
                             "measured_rate": c["measured"][:27], "error_estimate": c["error_estimate"]})
            # ordering: for every pair, gamma_i < gamma_j  <=>  rate_i > rate_j (beyond the errors);
            # equal gamma (K = aI) <=> rates equal within 10x the error estimates
            ok = True
            resolved = True
            for i in range(len(PHI_GRID)):
                for j in range(len(PHI_GRID)):
                    tol = 10 * (errs[i] + errs[j])  # 10x the rerun spread: a robust "equal"
                    if gammas[j] - gammas[i] > mpmath.mpf("1e-25"):
                        ok &= rates[i] - rates[j] > tol
                        # resolution: the rates e^-gamma differ by far more than the error estimates
                        resolved &= abs(rates[i] - rates[j]) > 1000 * tol
                    elif abs(gammas[i] - gammas[j]) <= mpmath.mpf("1e-25"):
                        ok &= abs(rates[i] - rates[j]) <= tol
            slowest = PHI_GRID[min(range(len(rates)), key=lambda t: rates[t])]
            a, b = K
            expected = "0" if a > b else "pi/2" if b > a else "any"
            checks.append({"K": f"diag{K}", "order_matches_gamma": bool(ok),
                           "slowest_escape_phi": slowest if a != b else "all equal",
                           "paper_phi_star": expected, "resolved": bool(resolved)})
    evidence.method(
        "For each K, the escape rate of the balanced bipodal state (n = 2, uniform Z_i) is measured "
        "from the mpmath dynamics at phi in {0, pi/6, pi/4, pi/3, pi/2} exactly as in the escape-rate "
        "claim (eps = 1e-30, 60 digits, error estimate from reruns at 50/60 digits and two tolerances). "
        "Checked: the measured rates are strictly ordered opposite to gamma(phi) = a cos^2 phi + "
        "b sin^2 phi for every pair of orientations, and equal within 10x their error estimates "
        "when gamma is (K = aI). This is the mechanism behind the claim (slowest escape on the "
        "dominant axis), not a test of where simulated clusters settle."
    )
    evidence.table("hp_rates_by_orientation", rows)
    evidence.table("hp_orientation_order", checks,
                   caption="measured escape rates ordered by gamma(phi); slowest escape at phi*")
    # What the suite must establish: rates measured finely enough to order them.  Whether the
    # order matches the paper is the evidence above (a mismatch would be a finding, not a failure).
    assert all(c["resolved"] for c in checks)
