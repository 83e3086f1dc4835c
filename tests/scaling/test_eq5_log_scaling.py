"""eq5-log-scaling: is T(n) ~ C ln n + D a better description than a power law, on held-out n?"""

from __future__ import annotations

import numpy as np
import pytest
import scaling_common as sc

from numeric.scaling import held_out_comparison, points_from_runs


@pytest.mark.claim("eq5-log-scaling")
def test_log_law_against_power_law(evidence, depth):
    """Paper, eq. (5): 'the convergence time follows a logarithmic law, T(n) ~ C(K) ln n + D(K)'."""
    data = sc.table_sweep(depth.name)
    holdout = 2
    rows = []
    for (K, norm), d in data.items():
        pts = points_from_runs(d["rows"], "circular")
        distinct = np.unique(pts["n"])
        row = {"K": sc.label(K), "normalization": norm, "n_fitted": [int(x) for x in distinct]}
        if len(distinct) < holdout + 3:
            row["result"] = f"too few n ({len(distinct)}) for a held-out test"
            rows.append(row)
            continue
        cmp = held_out_comparison(pts["n"], pts["T"], holdout=holdout)
        row.update(held_out_n=cmp["held_out_n"], observed=cmp["observed_mean_T"],
                   pred_log=cmp["pred_log"], pred_power=cmp["pred_power"], rel_rms_log=cmp["rel_rms_log"],
                   rel_rms_power=cmp["rel_rms_power"], power_exponent=cmp["train_p"], result=cmp["better"])
        rows.append(row)
    evidence.method(
        "Runs of the table-C sweep (sigma circular; same n ranges, seeds and cuts). Per row and "
        f"normalization, both laws are fitted on all but the {holdout} largest n: C ln n + D (least "
        "squares on T) and A n^p (least squares on ln T). Each predicts the mean T at the held-out n; "
        "score = RMS relative error of that prediction. A row needs at least 5 distinct n. Cuts: "
        + sc.cut_text(depth.name))
    evidence.table("held_out", rows, caption="log law vs power law, judged on the largest n")
    tally = {}
    for norm in sc.NORMALIZATIONS:
        res = [r["result"] for r in rows if r["normalization"] == norm and r["result"] in ("log", "power")]
        tally[norm] = {"log": res.count("log"), "power": res.count("power")}
    evidence.record("wins", tally, caption="rows where each law predicted the held-out n better")
    judged = sum(v["log"] + v["power"] for v in tally.values())
    assert all(r["result"] for r in rows)
    if judged == 0:
        evidence.verdict("INCONCLUSIVE", f"No row has enough n for a held-out test at depth {depth.name}.",
                         strength="statistical")
        return
    verdicts = []
    for v in tally.values():
        total = v["log"] + v["power"]
        if total < 3:
            verdicts.append("too few rows")  # two rows cannot make a two-thirds majority mean much
            continue
        # A clear majority (two thirds) of the rows must prefer one law for a call either way.
        if v["log"] >= 2 * total / 3:
            verdicts.append("log")
        elif v["power"] >= 2 * total / 3:
            verdicts.append("power")
        else:
            verdicts.append("mixed")
    summary = f"held-out wins per normalization {tally} (depth {depth.name})"
    if all(x == "log" for x in verdicts):
        evidence.verdict("SUPPORTED", f"C ln n + D predicts the largest n better than A n^p: {summary}.",
                         strength="statistical")
    elif all(x == "power" for x in verdicts):
        evidence.verdict("DISAGREES", f"A power law predicts the largest n better: {summary}.",
                         strength="statistical")
    else:
        evidence.verdict("INCONCLUSIVE", f"Neither law wins clearly: {summary}.", strength="statistical")
