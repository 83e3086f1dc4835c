"""Shared sweep for the scaling-law claim tests: the paper's table rows, sized per depth tier.

All scaling claim tests read the same runs from one result store
(``.metastab-cache/sweep`` under the repository root), so the table sweep is
computed once per checkout and reused by later tests and later runs.  A file
lock stops two pytest-xdist workers from computing the same runs at once.

Per-tier cuts (the paper: 30 log-spaced n per row, 5..3000 isotropic, 20 seeds,
fewer for large gamma*):

* quick: rows diag(1.5,1.5) and diag(2,2) only, n = 8..64 (5 values), 4 seeds;
* standard: all 8 rows; gamma* <= 2: n = 8..2000 (9 values), 12 seeds;
  gamma* = 2.5: n = 8..1000 (8 values), 12 seeds; gamma* = 3: n = 8..300 (7 values),
  8 seeds; gamma* = 5: n = 8, 16, 32 with 2 seeds and a 5e5-step cap (softmax): a
  smoke test of the pipeline, far too few runs to pin C there;
* paper: n = 5..3000 (30 values) with 20 seeds for gamma* <= 3; gamma* = 5:
  n = 4..64 (10 values), 8 seeds (the paper does not state its cut).

Step caps: softmax 2e6 steps (5e5 at standard for gamma* = 5); uniform 2e4 steps for
gamma* >= 3 (explicit Euler
with h = 0.1 is unstable there under Z_i = n: h e^gamma > 2 at consensus), else 2e5.
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from numeric.sweep import ResultStore, grid, run_sweep

ROOT = Path(__file__).resolve().parents[2]
STORE = ResultStore(ROOT / ".metastab-cache" / "sweep")

#: The paper's table: (a, b) -> fitted C.
PAPER_TABLE: list[tuple[tuple[float, float], float]] = [
    ((1.5, 1.5), 16.8), ((2.0, 2.0), 43.2), ((1.0, 2.0), 135.0), ((2.5, 2.5), 132.0),
    ((3.0, 3.0), 405.0), ((1.0, 3.0), 1080.0), ((5.0, 5.0), 23885.0), ((2.0, 5.0), 66615.0),
]
NORMALIZATIONS = ("uniform", "softmax")
SIGMAS = ("circular", "lifted")


def log_ns(lo: int, hi: int, count: int) -> list[int]:
    return sorted({int(round(x)) for x in np.geomspace(lo, hi, count)})


def row_plan(K: tuple[float, float], tier: str) -> dict[str, Any]:
    """n values and seeds for one table row at a depth tier (see the module docstring)."""
    g = max(K)
    if tier == "quick":
        return {"ns": log_ns(8, 64, 5), "seeds": 4}
    if tier == "standard":
        if g <= 2:
            return {"ns": log_ns(8, 2000, 9), "seeds": 12}
        if g <= 2.5:
            return {"ns": log_ns(8, 1000, 8), "seeds": 12}
        if g <= 3:
            return {"ns": log_ns(8, 300, 7), "seeds": 8}
        return {"ns": [8, 16, 32], "seeds": 2}
    if g <= 3:
        return {"ns": log_ns(5, 3000, 30), "seeds": 20}
    return {"ns": log_ns(4, 64, 10), "seeds": 8}


def cap_for(K: tuple[float, float], normalization: str, tier: str = "paper") -> int:
    if normalization == "softmax":
        # Standard tier: gamma* = 5 runs are capped at 5e5 steps (about 30 s each here).
        return 500_000 if tier == "standard" and max(K) > 3 else 2_000_000
    return 20_000 if max(K) >= 3 else 200_000


def table_rows(tier: str) -> list[tuple[tuple[float, float], float]]:
    if tier == "quick":
        return PAPER_TABLE[:2]
    return PAPER_TABLE


@contextmanager
def store_lock():
    """Exclusive lock on the shared store (xdist workers wait instead of duplicating runs)."""
    STORE.root.mkdir(parents=True, exist_ok=True)
    with open(STORE.root / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def sweep_rows(K: tuple[float, float], normalization: str, ns: list[int], seeds: int, max_steps: int,
               integrator: str = "euler") -> list[dict[str, Any]]:
    """Run (or read back) one (K, normalization) sweep in this process; rows of spec + result."""
    specs = grid([K], ns, range(seeds), normalizations=(normalization,), integrator=integrator,
                 max_steps=max_steps)
    with store_lock():
        res = run_sweep(specs, STORE, **sweep_backend())
    return res.rows()


def sweep_backend() -> dict[str, Any]:
    """Where the claim tests' sweeps run (the numbers do not depend on it: runs are content-addressed).

    Default: in this process (pytest-xdist already spreads the tests over the cores).
    ``METASTAB_SCHEDULER=tcp://host:8786`` sends them to a Dask cluster and
    ``METASTAB_WORKERS=N`` to N local processes, for the paper tier's long sweeps;
    ``METASTAB_PROGRESS=1`` shows a progress bar with ETA (run pytest with ``-s``).
    """
    import os

    scheduler = os.environ.get("METASTAB_SCHEDULER") or None
    workers_env = os.environ.get("METASTAB_WORKERS", "1")
    try:
        workers = int(workers_env)
        if workers < 1:
            raise ValueError
    except ValueError:
        raise ValueError(f"METASTAB_WORKERS: expected a positive integer, got {workers_env!r}") from None
    return {"workers": workers, "scheduler": scheduler,
            "progress": os.environ.get("METASTAB_PROGRESS", "") not in ("", "0")}


def table_sweep(tier: str) -> dict[tuple[tuple[float, float], str], dict[str, Any]]:
    """Every table row under both normalizations: runs, plan and cap."""
    out = {}
    for K, _paper in table_rows(tier):
        plan = row_plan(K, tier)
        for norm in NORMALIZATIONS:
            cap = cap_for(K, norm, tier)
            out[(K, norm)] = {"rows": sweep_rows(K, norm, plan["ns"], plan["seeds"], cap),
                              "plan": plan, "cap": cap}
    return out


def fit_row(runs: list[dict[str, Any]], sigma: str, n_boot: int = 1000) -> dict[str, Any]:
    """C, D, bootstrap CI of C, residual per n, and the n left out for not escaping."""
    from numeric.scaling import bootstrap_log_law, fit_log_law, points_from_runs

    pts = points_from_runs(runs, sigma)
    out: dict[str, Any] = {"left_out": pts["dropped"], "n_fitted": sorted({int(x) for x in pts["n"]})}
    if len(out["n_fitted"]) < 2:
        out.update(C=None, D=None, ci=None, residual_per_n=None, rms=None)
        return out
    fit = fit_log_law(pts["n"], pts["T"])
    ci = bootstrap_log_law(pts["n"], pts["T"], n_boot=n_boot)
    res_n = {int(v): float(np.mean(fit["residuals"][pts["n"] == v])) for v in out["n_fitted"]}
    out.update(C=fit["C"], D=fit["D"], ci=ci["C_ci"], residual_per_n=res_n, rms=fit["rms"],
               mean_T={int(v): float(np.mean(pts["T"][pts["n"] == v])) for v in out["n_fitted"]})
    return out


def label(K: tuple[float, float]) -> str:
    return f"diag({K[0]:g},{K[1]:g})"


#: A CI is "resolved" when its width is at most this multiple of the paper's C: wider
#: intervals contain almost any value and cannot confirm a table entry.
RESOLVED_WIDTH = 1.0


def classify(C: float | None, ci: list[float] | None, paper: float) -> str:
    """reproduced / unresolved (paper inside a CI wider than the paper's C) / disagrees / no-fit."""
    if C is None or ci is None:
        return "no-fit"
    lo, hi = ci
    if not lo <= paper <= hi:
        return "disagrees"
    return "reproduced" if hi - lo <= RESOLVED_WIDTH * paper else "unresolved"


_TABLE_CACHE: dict[str, list[dict[str, Any]]] = {}


def table_fits(tier: str) -> list[dict[str, Any]]:
    """One entry per (row, normalization, sigma): the evidence rows of table-C."""
    if tier in _TABLE_CACHE:
        return _TABLE_CACHE[tier]
    data = table_sweep(tier)
    out = []
    for K, paper in table_rows(tier):
        for norm in NORMALIZATIONS:
            d = data[(K, norm)]
            for sigma in SIGMAS:
                f = fit_row(d["rows"], sigma)
                status = classify(f["C"], f["ci"], paper)
                out.append({
                    "K": [K[0], K[1]], "label": label(K), "gamma_star": max(K), "aniso": K[1] - K[0],
                    "paper_C": paper, "C": f["C"], "ci": f["ci"], "D": f["D"],
                    "ratio": None if f["C"] is None else f["C"] / paper, "status": status,
                    "normalization": norm, "sigma": sigma, "n_values": d["plan"]["ns"],
                    "seeds": d["plan"]["seeds"], "step_cap": d["cap"], "n_fitted": f["n_fitted"],
                    "left_out": f["left_out"], "residual_per_n": f["residual_per_n"],
                    "mean_T": f.get("mean_T"), "rms_residual": f["rms"],
                })
    _TABLE_CACHE[tier] = out
    return out


def cut_text(tier: str) -> str:
    lines = []
    for K, _ in table_rows(tier):
        p = row_plan(K, tier)
        lines.append(f"{label(K)}: n in {p['ns']}, seeds 0..{p['seeds'] - 1}, step cap "
                     f"{cap_for(K, 'softmax', tier):.0e} (softmax) / "
                     f"{cap_for(K, 'uniform', tier):.0e} (uniform)")
    return "; ".join(lines)


def table_rows_from(fits: list[dict[str, Any]]) -> list[tuple[tuple[float, float], float]]:
    """The (K, paper C) rows present in ``fits``, in table order."""
    present = {tuple(x["K"]) for x in fits}
    return [(K, p) for K, p in PAPER_TABLE if K in present]
