"""The mpmath fields (numeric.highprec.field) against the model (numeric.model) at double precision.

numeric.model is the one source of truth; the mpmath field is a second implementation used by
the high-precision integrator, so it must reproduce the model on random states.
"""

from __future__ import annotations

import re

import mpmath
import numpy as np
import pytest

from numeric.highprec.field import angular_field, sphere_field
from numeric.initial import uniform_angles, uniform_sphere
from numeric.model import angular_velocity, sphere_velocity

# float64 model vs mpmath at 40 digits: the model's own rounding is a few ulp of the largest
# term (exp(w) up to e^5) in an O(n) sum, so 1e-13 of the largest velocity leaves ~100x margin.
REL_TOL = 1e-13


def _rel_err(hp: np.ndarray, ref: np.ndarray) -> float:
    return float(np.max(np.abs(hp - ref)) / np.max(np.abs(ref)))


@pytest.mark.parametrize("normalization", ["uniform", "softmax"])
@pytest.mark.parametrize("K", [(2.0, 5.0), (5.0, 2.0), (1.0, 3.0), (3.0, 3.0), (-1.5, 0.5)])
@pytest.mark.parametrize("n", [2, 5, 10])
def test_angular_field_matches_model(n: int, K: tuple[float, float], normalization: str) -> None:
    for seed in range(3):
        theta = uniform_angles(n, seed)
        ref = angular_velocity(theta, K, normalization)
        with mpmath.workdps(40):
            hp = np.array([float(v) for v in angular_field(theta.tolist(), K, normalization)])
        assert _rel_err(hp, ref) <= REL_TOL


@pytest.mark.parametrize("normalization", ["uniform", "softmax"])
@pytest.mark.parametrize("d", [2, 3])
def test_sphere_field_matches_model(d: int, normalization: str) -> None:
    rng = np.random.default_rng(6)
    for seed in range(3):
        X = uniform_sphere(6, d, seed)
        A = rng.standard_normal((d, d))
        K = A + A.T
        Q = rng.standard_normal((d, d))
        V = rng.standard_normal((d, d))
        for kwargs in ({}, {"Q": Q, "V": V, "beta": 0.7}):
            ref = sphere_velocity(X, K, normalization, **kwargs)
            hp_kwargs = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in kwargs.items()}
            with mpmath.workdps(40):
                hp = sphere_field(X.tolist(), K.tolist(), normalization, **hp_kwargs)
            hp = np.array([[float(v) for v in row] for row in hp])
            assert _rel_err(hp, ref) <= REL_TOL


def test_sphere_field_on_circle_is_angular_field() -> None:
    """On S^1 with K diagonal, x' = theta' (-sin theta, cos theta): the two mpmath fields agree
    to working precision (50 digits)."""
    theta = uniform_angles(6, 11).tolist()
    with mpmath.workdps(50):
        th = [mpmath.mpf(t) for t in theta]
        X = [[mpmath.cos(t), mpmath.sin(t)] for t in th]
        xs = sphere_field(X, [[2, 0], [0, 5]], "softmax")
        om = angular_field(th, (2, 5), "softmax")
        err = max(abs(x[0] + o * mpmath.sin(t)) + abs(x[1] - o * mpmath.cos(t))
                  for x, o, t in zip(xs, om, th, strict=True))
        # both are O(n) sums of O(e^5) terms at 50 digits: rounding ~1e-48
        assert err < mpmath.mpf("1e-45")


def test_bipodal_velocity_vanishes_exactly_in_cluster_symmetry() -> None:
    """Particles with equal angles get bitwise-equal velocities (the integrator relies on it)."""
    with mpmath.workdps(60):
        th = [mpmath.mpf("0.3")] * 3 + [mpmath.mpf("0.3") + mpmath.pi + mpmath.mpf("1e-20")] * 3
        v = angular_field(th, (2, 5))
        assert v[0] == v[1] == v[2] and v[3] == v[4] == v[5]
        assert v[0] != 0


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: angular_field([0.1], (1, 2)), "theta"),
        (lambda: angular_field([0.1, "x"], (1, 2)), "theta[1]"),
        (lambda: angular_field([0.1, float("nan")], (1, 2)), "theta[1]"),
        (lambda: angular_field([0.1, 0.2], [[1, 1], [0, 2]]), "K"),
        (lambda: angular_field([0.1, 0.2], (1, 2), "other"), "normalization"),
        (lambda: sphere_field([[1, 0], [0, 1]], [[1, 2], [0, 1]]), "K"),
        (lambda: sphere_field([[1, 0]], [1, 1]), "X"),
        (lambda: sphere_field([[1, 0], [0, 1]], [1, 1], beta="b"), "beta"),
        (lambda: sphere_field([[1, 0], [0, 1]], [1, 1], Q=[1, 2, 3]), "Q"),
    ],
)
def test_bad_input_raises_value_error_naming_argument(call, name: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(name) + ":"):
        call()
