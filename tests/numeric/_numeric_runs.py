"""Shared, cached Euler ensembles for the phase claims (one run per process per config).

Each configuration runs the paper's protocol (explicit Euler, h = 0.1, stop at
circular sigma_theta < 0.05) from ``numeric.initial.uniform_angles(n, seeds)``
and is summarised per seed: phase segmentation (:mod:`numeric.phases`), the
cluster state early in the plateau (:mod:`numeric.clusters`), which cluster
absorbed the other, and the stability diagnostic.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from numeric.clusters import antipodal_gap, cluster_axis, detect_clusters
from numeric.initial import uniform_angles
from numeric.integrators import euler_run
from numeric.phases import segment_phases

#: Snapshots every 25 steps up to 2000: the plateau-entry state is read from them.
SNAPS = tuple(range(0, 2001, 25))


@cache
def phase_ensemble(K: tuple[float, float], normalization: str, n: int, seeds: tuple[int, ...],
                   cap: int) -> dict:
    run = euler_run(uniform_angles(n, list(seeds)), K, normalization, max_steps=cap,
                    snapshot_steps=SNAPS, check_every=250)
    rows = []
    for i, seed in enumerate(seeds):
        seg = segment_phases(run.speed[i])
        row = {"seed": seed, "T": int(run.T["circular"][i]), "T_lifted": int(run.T["lifted"][i]),
               "capped": bool(run.capped[i]), "t1": seg["t1"], "t3": seg["t3"],
               "plateau_share": seg["plateau_share"],
               "drop_median": seg["plateau_median_ratio"], "drop_min": seg["plateau_min_ratio"],
               "max_h_rate": float(run.max_h_rate[i]),
               "euler_unstable": bool(run.unstable_steps[i])}
        # Cluster state: first snapshot at least 25 steps into the plateau (or at t1).
        row.update({"clusters_at_plateau": None, "antipodal_gap": None, "axis": None,
                    "absorbed_by_heavier": None})
        if seg["t1"] is not None:
            end = seg["t3"] if seg["t3"] is not None else seg["T"]
            cand = [s for s in SNAPS if seg["t1"] + 25 <= s < end]
            if cand:
                cl = detect_clusters(run.snapshots[cand[0]][i])
                row["clusters_at_plateau"] = cl.count
                row["plateau_snapshot_step"] = cand[0]
                if cl.count == 2:
                    row["antipodal_gap"] = antipodal_gap(cl)
                    row["axis"] = cluster_axis(cl)
                    if not run.capped[i]:
                        # Phase III: which plateau cluster is nearer the consensus point?
                        final = np.angle(np.mean(np.exp(1j * run.theta_final[i])))
                        dist = np.abs(np.angle(np.exp(1j * (cl.positions - final))))
                        heavier = cl.masses[0] > cl.masses[1]
                        row["absorbed_by_heavier"] = bool(dist[0] < dist[1]) if heavier else None
        if not run.capped[i]:
            row["final_clusters"] = detect_clusters(run.theta_final[i]).count
        rows.append(row)
    return {"K": K, "normalization": normalization, "n": n, "seeds": list(seeds), "cap": cap,
            "rows": rows, "speed": run.speed, "snapshots": run.snapshots,
            "theta_final": run.theta_final}


def configs(depth) -> list[tuple[tuple[float, float], str, int, tuple[int, ...], int]]:
    """(K, normalization, n, seeds, step cap) per tier; the caps exceed the observed T."""
    s = tuple(range(depth.pick(quick=6, standard=20)))
    out = [((2.0, 5.0), "uniform", 100, s, 5000),      # the paper's K; h=0.1 is Euler-unstable here
           ((1.0, 2.5), "uniform", 100, s, 20000),
           ((1.0, 2.5), "softmax", 100, s, 40000),
           ((2.0, 3.0), "softmax", 100, s, 60000)]
    if depth.at_least("standard"):
        out += [((2.0, 3.0), "softmax", 30, s, 60000), ((2.0, 3.0), "softmax", 300, s, 80000),
                ((1.0, 2.5), "uniform", 1000, s[:8], 20000)]
    if depth.at_least("paper"):
        out += [((2.0, 5.0), "softmax", 100, s, 1_000_000)]
    return out


def summarise(ens: dict) -> dict:
    """Quantiles over seeds of the per-seed statistics (ignores missing values)."""
    rows = ens["rows"]

    def q(key):
        vals = np.array([r[key] for r in rows if r.get(key) is not None], dtype=float)
        if vals.size == 0:
            return None
        return {"min": float(vals.min()), "median": float(np.median(vals)), "max": float(vals.max()),
                "count": int(vals.size)}

    return {"K": f"diag({ens['K'][0]:g},{ens['K'][1]:g})", "normalization": ens["normalization"],
            "n": ens["n"], "seeds": f"{ens['seeds'][0]}..{ens['seeds'][-1]}", "cap": ens["cap"],
            "capped": sum(r["capped"] for r in rows),
            "euler_unstable": sum(r["euler_unstable"] for r in rows),
            "T": q("T"), "t1": q("t1"), "plateau_share": q("plateau_share"),
            "drop_median": q("drop_median"), "drop_min": q("drop_min"),
            "two_clusters": sum(r["clusters_at_plateau"] == 2 for r in rows),
            "T_lifted_equals_T_circular": sum(r["T_lifted"] == r["T"] for r in rows if not r["capped"]),
            "T_lifted_never_reached": sum(r["T_lifted"] < 0 for r in rows if not r["capped"]),
            "antipodal_gap": q("antipodal_gap"), "max_h_rate": q("max_h_rate")}


def scope(depth, stable_only: bool = True) -> str:
    """Human-readable scope of the ensembles at this tier (for verdict summaries)."""
    cf = configs(depth)
    ns = sorted({c[2] for c in cf})
    ks = sorted({f"diag({c[0][0]:g},{c[0][1]:g}) {c[1]}" for c in cf
                 if not (stable_only and c[0] == (2.0, 5.0) and c[1] == "uniform")})
    counts = sorted({len(c[3]) for c in cf}, reverse=True)
    seeds = f"seeds 0..{counts[0] - 1}"
    if len(counts) > 1:
        other = [f"n = {c[2]}: 0..{len(c[3]) - 1}" for c in cf if len(c[3]) != counts[0]]
        seeds += " (" + ", ".join(other) + ")"
    return f"n in {ns}, {'; '.join(ks)}, {seeds}"


@cache
def s2_run(normalization: str, seed: int, steps: int) -> dict:
    """Projected Euler (h = 0.1) on S^2, n = 100, K = diag(1, 2, 6), from uniform_sphere(100, 3, seed)."""
    from numeric.initial import uniform_sphere
    from numeric.integrators import sphere_euler_run

    snaps = (0, 50, 200, steps)
    out = sphere_euler_run(uniform_sphere(100, 3, seed), np.diag([1.0, 2.0, 6.0]), normalization,
                           max_steps=steps, snapshot_steps=snaps)
    return out
