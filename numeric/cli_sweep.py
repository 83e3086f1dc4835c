"""``metastab sweep``: a resumable (K, n, seed) sweep of the escape time, with the C ln n + D fit.

Example (the paper's isotropic protocol for diag(2, 2), softmax, 2 local cores)::

    metastab sweep --K 2,2 --n 5:3000:30 --seeds 20 --normalization softmax

Interrupt it (Ctrl-C or kill -9) and rerun the same command: finished runs are
read back from the store (``--store``, default ``.metastab-cache/sweep``).
``--scheduler tcp://host:8786`` runs the same tasks on a Dask cluster.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import numpy as np

from numeric.scaling import bootstrap_log_law, fit_log_law, points_from_runs
from numeric.sweep import ResultStore, grid, run_sweep


def parse_K(text: str) -> tuple[float, float]:
    """'a,b' -> (a, b)."""
    try:
        a, b = (float(x) for x in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--K: expected a,b (e.g. 2,5), got {text!r}") from None
    return a, b


def parse_ns(text: str) -> list[int]:
    """'lo:hi:count' (log-spaced, rounded, distinct) or a comma list '5,10,20'."""
    try:
        if ":" in text:
            lo, hi, count = text.split(":")
            lo_i, hi_i, k = int(lo), int(hi), int(count)
            if lo_i < 2 or hi_i < lo_i or k < 1:
                raise ValueError
            ns = sorted({int(round(x)) for x in np.geomspace(lo_i, hi_i, k)})
        else:
            ns = sorted({int(x) for x in text.split(",")})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--n: expected lo:hi:count or a list n1,n2,..., got {text!r}") from None
    if ns[0] < 2:
        raise argparse.ArgumentTypeError("--n: particle counts must be >= 2")
    return ns


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--K", type=parse_K, action="append", required=True,
                        help="a,b for K = diag(a, b); repeat for several")
    parser.add_argument("--n", type=parse_ns, required=True, help="lo:hi:count (log-spaced) or n1,n2,...")
    parser.add_argument("--seeds", type=int, default=20, help="seeds 0..S-1 per point (default 20)")
    parser.add_argument("--normalization", choices=("uniform", "softmax", "both"), default="softmax")
    parser.add_argument("--sigma", choices=("circular", "lifted"), default="circular",
                        help="sigma_theta reading used in the printed fit (both are stored)")
    parser.add_argument("--integrator", choices=("euler", "ode"), default="euler")
    parser.add_argument("--h", type=float, default=0.1, help="Euler step (default 0.1)")
    parser.add_argument("--max-steps", type=int, default=100_000, help="step cap per run")
    parser.add_argument("--method", choices=("auto", "lean-direct", "fourier"), default="auto")
    parser.add_argument("--workers", type=int, default=None, help="local processes (default: all cores)")
    parser.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786")
    parser.add_argument("--chunk", type=int, default=4, help="seeds per task (default 4)")
    parser.add_argument("--store", default=None, help="result store (default .metastab-cache/sweep)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def summarize(rows: list[dict[str, Any]], sigma: str) -> list[dict[str, Any]]:
    """Per (K, normalization): C, D, bootstrap CI of C, and the n left out (not escaped)."""
    out = []
    keys = sorted({(r["a"], r["b"], r["normalization"], r["integrator"]) for r in rows})
    for a, b, norm, integ in keys:
        sub = [r for r in rows
               if (r["a"], r["b"], r["normalization"], r["integrator"]) == (a, b, norm, integ)]
        pts = points_from_runs(sub, sigma)
        entry: dict[str, Any] = {"K": [a, b], "normalization": norm, "integrator": integ, "sigma": sigma,
                                 "runs": len(sub), "not_escaped": pts["dropped"]}
        if len(np.unique(pts["n"])) >= 2:
            fit = fit_log_law(pts["n"], pts["T"])
            ci = bootstrap_log_law(pts["n"], pts["T"], n_boot=500)
            entry.update(C=fit["C"], D=fit["D"], C_ci=ci["C_ci"], rms=fit["rms"])
        else:
            entry.update(C=None, D=None, C_ci=None, rms=None)
        out.append(entry)
    return out


def run(args: argparse.Namespace) -> int:
    if args.seeds < 1:
        raise ValueError(f"seeds: expected a positive integer, got {args.seeds}")
    norms = ("uniform", "softmax") if args.normalization == "both" else (args.normalization,)
    specs = grid(args.K, args.n, range(args.seeds), normalizations=norms, integrator=args.integrator,
                 h=args.h, max_steps=args.max_steps, method=args.method)
    store = ResultStore(args.store) if args.store else ResultStore()
    res = run_sweep(specs, store, workers=args.workers, scheduler=args.scheduler, chunk=args.chunk,
                    progress=not args.no_progress)
    summary = {"runs": len(specs), "reused": res.reused, "computed": res.computed,
               "not_escaped": res.caps, "fits": summarize(res.rows(), args.sigma)}
    if args.json:
        print(json.dumps(summary, indent=2, sort_keys=True))
    else:
        print(f"{len(specs)} runs: {res.reused} reused, {res.computed} computed; "
              f"not escaped: {res.caps or 'none'}", file=sys.stderr)
        for f in summary["fits"]:
            C = "n/a" if f["C"] is None else f"{f['C']:.4g} [{f['C_ci'][0]:.4g}, {f['C_ci'][1]:.4g}]"
            D = "n/a" if f["D"] is None else f"{f['D']:.4g}"
            print(f"K=diag({f['K'][0]:g},{f['K'][1]:g}) {f['normalization']:<8} {f['integrator']:<5} "
                  f"sigma={f['sigma']}: C = {C}, D = {D}, n left out: {len(f['not_escaped'])}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m numeric.cli_sweep ...`` (same as ``metastab sweep ...``)."""
    parser = argparse.ArgumentParser(prog="metastab sweep", description=__doc__.splitlines()[0])
    add_arguments(parser)
    try:
        return run(parser.parse_args(argv))
    except ValueError as exc:
        print(f"metastab sweep: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
