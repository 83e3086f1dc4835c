"""The sweep engine: escape-time measurement, store, resume after kill -9, Dask path, fits.

These are engine tests (no ledger claim); the claim tests in this folder use the
same functions.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from numeric.escape_time import euler_escape_steps, lean_direct_field, ode_escape_time
from numeric.initial import uniform_angles
from numeric.model import angular_velocity
from numeric.scaling import (
    bootstrap_log_law,
    fit_exponential_rate,
    fit_log_law,
    held_out_comparison,
    points_from_runs,
)
from numeric.sweep import ResultStore, RunSpec, count_caps, grid, run_sweep

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("normalization", ["uniform", "softmax"])
def test_lean_field_matches_model(normalization):
    theta = uniform_angles(40, [0, 1, 2])
    for K in [(1.0, 3.0), (5.0, 5.0), (2.0, -1.0)]:
        ref = angular_velocity(theta, K, normalization, method="direct")
        got = lean_direct_field(*K, normalization)(np.cos(theta), np.sin(theta))
        scale = np.abs(ref).max()
        # Same sum, different association order: agreement to ~100 ulps of the field's scale.
        assert np.abs(got - ref).max() <= 1e-13 * max(scale, 1.0)


def test_batch_independent_and_method_independent():
    seeds = [0, 1, 2, 3, 4]
    batch = euler_escape_steps((2.0, 2.0), 40, seeds, normalization="softmax", max_steps=20_000)
    alone = [euler_escape_steps((2.0, 2.0), 40, [s], normalization="softmax", max_steps=20_000)[0]
             for s in seeds]
    assert batch == alone  # rows of the batch never interact: bitwise-identical trajectories
    lean = euler_escape_steps((2.0, 2.0), 40, seeds, normalization="softmax", max_steps=20_000,
                              method="lean-direct")
    four = euler_escape_steps((2.0, 2.0), 40, seeds, normalization="softmax", max_steps=20_000,
                              method="fourier")
    # Evaluators differ by rounding (~1e-15); T is a first-passage step count and may move by
    # at most a step or two when sigma grazes the threshold.
    assert max(abs(x["T_circular"] - y["T_circular"]) for x, y in zip(lean, four, strict=True)) <= 2


def test_escape_step_definition_and_caps():
    # T = first k with sigma(theta_k) < 0.05: recompute it from an independent Euler loop.
    K, n, seed = (1.5, 1.5), 12, 3
    rec = euler_escape_steps(K, n, [seed], normalization="uniform", max_steps=10_000)[0]
    theta = uniform_angles(n, seed)
    from numeric.observables import sigma_theta

    k = 0
    while sigma_theta(theta, "circular") >= 0.05:
        theta = theta + 0.1 * angular_velocity(theta, K, "uniform", method="direct")
        k += 1
    assert rec["T_circular"] == k and rec["status_circular"] == "escaped"
    capped = euler_escape_steps(K, n, [seed], normalization="uniform", max_steps=k - 1)[0]
    assert capped["T_circular"] is None and capped["status_circular"] == "capped"
    assert count_caps([capped])["circular:capped"] == 1
    rows = [{"n": n, **capped}, {"n": 2 * n, **rec}, {"n": 3 * n, **rec}]
    pts = points_from_runs(rows, "circular")
    assert pts["dropped"] == [{"n": n, "runs": 1, "not_escaped": 1, "statuses": ["capped"]}]
    assert sorted(set(pts["n"])) == [2 * n, 3 * n]


def test_ode_escape_close_to_euler_at_small_step():
    # With h = 0.01 Euler approximates the flow; T_euler*h and T_ode*h should agree closely.
    K, n, seed = (1.0, 2.0), 16, 1
    e = euler_escape_steps(K, n, [seed], normalization="softmax", h=0.01, max_steps=10**6)[0]
    o = ode_escape_time(K, n, seed, normalization="softmax", h=0.01, max_steps=10**6)
    # First-order Euler error O(h) on a time of O(100): a few percent at h = 0.01.
    assert abs(e["T_circular"] - o["T_circular"]) <= 0.05 * o["T_circular"]


@pytest.mark.parametrize("kwargs, name", [
    ({"n": 1}, "n"), ({"max_steps": 0}, "max_steps"), ({"sigmas": ("wrapped",)}, "sigmas"),
    ({"normalization": "l2"}, "normalization"), ({"threshold": -1.0}, "threshold"), ({"h": 0.0}, "h"),
    ({"method": "fast"}, "method"), ({"seeds": []}, "seeds"), ({"K": (1.0, 2.0, 3.0)}, "K"),
])
def test_bad_input_names_argument(kwargs, name):
    args = {"K": (1.0, 2.0), "n": 8, "seeds": [0], "max_steps": 10}
    args.update(kwargs)
    with pytest.raises(ValueError, match=rf"^{name}:"):
        euler_escape_steps(args.pop("K"), args.pop("n"), args.pop("seeds"), **args)


def test_bad_specs_and_grids():
    with pytest.raises(ValueError, match="^integrator:"):
        RunSpec(1.0, 2.0, 8, 0, integrator="rk4")
    with pytest.raises(ValueError, match="^seed:"):
        RunSpec(1.0, 2.0, 8, -1)
    with pytest.raises(ValueError, match="^seeds:"):
        grid([(1.0, 2.0)], [8], [])
    with pytest.raises(ValueError, match="^specs:"):
        s = RunSpec(1.0, 2.0, 8, 0)
        run_sweep([s, s], ResultStore("/nonexistent-unused"))


def test_store_roundtrip_and_keys(tmp_path):
    store = ResultStore(tmp_path)
    s = RunSpec(1.0, 2.0, 8, 0, max_steps=100)
    assert store.get(s) is None
    store.put(s, {"T_circular": 5})
    assert store.get(s) == {"T_circular": 5}
    assert RunSpec(1.0, 2.0, 8, 1, max_steps=100).key() != s.key()
    assert RunSpec(1.0, 2.0, 8, 0, max_steps=101).key() != s.key()
    assert RunSpec(1.0, 2.0, 8, 0, max_steps=100, normalization="uniform").key() != s.key()
    rec = json.loads(store.path(s).read_text())
    assert rec["spec"] == s.as_dict() and "model_version" in rec
    # A record whose content does not match its key is refused, not silently used.
    other = RunSpec(1.0, 2.0, 8, 1, max_steps=100)
    store.path(other).parent.mkdir(parents=True, exist_ok=True)
    store.path(other).write_text(store.path(s).read_text())
    with pytest.raises(ValueError, match="^store:"):
        store.get(other)


def test_sweep_reuses_and_processes_match_serial(tmp_path):
    specs = grid([(1.5, 1.5)], [8, 16], range(3), normalizations=("uniform", "softmax"), max_steps=20_000)
    first = run_sweep(specs, ResultStore(tmp_path / "a"), workers=1, chunk=2)
    assert (first.reused, first.computed) == (0, len(specs))
    again = run_sweep(specs, ResultStore(tmp_path / "a"), workers=1)
    assert (again.reused, again.computed) == (len(specs), 0) and again.results == first.results
    par = run_sweep(specs, ResultStore(tmp_path / "b"), workers=2, chunk=1)
    assert par.results == first.results


def test_dask_local_cluster_matches_serial(tmp_path):
    distributed = pytest.importorskip("distributed")
    specs = grid([(1.0, 2.0)], [8, 12], range(2), max_steps=20_000)
    serial = run_sweep(specs, ResultStore(tmp_path / "s"), workers=1)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        res = run_sweep(specs, ResultStore(tmp_path / "d"), scheduler=cluster.scheduler_address, chunk=1)
    assert res.computed == len(specs) and res.results == serial.results
    assert len(list(ResultStore(tmp_path / "d").records())) == len(specs)


def _cli(store: Path, *extra: str) -> list[str]:
    # ~50 ms per run (lean direct sum, n up to 48), so a 5 ms poll can kill mid-sweep.
    return [sys.executable, "-m", "numeric.cli_sweep", "--K", "2.5,2.5", "--n", "16,24,32,48",
            "--seeds", "6", "--chunk", "1", "--workers", "1", "--no-progress", "--json",
            "--method", "lean-direct", "--store", str(store), *extra]


def test_kill9_then_resume_gives_identical_result(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ref = subprocess.run(_cli(tmp_path / "ref"), env=env, cwd=ROOT, capture_output=True, text=True,
                         check=True)
    total = 24
    store = ResultStore(tmp_path / "killed")
    proc = subprocess.Popen(_cli(store.root), env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list(store.records())) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(list(store.records()))
    assert 0 < done_before < total, "the kill must land mid-sweep for this test to mean anything"
    rerun = subprocess.run(_cli(store.root), env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    summary = json.loads(rerun.stdout)
    assert summary["reused"] == done_before and summary["computed"] == total - done_before
    assert summary["fits"] == json.loads(ref.stdout)["fits"]
    # One record per run, byte-identical to the uninterrupted sweep's.
    ref_files = {p.name: p.read_bytes() for p in ResultStore(tmp_path / "ref").records()}
    got_files = {p.name: p.read_bytes() for p in store.records()}
    assert len(got_files) == total and got_files == ref_files


def test_fits_recover_a_known_law():
    rng = np.random.default_rng(0)
    n = np.repeat(np.geomspace(10, 3000, 8).round(), 10)
    T = 120.0 * np.log(n) + 40.0 + rng.normal(0, 15.0, n.size)
    fit = fit_log_law(n, T)
    ci = bootstrap_log_law(n, T, n_boot=300)
    # Noise sd 15 over 80 runs spanning ln n in [2.3, 8]: the slope's standard error is ~1.
    assert abs(fit["C"] - 120.0) < 5 and ci["C_ci"][0] < 120.0 < ci["C_ci"][1]
    assert held_out_comparison(n, T)["better"] == "log"
    T_pow = 5.0 * n ** 0.5 * np.exp(rng.normal(0, 0.02, n.size))
    assert held_out_comparison(n, T_pow)["better"] == "power"
    g = np.array([1.0, 2.0, 3.0, 4.0])
    r = fit_exponential_rate(g, 3.0 * np.exp(2.0 * g))
    assert abs(r["rate"] - 2.0) < 1e-12  # exact data: least squares is exact up to rounding
    with pytest.raises(ValueError, match="^n:"):
        fit_log_law([5, 5], [1.0, 2.0])
