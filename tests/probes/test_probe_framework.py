"""Tests of the probe framework itself: solver, classifier, certifier, energies, helpers.

The certifier must not only accept true zeros: it must reject points that are not zeros,
and a re-check must reject a tampered or a bipodal record.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import strategies as st

from conjectures.certify import (
    build_counterexample,
    exact_cluster_field,
    iv_workdps,
    krawczyk,
    recheck_counterexample,
    refine,
    residual,
)
from conjectures.energies import dVdt, dVdt_certified, grad_numpy
from conjectures.equilibria import classify, distinct, field, jacobian, solve_on_slice, spectrum
from conjectures.phasing import hull_spread, run_phases
from conjectures.probing import Budget, assert_no_examples, explore, find_any, json_roundtrip

AXIS4 = np.repeat(np.array([0, 0.5, 1.0, 1.5]) * np.pi, 2)


def test_jacobian_matches_finite_differences() -> None:
    th = np.array([0.3, 1.1, 2.9, 4.0, 5.5])
    J = jacobian(th, 2.0, 5.0)
    eps = 1e-6
    Jfd = np.array([(field(th + eps * e, 2.0, 5.0) - field(th - eps * e, 2.0, 5.0)) / (2 * eps)
                    for e in np.eye(th.size)]).T
    # central differences: error ~ eps^2 * |f'''| ~ 1e-12 * e^5; 1e-6 is a generous bound
    assert np.abs(J - Jfd).max() < 1e-6
    # Proposition 1: the columns sum to zero (left null vector 1)
    assert np.abs(J.sum(axis=0)).max() < 1e-12  # rounding of O(e^5) entries


def test_solver_stays_on_slice_and_converges() -> None:
    th0 = np.array([0.1, 1.7, 3.0, 4.4])
    sol = solve_on_slice(th0, 1.0, 3.0)
    assert sol.converged
    assert abs(sol.theta.sum() - th0.sum()) < 1e-12  # the slice constraint is exact up to rounding


def test_classify_kinds_and_wraparound() -> None:
    assert classify(np.array([0.0, 2 * np.pi - 1e-9, 1e-9])).kind == "consensus"  # straddles 0
    b = classify(np.array([0.2, 0.2, 0.2 + np.pi]))
    assert b.kind == "bipodal" and sorted(b.masses) == [1, 2]
    o = classify(AXIS4)
    assert o.kind == "other" and o.n_clusters == 4 and o.masses == [2, 2, 2, 2]
    assert classify(np.array([0.0, 2.0])).kind == "other"  # two clusters, not antipodal


def test_distinct_modulo_permutation() -> None:
    a = np.array([0.0, 1.0, 2.0])
    assert len(distinct([a, a[::-1], a + 2 * np.pi, a + 0.5])) == 2


def test_krawczyk_certifies_zero_and_rejects_nonzero() -> None:
    th = refine(AXIS4, 2.0, 5.0)
    assert krawczyk(th, 2.0, 5.0)["certified"]
    with mpmath.workdps(50):
        moved = [x + mpmath.mpf("1e-3") * (i % 2) for i, x in enumerate(th)]
    # a point 1e-3 from the zero: the box of radius 1e-25 contains no zero, so no certificate
    assert not krawczyk(moved, 2.0, 5.0)["certified"]
    assert residual(th, 2.0, 5.0) < mpmath.mpf("1e-45")  # 50-digit Newton zero


def test_recheck_rejects_tampered_and_bipodal_records() -> None:
    ce = json_roundtrip(build_counterexample(AXIS4, 2.0, 5.0))
    assert recheck_counterexample(ce)
    bad = dict(ce, theta_50=[str(float(x) + 1e-4) for x in ce["theta_50"]])
    assert not recheck_counterexample(bad)
    bip = json_roundtrip(build_counterexample(np.array([0.0, 0.0, np.pi]), 2.0, 5.0))
    assert bip["certified"] and not recheck_counterexample(bip)  # a true zero, but bipodal
    with pytest.raises(ValueError, match="record"):
        recheck_counterexample({"K": [1, 2]})


def test_exact_cluster_field_detects_non_equilibria() -> None:
    import sympy as sp

    assert all(v == 0 for v in exact_cluster_field([0, sp.pi], [1, 2]))
    assert any(v != 0 for v in exact_cluster_field([0, sp.pi / 3], [1, 1]))


def test_spectrum_of_balanced_bipodal_matches_eq4() -> None:
    s = spectrum(np.array([np.pi / 2] * 2 + [-np.pi / 2] * 2), 2.0, 5.0)
    # eq. (4) with gamma = 5: one zero, n-2 at -sinh 5, one unstable e^-5
    assert s["n_unstable"] == 1 and s["n_zero"] == 1 and s["n_stable"] == 2
    assert abs(s["eigenvalues_real"][-1] - np.exp(-5.0)) < 1e-12  # float64 eigvals of O(e^5) matrix


def test_energies_isotropic_gradient_identity() -> None:
    th = np.array([0.2, 1.4, 2.2, 5.0])
    # for K = aI, V_iso = -E and eq. (2) is grad E, so grad V = -f exactly
    assert np.abs(grad_numpy("isotropic_mean", th, 1.5, 1.5) + field(th, 1.5, 1.5)).max() < 1e-14
    d, c = dVdt("isotropic_mean", th, 1.5, 1.5)
    assert d < 0 and abs(c + 1) < 1e-12  # cosine -1 up to rounding
    assert dVdt_certified("isotropic_mean", th, 1.5, 1.5)["sign"] == -1


def test_search_helpers() -> None:
    assert find_any(st.integers(0, 10), lambda x: x > 100) is None
    assert find_any(st.integers(0, 10), lambda x: x >= 3) == 3  # shrunk to the minimum
    assert assert_no_examples(st.integers(0, 10), lambda x: x > 100) >= 1
    with pytest.raises(AssertionError):
        assert_no_examples(st.integers(0, 10), lambda x: x == 5)
    assert len(explore(st.integers(0, 3), lambda x: x)) >= 1
    b = Budget()
    b.add(3, a=1.0)
    b.add(7, a=2.0)
    assert b.as_dict() == {"examples": 2, "n_range": [3, 7], "distinct_n": [3, 7], "a_range": [1.0, 2.0]}


def test_hull_spread_and_arc_run() -> None:
    assert abs(hull_spread(np.array([0.1, 6.2])) - (2 * np.pi - 6.1)) < 1e-12  # exact up to rounding
    r = run_phases(np.array([0.0, 0.5, 1.0]), (2.0, 5.0), "softmax", t_max=50.0)
    # the exact hull never widens; LSODA at rtol 1e-9 may show ~1e-9 noise, so 1e-7 still catches growth
    assert r["reached_consensus"] and not r["bipodal_plateau"] and r["max_spread_increase"] <= 1e-7


def test_bad_arguments_raise_value_error() -> None:
    with pytest.raises(ValueError, match="tol"):
        solve_on_slice(np.zeros(3), 1.0, 1.0, tol=0.0)
    with pytest.raises(ValueError, match="tol"):
        classify(np.zeros(3), tol=1.0)
    with pytest.raises(ValueError, match="radius"):
        krawczyk([0, 1, 2], 1.0, 1.0, radius=-1.0)
    with pytest.raises(ValueError, match="name"):
        grad_numpy("nope", np.zeros(3), 1.0, 1.0)
    with pytest.raises(ValueError, match="dt"):
        run_phases(np.zeros(3), (1.0, 1.0), t_max=10.0, dt=5.0)
    with pytest.raises(ValueError, match="K"):
        solve_on_slice(np.zeros(3), float("nan"), 1.0)
    with pytest.raises(ValueError, match="dps"):
        with iv_workdps(5):
            pass
    with pytest.raises(ValueError, match="strategy"):
        find_any([1, 2], lambda x: True)  # type: ignore[arg-type]


def test_iv_precision_is_scoped() -> None:
    before = mpmath.iv.prec
    with iv_workdps(60):
        assert mpmath.iv.dps >= 60
    assert mpmath.iv.prec == before
