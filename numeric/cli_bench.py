"""``metastab bench``: time one batched Euler step, engine against the direct reference.

Prints a table, or JSON with ``--json``; ``--quick`` uses fewer repeats (one each).
"""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help="one timing per method (faster)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--n", default="100,1000,3000", help="comma-separated n (default 100,1000,3000)")
    parser.add_argument("--seeds", type=int, default=20, help="seeds batched per step (default 20)")
    parser.add_argument("--K", default="2,5", help="a,b of K = diag(a, b) (default 2,5)")
    parser.add_argument("--normalization", default="uniform", choices=("uniform", "softmax"))


def run(args: argparse.Namespace) -> int:
    from numeric.bench import bench_step

    try:
        ns = [int(x) for x in args.n.split(",") if x.strip()]
    except ValueError:
        raise ValueError(f"n: expected comma-separated integers, got {args.n!r}") from None
    if not ns or min(ns) < 2:
        raise ValueError(f"n: expected integers >= 2, got {args.n!r}")
    if args.seeds < 1:
        raise ValueError(f"seeds: expected a positive integer, got {args.seeds}")
    K = _parse_K(args.K)
    res = bench_step(ns, args.seeds, K, args.normalization,
                     repeats=1 if args.quick else 5, reference_repeats=1 if args.quick else 2)
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        kdiag = ",".join(f"{k:g}" for k in K)
        print(f"K = diag({kdiag}), {args.normalization}, {args.seeds} seeds batched, one Euler step")
        for r in res["rows"]:
            print(f"n={r['n']:>6}  engine {r['engine_s']:.4f} s  reference {r['reference_s']:.4f} s  "
                  f"speedup {r['speedup']:.0f}x")
        print(f"engine cost ~ n^{res['engine_cost_exponent_in_n']:.2f}")
    return 0


def _parse_K(text: str) -> tuple[float, ...]:
    try:
        vals = tuple(float(x) for x in text.split(","))
    except ValueError:
        raise ValueError(f"K: expected comma-separated numbers like 2,5, got {text!r}") from None
    return vals
