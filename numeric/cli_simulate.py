"""``metastab simulate``: run the paper's Euler protocol for one (K, n, seed); write a figure and JSON.

S^1 (default): K = diag(a, b) given as ``--K a,b``; explicit Euler h = 0.1 until the
chosen sigma_theta < 0.05 or ``--max-steps``.  S^{d-1} (``--sphere-dim d``, d >= 3):
``--K`` gives the diagonal of K (d numbers); projected Euler.  Output (atomic writes):
``<out>/simulate-<tag>.png`` (snapshots and the mean speed with the phases shaded) and
``<out>/simulate-<tag>.json`` (T for both sigma readings, the phase segmentation with
its thresholds, clusters at plateau entry, the Euler-stability diagnostic).
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import numpy as np


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--K", required=True, help="diagonal of K, e.g. 2,5 (S^1) or 1,2,6 (S^2)")
    parser.add_argument("--n", type=int, default=100, help="number of particles (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    parser.add_argument("--normalization", default="uniform", choices=("uniform", "softmax"))
    parser.add_argument("--sphere-dim", type=int, default=2, help="d of S^{d-1} (default 2: the circle)")
    parser.add_argument("--h", type=float, default=0.1, help="Euler step (default 0.1, the paper's)")
    parser.add_argument("--max-steps", type=int, default=200_000, help="step cap (default 200000)")
    parser.add_argument("--sigma", default="circular", choices=("circular", "lifted"),
                        help="sigma_theta reading used to stop (default circular)")
    parser.add_argument("--out", default="build/simulate", help="output folder (default build/simulate)")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def _parse_K(text: str, d: int) -> np.ndarray:
    try:
        vals = np.array([float(x) for x in text.split(",")])
    except ValueError:
        raise ValueError(f"K: expected comma-separated numbers, got {text!r}") from None
    if vals.size != d:
        raise ValueError(f"K: expected {d} diagonal entries for --sphere-dim {d}, got {vals.size}")
    return vals


def run(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")
    from numeric.figures import circle_snapshots, speed_with_phases, sphere_scatter
    from numeric.phases import segment_phases
    from verify.atomic import atomic_write_bytes, atomic_write_json
    from verify.evidence import to_jsonable

    d = int(args.sphere_dim)
    if d < 2:
        raise ValueError(f"sphere-dim: expected at least 2, got {d}")
    if args.n < 2:
        raise ValueError(f"n: expected at least 2 particles, got {args.n}")
    if args.max_steps < 1:
        raise ValueError(f"max-steps: expected a positive integer, got {args.max_steps}")
    K = _parse_K(args.K, d)
    kdiag = ",".join(f"{k:g}" for k in K)
    tag = f"d{d}-K{'_'.join(f'{k:g}' for k in K)}-n{args.n}-s{args.seed}-{args.normalization}"
    out = Path(args.out)
    progress = not args.no_progress
    if d == 2:
        from numeric.clusters import detect_clusters
        from numeric.initial import uniform_angles
        from numeric.integrators import euler_run

        snaps = (0, 50, 200, 1000, 10_000)
        res = euler_run(uniform_angles(args.n, args.seed), tuple(K), args.normalization, h=args.h,
                        max_steps=args.max_steps, stop_kind=args.sigma,
                        snapshot_steps=tuple(s for s in snaps if s <= args.max_steps), progress=progress)
        seg = segment_phases(res.speed[0])
        summary = res.summary()
        summary["phases"] = seg
        shots = {s: v[0] for s, v in res.snapshots.items() if np.all(np.isfinite(v[0]))}
        shots[res.speed.shape[1] - 1] = res.theta_final[0]
        if seg["t1"] is not None:
            later = [s for s in shots if s >= seg["t1"]]
            if later:
                summary["clusters_at_plateau"] = {"step": min(later),
                                                  **detect_clusters(shots[min(later)]).as_dict()}
        summary["sigma_note"] = ("T.circular: circular std sqrt(-2 ln R) < 0.05; T.lifted: numpy std of the "
                                 "unwrapped angles < 0.05 (-1: not reached; it never is when the consensus "
                                 "straddles the 0/2pi cut of the initial angles)")
        fig_snap = circle_snapshots(shots, f"K = diag({kdiag}), n = {args.n}, seed {args.seed}, "
                                           f"{args.normalization}")
        speed = res.speed
    else:
        from numeric.initial import uniform_sphere
        from numeric.integrators import sphere_euler_run

        r = sphere_euler_run(uniform_sphere(args.n, d, args.seed), np.diag(K), args.normalization,
                             h=args.h, max_steps=args.max_steps, snapshot_steps=(0, 50, 200, 1000),
                             progress=progress)
        seg = segment_phases(r["speed"])
        summary = {"K": K.tolist(), "normalization": args.normalization, "h": args.h, "d": d,
                   "T": r["T"], "stop_statistic": "spread sqrt(-2 ln |mean x|) < 0.05",
                   "capped": r["T"] < 0, "norm_drift": r["norm_drift"], "phases": seg}
        shots = dict(r["snapshots"])
        shots[r["speed"].size - 1] = r["X_final"]
        fig_snap = sphere_scatter(shots, f"S^{d - 1}, K = diag({kdiag}), n = {args.n}, seed {args.seed}")
        speed = r["speed"][None, :]
    summary.update({"n": args.n, "seed": args.seed})
    fig_speed = speed_with_phases(speed, [seg], f"mean speed, {args.normalization}")
    for name, fig in (("snapshots", fig_snap), ("speed", fig_speed)):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=90, metadata={"Software": None})
        atomic_write_bytes(out / f"simulate-{tag}-{name}.png", buf.getvalue())
    atomic_write_json(out / f"simulate-{tag}.json", to_jsonable(summary))
    print(json.dumps(to_jsonable({"T": summary.get("T"), "phases": {k: seg[k] for k in
                                  ("t1", "t3", "plateau_share", "plateau_median_ratio")},
                                  "files": str(out / f"simulate-{tag}.json")})))
    return 0
