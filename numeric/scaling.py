"""Fits for the scaling law T(n) ~ C ln n + D: slopes, bootstrap intervals, model comparison.

Methods.

* :func:`fit_log_law`: ordinary least squares of T on ln n over individual runs.
* :func:`bootstrap_log_law`: percentile bootstrap over seeds, stratified by n
  (each n keeps its number of runs, resampled with replacement), with a
  fixed-seed generator so intervals are deterministic.
* :func:`fit_power_law`: the alternative T = A n^p, by least squares on ln T.
* :func:`held_out_comparison`: both laws fitted on the smaller n, judged by the
  error of their predictions of the mean T at the larger (held-out) n.
* :func:`fit_exponential_rate`: ln C = r gamma + c by least squares, with the
  standard error of r.
* :func:`points_from_runs`: turns sweep rows into (n, T) arrays for one sigma
  reading; an n at which any run did not escape (capped or split consensus) is
  left out of the fit *and reported*, since averaging only the runs that did
  escape would bias T down.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np


def _arrays(n: Sequence[float], T: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    n_arr = np.asarray(n, dtype=np.float64)
    T_arr = np.asarray(T, dtype=np.float64)
    if n_arr.shape != T_arr.shape or n_arr.ndim != 1:
        raise ValueError(f"n, T: expected two 1-d arrays of the same length, got {n_arr.shape}, "
                         f"{T_arr.shape}")
    if not (np.all(np.isfinite(n_arr)) and np.all(n_arr > 0)):
        raise ValueError("n: expected positive finite particle counts")
    if not np.all(np.isfinite(T_arr)):
        raise ValueError("T: expected finite escape times")
    if len(np.unique(n_arr)) < 2:
        raise ValueError("n: a fit needs at least two distinct n")
    return n_arr, T_arr


def fit_log_law(n: Sequence[float], T: Sequence[float]) -> dict[str, Any]:
    """OLS fit T = C ln n + D over runs: C, D, residuals per run, RMS residual."""
    n_arr, T_arr = _arrays(n, T)
    X = np.column_stack([np.log(n_arr), np.ones_like(n_arr)])
    (C, D), *_ = np.linalg.lstsq(X, T_arr, rcond=None)
    res = T_arr - X @ np.array([C, D])
    return {"C": float(C), "D": float(D), "residuals": res, "rms": float(np.sqrt(np.mean(res ** 2)))}


def bootstrap_log_law(n: Sequence[float], T: Sequence[float], *, n_boot: int = 1000, level: float = 0.95,
                      seed: int = 0) -> dict[str, Any]:
    """Percentile bootstrap interval of C (and D), resampling runs within each n."""
    n_arr, T_arr = _arrays(n, T)
    if int(n_boot) != n_boot or n_boot < 10:
        raise ValueError(f"n_boot: expected an integer >= 10, got {n_boot!r}")
    if not 0 < level < 1:
        raise ValueError(f"level: expected a number in (0, 1), got {level!r}")
    rng = np.random.default_rng(seed)
    groups = [np.flatnonzero(n_arr == v) for v in np.unique(n_arr)]
    x = np.log(n_arr)
    Cs, Ds = np.empty(n_boot), np.empty(n_boot)
    for b in range(n_boot):
        idx = np.concatenate([g[rng.integers(0, len(g), len(g))] for g in groups])
        xb, Tb = x[idx], T_arr[idx]
        C, D = np.polyfit(xb, Tb, 1)
        Cs[b], Ds[b] = C, D
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    return {"C_ci": [float(np.quantile(Cs, lo)), float(np.quantile(Cs, hi))],
            "D_ci": [float(np.quantile(Ds, lo)), float(np.quantile(Ds, hi))],
            "level": level, "n_boot": int(n_boot)}


def fit_power_law(n: Sequence[float], T: Sequence[float]) -> dict[str, Any]:
    """T = A n^p by OLS of ln T on ln n (needs T > 0)."""
    n_arr, T_arr = _arrays(n, T)
    if np.any(T_arr <= 0):
        raise ValueError("T: the power law needs positive escape times")
    p, lnA = np.polyfit(np.log(n_arr), np.log(T_arr), 1)
    return {"A": float(math.exp(lnA)), "p": float(p)}


def held_out_comparison(n: Sequence[float], T: Sequence[float], *, holdout: int = 2) -> dict[str, Any]:
    """Fit log and power laws on all but the ``holdout`` largest n; RMS error of the mean T there.

    The score is the RMS over held-out n of (predicted - observed mean T) /
    observed mean T; the law with the smaller score predicts better.
    """
    n_arr, T_arr = _arrays(n, T)
    values = np.unique(n_arr)
    if int(holdout) != holdout or holdout < 1 or len(values) - holdout < 2:
        raise ValueError(f"holdout: need 1 <= holdout <= (#distinct n) - 2, got {holdout!r} "
                         f"with {len(values)} distinct n")
    train = n_arr < values[-holdout]
    log_fit = fit_log_law(n_arr[train], T_arr[train])
    pow_fit = fit_power_law(n_arr[train], T_arr[train])
    test_n = values[-holdout:]
    obs = np.array([T_arr[n_arr == v].mean() for v in test_n])
    pred_log = log_fit["C"] * np.log(test_n) + log_fit["D"]
    pred_pow = pow_fit["A"] * test_n ** pow_fit["p"]
    err_log = float(np.sqrt(np.mean(((pred_log - obs) / obs) ** 2)))
    err_pow = float(np.sqrt(np.mean(((pred_pow - obs) / obs) ** 2)))
    return {"held_out_n": test_n, "observed_mean_T": obs, "pred_log": pred_log, "pred_power": pred_pow,
            "rel_rms_log": err_log, "rel_rms_power": err_pow, "train_C": log_fit["C"],
            "train_p": pow_fit["p"], "better": "log" if err_log < err_pow else "power"}


def fit_exponential_rate(gamma: Sequence[float], C: Sequence[float]) -> dict[str, Any]:
    """ln C = r gamma + c by OLS: r, its standard error, c (needs >= 3 points for the SE)."""
    g = np.asarray(gamma, dtype=np.float64)
    c = np.asarray(C, dtype=np.float64)
    if g.shape != c.shape or g.ndim != 1 or len(g) < 3:
        raise ValueError("gamma, C: expected two 1-d arrays of the same length >= 3")
    if np.any(c <= 0) or not np.all(np.isfinite(c)):
        raise ValueError("C: expected positive finite slopes")
    y = np.log(c)
    X = np.column_stack([g, np.ones_like(g)])
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    res = y - X @ coef
    dof = len(g) - 2
    s2 = float(res @ res) / dof
    cov = s2 * np.linalg.inv(X.T @ X)
    return {"rate": float(coef[0]), "rate_se": float(math.sqrt(cov[0, 0])), "intercept": float(coef[1]),
            "residuals": res}


def points_from_runs(rows: Sequence[dict[str, Any]], sigma: str) -> dict[str, Any]:
    """(n, T) of the escaped runs for ``sigma``, leaving out every n where some run did not escape."""
    key, st = f"T_{sigma}", f"status_{sigma}"
    by_n: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        if key not in r:
            raise ValueError(f"sigma: the runs carry no {key!r}")
        by_n.setdefault(int(r["n"]), []).append(r)
    n_out, T_out, dropped = [], [], []
    for n in sorted(by_n):
        rs = by_n[n]
        bad = [r[st] for r in rs if r[st] != "escaped"]
        if bad:
            dropped.append({"n": n, "runs": len(rs), "not_escaped": len(bad),
                            "statuses": sorted(set(bad))})
            continue
        n_out += [n] * len(rs)
        T_out += [float(r[key]) for r in rs]
    return {"n": np.array(n_out, dtype=np.float64), "T": np.array(T_out, dtype=np.float64),
            "dropped": dropped}


def bootstrap_prediction(n: Sequence[float], T: Sequence[float], n_new: float, *, n_boot: int = 1000,
                         level: float = 0.95, seed: int = 0) -> dict[str, Any]:
    """C ln n_new + D from the full fit, with a percentile bootstrap interval (runs resampled per n)."""
    n_arr, T_arr = _arrays(n, T)
    if not (math.isfinite(float(n_new)) and float(n_new) > 0):
        raise ValueError(f"n_new: expected a positive particle count, got {n_new!r}")
    if int(n_boot) != n_boot or n_boot < 10:
        raise ValueError(f"n_boot: expected an integer >= 10, got {n_boot!r}")
    fit = fit_log_law(n_arr, T_arr)
    rng = np.random.default_rng(seed)
    groups = [np.flatnonzero(n_arr == v) for v in np.unique(n_arr)]
    x = np.log(n_arr)
    preds = np.empty(n_boot)
    for b in range(n_boot):
        idx = np.concatenate([g[rng.integers(0, len(g), len(g))] for g in groups])
        C, D = np.polyfit(x[idx], T_arr[idx], 1)
        preds[b] = C * math.log(n_new) + D
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    return {"pred": fit["C"] * math.log(n_new) + fit["D"],
            "ci": [float(np.quantile(preds, lo)), float(np.quantile(preds, hi))], "sd": float(preds.std())}
