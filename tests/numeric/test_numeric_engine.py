"""The S^1 engine: Fourier moments against the direct sum and an independent loop.

The public names (``angular_velocity`` with every ``method``, ``sphere_velocity``,
``numeric.fourier.make_field``) must agree with a plain double loop written
from eq. (2) / eq. (1) of the paper with the ``math`` module, on random and
clustered states, for both normalizations, batched over seeds.
"""

import math

import numpy as np
import pytest

from numeric import angular_velocity, sphere_velocity
from numeric.fourier import make_field, tail_bound, truncation_order
from numeric.initial import uniform_angles
from numeric.model import choose_method, interaction_weights


def loop_field(theta, a, b, normalization):
    """eq. (2) by a double loop, independent of numeric.model (reference for small n)."""
    n = len(theta)
    out = []
    for ti in theta:
        ws = [a * math.cos(ti) * math.cos(tj) + b * math.sin(ti) * math.sin(tj) for tj in theta]
        m = max(ws) if normalization == "softmax" else 0.0
        num = sum(math.exp(w - m) * math.sin(ti - tj) for w, tj in zip(ws, theta, strict=True))
        Z = sum(math.exp(w - m) for w in ws) if normalization == "softmax" else n
        out.append(-num / Z)
    return np.array(out)


def scale(theta, a, b, normalization):
    """Magnitude of the sum: (1/Z_i) sum_j e^{w_ij} (1 for softmax)."""
    if normalization == "softmax":
        return np.ones(theta.shape)
    return np.exp(interaction_weights(theta, a, b)).sum(-1) / theta.shape[-1]


def clustered(n, seeds, phi=np.pi / 2, width=1e-2):
    rng = np.random.default_rng(123)
    half = n // 2
    t = np.concatenate([np.full(half, phi), np.full(n - half, phi + np.pi)])
    return t + width * rng.standard_normal((len(seeds), n))


KS = [(2.0, 5.0), (5.0, 2.0), (1.0, 1.0), (0.0, 0.0), (-1.0, 3.0), (3.5, 3.5), (0.3, 7.0)]


@pytest.mark.parametrize("normalization", ["uniform", "softmax"])
@pytest.mark.parametrize("K", KS)
def test_fourier_matches_direct(K, normalization):
    a, b = K
    for theta in (uniform_angles(150, range(3)), clustered(150, range(3))):
        d = angular_velocity(theta, K, normalization, method="direct")
        f = angular_velocity(theta, K, normalization, method="fourier")
        err = np.max(np.abs(d - f) / scale(theta, a, b, normalization))
        # Requested: 1e-12 relative to the sum's magnitude (truncation tol 1e-14 + rounding).
        assert err <= 1e-12, err


@pytest.mark.parametrize("normalization", ["uniform", "softmax"])
def test_all_methods_match_independent_loop(normalization):
    theta = uniform_angles(12, 4)
    ref = loop_field(list(theta), 2.0, 5.0, normalization)
    for method in ("direct", "fourier", "auto"):
        got = angular_velocity(theta, (2.0, 5.0), normalization, method=method)
        # Sums of 12 terms of size <= e^5: a few ulps of e^5 ~ 1e-13 absolute.
        np.testing.assert_allclose(got, ref, rtol=0, atol=1e-12)


@pytest.mark.parametrize("normalization", ["uniform", "softmax"])
def test_overflow_safe_large_ab(normalization):
    theta = uniform_angles(64, range(2))
    for K in [(50.0, 50.0), (50.0, 20.0), (20.0, 50.0)]:
        for method in ("direct", "fourier"):
            v = angular_velocity(theta, K, normalization, method=method)
            assert np.all(np.isfinite(v)), (K, method)
        f = make_field(*K, normalization)
        assert np.all(np.isfinite(f(theta)))
    # Fourier at equal a = b = 50 still matches (no cancellation between p and q terms).
    d = angular_velocity(theta, (50.0, 50.0), normalization, method="direct")
    f = angular_velocity(theta, (50.0, 50.0), normalization, method="fourier")
    s = scale(theta, 50.0, 50.0, normalization)
    assert np.max(np.abs(d - f) / s) < 1e-12  # same 1e-12 relative target as above


def test_truncation_bound_is_an_upper_bound():
    from scipy.special import ive

    for x in (0.5, 1.5, 3.5, 10.0, 25.0):
        for M in (5, 10, 20, 40):
            k = np.arange(M + 1, M + 400)
            true_tail = 2 * ive(k, x).sum()
            assert true_tail <= tail_bound(x, M) * (1 + 1e-12) + 1e-300  # bound, ulp slack
        M = truncation_order(x, 1e-14)
        assert tail_bound(x, M) <= 1e-14 / 3 < tail_bound(x, M - 1) or M == 1


def test_batch_bitwise_independence():
    theta = uniform_angles(300, range(7))
    for normalization in ("uniform", "softmax"):
        f = make_field(2.0, 5.0, normalization)
        full = f(theta)
        for i in range(7):
            assert np.array_equal(f(theta[i]), full[i])
            assert np.array_equal(f(theta[max(0, i - 2): i + 1])[-1], full[i])
    # Large n: the engine splits the batch into cache-sized seed chunks; same numbers.
    big = uniform_angles(3000, range(3))
    f = make_field(2.0, 5.0, "uniform")
    full = f(big)
    assert all(np.array_equal(f(big[i]), full[i]) for i in range(3))


def test_auto_dispatch():
    assert choose_method(8, 2, 5) == "direct"
    assert choose_method(100, 2, 5) == "fourier"
    assert choose_method(100, 2, 50) == "direct"


def test_sphere_d2_agrees_with_angular():
    theta = uniform_angles(40, range(3))
    X = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
    for normalization in ("uniform", "softmax"):
        v = sphere_velocity(X, np.diag([2.0, 5.0]), normalization)
        w = angular_velocity(theta, (2.0, 5.0), normalization)
        # Cartesian velocity = theta' * (-sin, cos): same sums, rounding-level difference.
        np.testing.assert_allclose(v[..., 0], -np.sin(theta) * w, rtol=0, atol=1e-12)
        np.testing.assert_allclose(v[..., 1], np.cos(theta) * w, rtol=0, atol=1e-12)


def test_sphere_general_QKV_against_loop():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((6, 3))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    Q, V = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    S = rng.standard_normal((3, 3))
    K = S + S.T
    beta = 0.7
    for normalization in ("uniform", "softmax"):
        got = sphere_velocity(X, K, normalization, Q=Q, V=V, beta=beta)
        for i in range(6):
            e = [math.exp(beta * float((Q @ X[i]) @ (K @ X[j]))) for j in range(6)]
            Z = sum(e) if normalization == "softmax" else 6
            F = sum(e[j] * (V @ X[j]) for j in range(6)) / Z
            ref = F - (F @ X[i]) * X[i]
            np.testing.assert_allclose(got[i], ref, rtol=1e-12, atol=1e-13)  # ulps of O(e^|A|)


@pytest.mark.parametrize("call, name", [
    (lambda: angular_velocity([0.1], (1, 2)), "theta"),
    (lambda: angular_velocity([0.1, np.nan], (1, 2)), "theta"),
    (lambda: angular_velocity([0.1, 0.2], [[1, 1], [0, 2]]), "K"),
    (lambda: angular_velocity([0.1, 0.2], (1, 2, 3)), "K"),
    (lambda: angular_velocity([0.1, 0.2], (1, 2), "bogus"), "normalization"),
    (lambda: angular_velocity([0.1, 0.2], (1, 2), method="bogus"), "method"),
    (lambda: sphere_velocity(np.eye(3), [[1, 2, 0], [0, 1, 0], [0, 0, 1]]), "K"),
    (lambda: sphere_velocity(np.ones((3, 2)), np.eye(2)), "X"),
    (lambda: make_field(1, 2, "bogus"), "normalization"),
])
def test_bad_input_names_argument(call, name):
    with pytest.raises(ValueError, match=f"^{name}"):
        call()


def test_bad_step_names_h():
    from numeric.integrators import euler_run

    with pytest.raises(ValueError, match="^h"):
        euler_run(uniform_angles(5, 0), (1, 2), h=0.0)
    with pytest.raises(ValueError, match="^h"):
        euler_run(uniform_angles(5, 0), (1, 2), h=-0.1)


@pytest.mark.parametrize("normalization", ["uniform", "softmax"])
def test_sphere_overflow_safe(normalization):
    from numeric.initial import uniform_sphere

    X = uniform_sphere(50, 3, range(2))
    v = sphere_velocity(X, np.diag([50.0, 20.0, 50.0]), normalization)
    assert np.all(np.isfinite(v))
    # Tangent: the projection leaves no radial component (rounding of e^50-sized sums aside).
    radial = np.abs(np.sum(v * X, axis=-1)) / np.max(np.linalg.norm(v, axis=-1))
    assert radial.max() < 1e-12
