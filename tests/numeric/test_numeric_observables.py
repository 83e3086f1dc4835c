"""Observables: cluster detection, phase segmentation, the two sigma_theta readings."""

import numpy as np
import pytest

from numeric.clusters import antipodal_gap, cluster_axis, detect_clusters
from numeric.observables import mean_speed, sigma_difference, sigma_theta
from numeric.phases import segment_phases


def test_two_clusters_across_the_branch_cut():
    rng = np.random.default_rng(0)
    th = np.concatenate([0.02 * rng.standard_normal(30), np.pi + 0.02 * rng.standard_normal(70)])
    cl = detect_clusters(th)
    assert cl.count == 2
    np.testing.assert_allclose(cl.masses, [0.7, 0.3])
    assert abs(np.angle(np.exp(1j * (cl.positions[0] - np.pi)))) < 0.01  # 70 points, width 0.02
    # jitter sd 0.02: a cluster's spread ~0.02 and its mean is off by ~0.02/sqrt(30) ~ 0.004, so
    # spread < 0.05, gap < 0.02 and axis < 0.01 hold with margin but fail for a wrong branch cut (~pi)
    assert cl.spreads.max() < 0.05
    assert antipodal_gap(cl) < 0.02
    assert min(cluster_axis(cl), np.pi - cluster_axis(cl)) < 0.01


def test_uniform_cloud_has_no_clusters_and_consensus_has_one():
    th = np.linspace(0, 2 * np.pi, 100, endpoint=False)
    assert detect_clusters(th).count == 0
    assert detect_clusters(np.full(10, 3.0) + 1e-3 * np.arange(10)).count == 1
    with pytest.raises(ValueError, match="^gap"):
        detect_clusters(th, gap=-1)
    with pytest.raises(ValueError, match="^theta"):
        detect_clusters(th.reshape(2, 50))


def test_segment_synthetic_three_phase_curve():
    v = np.concatenate([np.full(50, 1.0), np.full(900, 1e-3), np.full(50, 0.5)])
    s = segment_phases(v)
    assert (s["t1"], s["t3"], s["T"]) == (50, 950, 999)
    assert s["plateau_share"] == pytest.approx(900 / 999)
    assert s["plateau_median_ratio"] == pytest.approx(1e-3)
    flat = segment_phases(np.ones(100))
    assert flat["t1"] is None and not flat["phase3_found"]


def test_sigma_readings_differ_across_the_cut():
    th = np.array([0.01, -0.01 + 2 * np.pi, 0.0])
    d = sigma_difference(th)
    # angles within 0.01 on the circle, but one lifted 2 pi away: lifted std ~ 2 pi sqrt(2)/3 ~ 2.96
    assert d["circular"] < 0.01 and d["lifted"] > 2.0
    assert sigma_theta(th, "circular") == d["circular"]
    assert mean_speed(np.array([[-1.0, 1.0, 2.0]]))[0] == pytest.approx(4 / 3)
