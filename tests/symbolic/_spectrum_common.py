"""Shared body of the unbalanced (uniform) and softmax spectrum claim tests."""

from __future__ import annotations

import mpmath
import numpy as np
from _symbolic_twins import fd_angular, fd_angular_mp, rng, spectrum_values

from symbolic import spectra
from symbolic.bipodal import G, block_proof, explicit_spectrum_proof


def exact_rows(normalization: str, n_max: int) -> list[dict]:
    """J P = P Lambda for every n in 2..n_max and every 0 <= k <= n (consensus included)."""
    rows = []
    for n in range(2, n_max + 1):
        for k in range(0, n + 1):
            r = explicit_spectrum_proof(n, k, normalization)
            assert r["eig_residual_zero"] and r["basis_det_nonzero"], (n, k)
            rows.append({"n": n, "k": k, "JP_eq_PLambda": True, "det_P": str(r["basis_det"])})
    return rows


def block(normalization: str) -> dict:
    blk = block_proof(normalization)
    assert blk["quotient_rule_residual"] == 0
    assert blk["R_has_zero_and_escape"]
    assert blk["within_X_residual"] == 0 and blk["within_Y_residual"] == 0
    return blk


def twin_rows(normalization: str, cases: list[tuple[int, int]], seed: int) -> list[dict]:
    g = rng(seed)
    fn = spectra.unbalanced_spectrum if normalization == "uniform" else spectra.softmax_spectrum
    rows = []
    for n, k in cases:
        a, b = g.uniform(0.3, 3.0, 2)
        phi = g.uniform(0, 2 * np.pi)
        gam = a * np.cos(phi) ** 2 + b * np.sin(phi) ** 2
        theta = [phi] * k + [phi + np.pi] * (n - k)
        pred = spectrum_values(fn(n, k, G), gam)
        ev = np.sort(np.linalg.eigvals(fd_angular(theta, (a, b), normalization)).real)
        err = float(np.max(np.abs(ev - pred)))
        # Central differences with h = 1e-5: ~1e-9 relative error on entries of size <= e^gamma.
        assert err < 1e-6 * np.exp(gam), (n, k, err)
        with mpmath.workdps(50):
            am, bm, ph = mpmath.mpf(float(a)), mpmath.mpf(float(b)), mpmath.mpf(float(phi))
            gm = am * mpmath.cos(ph) ** 2 + bm * mpmath.sin(ph) ** 2
            Jm = fd_angular_mp([ph] * k + [ph + mpmath.pi] * (n - k), (am, bm), normalization)
            pred_mp = spectrum_values(fn(n, k, G), gm, dps=50)
            # Characteristic polynomial check avoids eig of repeated roots: det(J - lambda I) at each
            # predicted eigenvalue must vanish (|det| relative to the entries' scale).
            scale = mpmath.norm(Jm, mpmath.inf) ** n
            worst = max(abs(mpmath.det(Jm - lam * mpmath.eye(n))) / scale for lam in pred_mp)
            # FD at 50 digits carries ~1e-30 errors; det at a simple root scales linearly with them.
            assert worst < mpmath.mpf("1e-25"), (n, k, worst)
            worst_f = float(worst)
        rows.append({"n": n, "k": k, "a": a, "b": b, "phi": phi, "double_max_eig_err": err,
                     "mp50_rel_det_at_predicted": worst_f})
    return rows
