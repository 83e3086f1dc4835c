"""Integrators: Euler converges to solve_ivp, projected Euler stays on the sphere,
runs are bitwise independent of their batch, the lifted mean angle is conserved."""

import numpy as np

from numeric.initial import uniform_angles, uniform_sphere
from numeric.integrators import (
    euler_run,
    euler_step,
    integrate_ivp,
    sphere_euler_run,
    sphere_euler_step,
)
from numeric.model import make_angular_field


def test_euler_first_order_against_solve_ivp():
    theta0 = uniform_angles(20, 1)
    t_end = 1.0
    ref = integrate_ivp(theta0, (1.0, 2.0), "softmax", t_span=(0, t_end), t_eval=[t_end]).y[:, -1]
    f = make_angular_field((1.0, 2.0), "softmax", n=20)
    errs = []
    for steps in (100, 200, 400):
        th = theta0.copy()
        for _ in range(steps):
            th = euler_step(th, f, t_end / steps)
        errs.append(np.max(np.abs(th - ref)))
    ratios = np.array(errs[:-1]) / np.array(errs[1:])
    # First order: halving h halves the error (ratio 2 up to O(h) corrections).
    assert np.all(np.abs(ratios - 2.0) < 0.1), ratios


def test_euler_run_batch_bitwise():
    theta0 = uniform_angles(40, range(5))
    full = euler_run(theta0, (1.0, 2.5), "softmax", max_steps=3000)
    for i in (0, 3):
        one = euler_run(theta0[i], (1.0, 2.5), "softmax", max_steps=3000)
        L = one.speed.shape[1]
        assert np.array_equal(one.speed[0], full.speed[i, :L])
        assert np.array_equal(one.theta_final[0], full.theta_final[i])
        assert one.T["circular"][0] == full.T["circular"][i]


def test_mean_angle_conserved_along_euler():
    theta0 = uniform_angles(50, range(2))
    run = euler_run(theta0, (2.0, 3.0), "uniform", max_steps=400)
    drift = np.abs(run.theta_final.mean(-1) - theta0.mean(-1))
    # Prop. 1: exact in exact arithmetic; Euler preserves sum f = 0 up to rounding.
    assert np.all(drift < 1e-11), drift


def test_projected_euler_stays_on_sphere():
    X = uniform_sphere(30, 3, 0)
    K = np.diag([1.0, 2.0, 6.0])
    Y = X
    for _ in range(200):
        Y = sphere_euler_step(Y, K, 0.1, "softmax")
    # Renormalised each step: only rounding remains.
    assert np.max(np.abs(np.linalg.norm(Y, axis=-1) - 1)) < 1e-14
    # Plain (unprojected) Euler drifts off the sphere at O(h^2 |v|^2) per step.
    from numeric.model import sphere_velocity

    Z = X.copy()
    for _ in range(20):
        Z = Z + 0.1 * sphere_velocity(Z / np.linalg.norm(Z, axis=-1, keepdims=True), K, "softmax")
    assert np.max(np.abs(np.linalg.norm(Z, axis=-1) - 1)) > 1e-4  # visible drift without projection


def test_sphere_run_reports_drift_and_stop():
    out = sphere_euler_run(uniform_sphere(20, 3, 1), np.diag([1.0, 2.0, 3.0]), "softmax",
                           max_steps=20000)
    assert out["T"] > 0
    assert out["spread"][-1] < 0.05
    assert out["norm_drift"] < 1e-14  # renormalised each step
