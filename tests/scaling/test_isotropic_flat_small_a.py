"""isotropic-flat-small-a: isotropic T(n) looks flat on n in [100, 3000] for a <= 2, rises for a >= 3.5."""

from __future__ import annotations

import numpy as np
import pytest
import scaling_common as sc

from numeric.scaling import points_from_runs

#: A rise of 20% of T over the window is plainly visible on a linear T axis.
VISIBLE_RISE = 0.2


def _plan(tier: str) -> dict:
    if tier == "paper":
        return {"ns": sc.log_ns(100, 3000, 6), "small": (1.0, 1.5, 2.0), "large": (3.5, 4.0),
                "seeds_small": 20, "seeds_large": 8}
    return {"ns": [100, 300, 1000], "small": (1.5, 2.0), "large": (3.5,), "seeds_small": 8,
            "seeds_large": 4}


@pytest.mark.claim("isotropic-flat-small-a")
@pytest.mark.depth("standard")
def test_isotropic_flatness(evidence, depth):
    """Paper: 'For small a (e.g. a <= 2) this makes the isotropic curves appear nearly flat over the
    range n in [100, 3000]; for large a (e.g. a >= 3.5) the logarithmic growth is visible even in
    isotropic data'."""
    p = _plan(depth.name)
    evidence.method(
        f"Isotropic K = aI, explicit Euler h = 0.1, T = first step with circular sigma_theta < 0.05, at n = "
        f"{p['ns']}; a in {p['small']} with {p['seeds_small']} seeds, a in {p['large']} with "
        f"{p['seeds_large']} seeds, both normalizations (step caps as in the table sweep: 2e6 softmax; "
        "uniform 2e4 for a >= 3, where Euler h = 0.1 is unstable at consensus, else 2e5). Measure: "
        "relative rise (mean T at the largest n - mean T at the smallest) / mean T at the smallest, with a "
        "delta-method standard error over seeds. 'As stated' = every large-a rise exceeds every small-a "
        f"rise by more than 2 standard errors and is above {VISIBLE_RISE:.0%}; 'contradicted' = the reverse "
        f"by more than 2 standard errors. The window stops at n = {p['ns'][-1]} (cut) at this depth.")
    rows = []
    for norm in sc.NORMALIZATIONS:
        for a in p["small"] + p["large"]:
            seeds = p["seeds_small"] if a in p["small"] else p["seeds_large"]
            runs = sc.sweep_rows((a, a), norm, p["ns"], seeds, sc.cap_for((a, a), norm, depth.name))
            pts = points_from_runs(runs, "circular")
            row = {"normalization": norm, "a": a, "group": "small a" if a in p["small"] else "large a",
                   "left_out": pts["dropped"]}
            if len(np.unique(pts["n"])) == len(p["ns"]):
                m = [float(pts["T"][pts["n"] == n].mean()) for n in p["ns"]]
                se = [float(pts["T"][pts["n"] == n].std(ddof=1) / np.sqrt(np.sum(pts["n"] == n)))
                      for n in (p["ns"][0], p["ns"][-1])]
                rise = (m[-1] - m[0]) / m[0]
                # Delta method for the ratio m_last / m_first (the two means are independent).
                rise_se = float(np.hypot(se[1] / m[0], se[0] * m[-1] / m[0] ** 2))
                row.update(mean_T=dict(zip(p["ns"], m, strict=True)), rise=rise, rise_se=rise_se)
            rows.append(row)
    evidence.table("rise", rows, caption="relative rise of mean T over the n window")
    per_norm = {}
    for norm in sc.NORMALIZATIONS:
        mine = [r for r in rows if r["normalization"] == norm and "rise" in r]
        small = [r for r in mine if r["group"] == "small a"]
        large = [r for r in mine if r["group"] == "large a"]
        if not small or not large:
            per_norm[norm] = "no data (large a never escaped)" if small else "no data"
            continue
        # Two standard errors of the difference: the comparison must beat the seed noise.
        gaps = [(lg["rise"] - sm["rise"]) / np.hypot(lg["rise_se"], sm["rise_se"])
                for sm in small for lg in large]
        if min(gaps) > 2 and min(r["rise"] for r in large) > VISIBLE_RISE:
            per_norm[norm] = "as stated"
        elif max(gaps) < -2:
            per_norm[norm] = "contradicted"
        else:
            per_norm[norm] = "not resolved"
    evidence.record("reading", per_norm)
    assert all(np.isfinite(r["rise"]) for r in rows if "rise" in r)
    desc = "; ".join(f"{r['normalization']} a={r['a']:g}: rise {r['rise']:+.0%} +- {r['rise_se']:.0%}"
                     if "rise" in r else
                     f"{r['normalization']} a={r['a']:g}: not escaped" for r in rows)
    if all(v == "as stated" for v in per_norm.values()):
        evidence.verdict("SUPPORTED", f"{desc} (n {p['ns'][0]}..{p['ns'][-1]}).", strength="statistical")
    elif all(v == "contradicted" for v in per_norm.values()):
        evidence.verdict("DISAGREES", f"{desc} (n {p['ns'][0]}..{p['ns'][-1]}).", strength="statistical")
    else:
        evidence.verdict("INCONCLUSIVE", f"per normalization {per_norm}: {desc} (n {p['ns'][0]}.."
                         f"{p['ns'][-1]}).", strength="statistical")
