"""Phase I: "the system rapidly forms two nearly antipodal clusters within a few hundred Euler steps"."""

import pytest
from _numeric_runs import configs, phase_ensemble, scope, summarise

from numeric.figures import circle_snapshots
from numeric.phases import segment_phases


@pytest.mark.claim("phase1-rapid-clustering")
def test_phase1_rapid_clustering(evidence, depth):
    """Introduction: 'the system rapidly forms two nearly antipodal clusters within a few hundred
    Euler steps'."""
    table, by_n = [], {}
    for cfg in configs(depth):
        ens = phase_ensemble(*cfg)
        table.append(summarise(ens))
        for r in ens["rows"]:
            if r["euler_unstable"]:
                continue
            ok_n, tot_n = by_n.get(ens["n"], (0, 0))
            # "within a few hundred steps": plateau entered by step 500; two clusters there,
            # antipodal to within 0.5 rad (our reading of "nearly antipodal").
            ok = (r["t1"] is not None and r["t1"] <= 500 and r["clusters_at_plateau"] == 2
                  and r["antipodal_gap"] is not None and r["antipodal_gap"] < 0.5)
            by_n[ens["n"]] = (ok_n + ok, tot_n + 1)
    large = [v for n, v in by_n.items() if n >= 100]
    stable_ok, stable_total = sum(v[0] for v in large), sum(v[1] for v in large)
    evidence.method(
        "Explicit Euler h = 0.1 from i.i.d. uniform angles (numeric.initial.uniform_angles, seeds "
        "listed per row), stopped at circular sigma_theta < 0.05 or the step cap. Phase I ends at "
        "t1 = start of the longest run of steps with mean speed < 0.1 x (median speed of steps 0-9) "
        "(numeric.phases). Clusters (numeric.clusters, cut at gaps > 0.5 rad) are read from the first "
        "25-step snapshot at least 25 steps into that plateau. A seed counts as confirming if t1 <= 500, "
        "exactly two clusters, and |pi - separation| < 0.5 rad. Seeds whose run violated the explicit "
        "Euler stability limit (h x stiffest diagonal rate >= 2, checked every 250 steps, at steps 2^k "
        "and at the last step) are excluded "
        "and counted separately. The verdict counts n >= 100; smaller n is reported per n.")
    evidence.table("num_runs", table, caption="Per configuration: quantiles over seeds (t1 in steps).")
    ens0 = phase_ensemble(*configs(depth)[3])
    snaps = {s: ens0["snapshots"][s][0] for s in (0, 50, 100, 300, 1000)}
    snaps[ens0["rows"][0]["T"]] = ens0["theta_final"][0]
    evidence.figure("snapshots", circle_snapshots(snaps, "K = diag(2,3), softmax, n = 100, seed 0"),
                    caption="Particles on the circle: random start, two antipodal clusters, consensus.")
    evidence.table("confirming_by_n", [{"n": n, "confirming": v[0], "stable_runs": v[1]}
                                       for n, v in sorted(by_n.items())],
                   caption="Euler-stable runs forming two nearly antipodal clusters by step 500, per n.")
    small = {n: v for n, v in sorted(by_n.items()) if n < 100}
    small_text = "".join(f"; at n = {n} only {v[0]}/{v[1]} (some runs skip the bipodal phase or "
                         f"leave it within ~25 steps)" for n, v in small.items() if v[0] < v[1])
    unstable = [t for t in table if t["euler_unstable"]]
    evidence.record("euler_unstable_configs", [f"{t['K']} {t['normalization']} n={t['n']}" for t in unstable],
                    caption="Configurations where h = 0.1 Euler is unstable: no plateau is formed.")
    assert stable_total > 0
    assert segment_phases(ens0["speed"][0])["t1"] is not None  # the segmentation ran on real data
    share = stable_ok / stable_total
    # The verdict is about n >= 100 (the paper's n = 100 and above); smaller n is reported.
    if share >= 0.9:
        evidence.verdict(
            "SUPPORTED",
            f"{stable_ok}/{stable_total} Euler-stable runs with n >= 100 ({scope(depth)}) form two "
            f"nearly antipodal clusters by step 500{small_text}; K = diag(2,5) with the "
            f"uniform normalization is Euler-unstable at h = 0.1 and forms no lasting clusters.",
            strength="statistical")
    else:
        evidence.verdict("INCONCLUSIVE", f"only {stable_ok}/{stable_total} stable runs with n >= 100 "
                         f"confirm{small_text}",
                         strength="statistical")
