"""table-C and ext-normalization-consistency: the paper's fitted slopes C(K), measured four ways."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scaling_common as sc

COMBOS = [(norm, sig) for norm in sc.NORMALIZATIONS for sig in sc.SIGMAS]


def _method(tier: str) -> str:
    return (
        "Explicit Euler, h = 0.1, from i.i.d. uniform angles (``numeric.initial.uniform_angles``, "
        "seeded per (n, seed)); T = first step k with sigma_theta(theta_k) < 0.05, for both sigma "
        "readings (circular sqrt(-2 ln R); lifted = std of the unwrapped angles) in the same "
        "trajectory, under both normalizations (uniform Z_i = n, softmax Z_i = sum_j e^{w_ij}). "
        "Runs come from the resumable sweep engine (``numeric.sweep``, store ``.metastab-cache/sweep``). "
        "C, D: least squares of T on ln n over individual runs; interval: 95% percentile bootstrap "
        "over seeds, stratified by n (1000 resamples, fixed seed). An n at which any run did not "
        "escape (step cap, or lifted 'split consensus': particles meet on the circle one turn apart "
        "in the lift, so the lifted spread can never fall below 0.05) is left out of the fit and "
        "listed. Row status: reproduced = paper's C inside the interval and interval width <= paper C; "
        f"unresolved = inside a wider interval; disagrees = outside. Cuts at depth {tier}: "
        + sc.cut_text(tier)
    )


def _fmt(r: dict) -> str:
    if r["C"] is None:
        return "no fit"
    return f"{r['C']:.4g} [{r['ci'][0]:.3g}, {r['ci'][1]:.3g}] x{r['ratio']:.2f} {r['status']}"


def _side_by_side(fits: list[dict]) -> list[dict]:
    rows = []
    for K, paper in sc.table_rows_from(fits):
        row = {"K": sc.label(K), "gamma*": max(K), "paper C": paper}
        for norm, sig in COMBOS:
            r = next(x for x in fits if tuple(x["K"]) == K and x["normalization"] == norm
                     and x["sigma"] == sig)
            row[f"{norm}/{sig}"] = _fmt(r)
        rows.append(row)
    return rows


def _combo_scores(fits: list[dict]) -> dict[str, dict[str, int]]:
    out = {}
    for norm, sig in COMBOS:
        rs = [x for x in fits if x["normalization"] == norm and x["sigma"] == sig]
        out[f"{norm}/{sig}"] = {s: sum(r["status"] == s for r in rs)
                                for s in ("reproduced", "unresolved", "disagrees", "no-fit")}
    return out


def _best_combo(scores: dict[str, dict[str, int]]) -> str:
    return max(scores, key=lambda k: (scores[k]["reproduced"], -scores[k]["disagrees"],
                                      -scores[k]["no-fit"], k == "softmax/circular"))


def _figures(evidence, fits: list[dict], tier: str) -> None:
    rows = sc.table_rows_from(fits)
    cols = min(4, len(rows))
    nrow = math.ceil(len(rows) / cols)
    fig, axes = plt.subplots(nrow, cols, figsize=(3.2 * cols, 2.8 * nrow), squeeze=False)
    for ax, (K, paper) in zip(axes.flat, rows, strict=False):
        for norm, color in (("softmax", "C0"), ("uniform", "C3")):
            r = next(x for x in fits if tuple(x["K"]) == K and x["normalization"] == norm
                     and x["sigma"] == "circular")
            if r["C"] is None:
                continue
            ns = np.array(r["n_fitted"], dtype=float)
            ax.plot(np.log(ns), [r["mean_T"][int(v)] for v in ns], "o", color=color, ms=3,
                    label=f"{norm} (mean T)")
            x = np.linspace(np.log(ns.min()), np.log(ns.max()), 20)
            ax.plot(x, r["C"] * x + r["D"], "-", color=color, lw=1, label=f"C={r['C']:.3g}")
        ax.set_title(f"{sc.label(K)} (paper C={paper:g})", fontsize=8)
        ax.set_xlabel("ln n", fontsize=7)
        ax.set_ylabel("T (Euler steps)", fontsize=7)
        ax.tick_params(labelsize=6)
        ax.legend(fontsize=5)
    for ax in list(axes.flat)[len(rows):]:
        ax.axis("off")
    fig.tight_layout()
    evidence.figure("T_vs_ln_n", fig, caption=f"T against ln n per row (sigma circular), fitted "
                    f"C ln n + D; depth {tier}")

    fig, ax = plt.subplots(figsize=(5, 3.6))
    for norm, color in (("softmax", "C0"), ("uniform", "C3")):
        for iso, marker in ((True, "o"), (False, "D")):
            pts = [(x["gamma_star"], x["C"], x["ci"]) for x in fits if x["normalization"] == norm
                   and x["sigma"] == "circular" and x["C"] is not None and x["C"] > 0
                   and (x["aniso"] == 0) == iso]
            if pts:
                g, C, ci = zip(*pts, strict=True)
                lo = [max(c - lo_hi[0], 0) for c, lo_hi in zip(C, ci, strict=True)]
                hi = [lo_hi[1] - c for c, lo_hi in zip(C, ci, strict=True)]
                ax.errorbar(g, C, yerr=[lo, hi], fmt=marker, color=color, ms=4, capsize=2,
                            label=f"{norm} {'isotropic' if iso else 'anisotropic'}")
    for iso, marker in ((True, "o"), (False, "D")):
        pts = [(max(K), p) for K, p in rows if (K[0] == K[1]) == iso]
        if pts:
            g, C = zip(*pts, strict=True)
            ax.plot(g, C, marker, mfc="none", color="k", ms=6,
                    label=f"paper {'isotropic' if iso else 'anisotropic'}")
    ax.set_yscale("log")
    ax.set_xlabel("gamma* = max(a, b)")
    ax.set_ylabel("C")
    ax.legend(fontsize=6)
    fig.tight_layout()
    evidence.figure("C_vs_gamma", fig, caption="fitted C against gamma* (log scale): circles isotropic, "
                    "diamonds anisotropic; open black = the paper's table")


@pytest.mark.claim("table-C")
def test_table_C(evidence, depth):
    """Paper: 'diag(1.5,1.5) 16.8; diag(2,2) 43.2; diag(1,2) 135; diag(2.5,2.5) 132; diag(3,3) 405;
    diag(1,3) 1080; diag(5,5) 23885; diag(2,5) 66615'."""
    fits = sc.table_fits(depth.name)
    evidence.method(_method(depth.name))
    evidence.table("rows", fits, caption="every (row, normalization, sigma): C, 95% CI, D, residual per n")
    evidence.table("side_by_side", _side_by_side(fits),
                   caption="C [95% CI] x(ratio to paper) status, per model choice")
    scores = _combo_scores(fits)
    evidence.record("combination_scores", scores, caption="rows reproduced / unresolved / disagreeing "
                    "/ without a fit, per normalization/sigma")
    caps = {f"{r['label']} {r['normalization']}/{r['sigma']}": r["left_out"] for r in fits if r["left_out"]}
    evidence.record("not_escaped", caps, caption="n left out of a fit because some run hit the step cap "
                    "or ended in lifted split consensus (counts per n)")
    _figures(evidence, fits, depth.name)
    assert len(fits) == 4 * len(sc.table_rows(depth.name))
    assert all(r["C"] is None or math.isfinite(r["C"]) for r in fits)
    best = _best_combo(scores)
    evidence.record("best_combination", best)
    bn, bs = best.split("/")
    brows = [r for r in fits if r["normalization"] == bn and r["sigma"] == bs]
    bad = [r for r in brows if r["status"] in ("disagrees", "no-fit")]
    unres = [r for r in brows if r["status"] == "unresolved"]
    scope = f"depth {depth.name}, {len(brows)} rows"
    if bad:
        detail = "; ".join(f"{r['label']} C={r['C']:.4g} CI [{r['ci'][0]:.3g}, {r['ci'][1]:.3g}] vs "
                           f"paper {r['paper_C']:g}" if r["C"] is not None else f"{r['label']} no fit"
                           for r in bad)
        evidence.verdict("DISAGREES", f"Closest model choice {best} ({scope}) still misses "
                         f"{len(bad)} row(s): {detail}.", strength="statistical")
    elif unres:
        evidence.verdict("INCONCLUSIVE", f"{best} ({scope}): no row contradicts the paper, but "
                         f"{len(unres)} interval(s) are too wide to confirm "
                         f"({', '.join(r['label'] for r in unres)}).", strength="statistical")
    else:
        evidence.verdict("SUPPORTED", f"{best} reproduces every row within its 95% bootstrap "
                         f"interval ({scope}).", strength="statistical")


@pytest.mark.claim("ext-normalization-consistency")
def test_normalization_consistency(evidence, depth):
    """Which normalization (uniform Z_i = n or softmax) and which sigma_theta reproduce the table."""
    from symbolic.spectra import unstable_eigenvalue

    fits = sc.table_fits(depth.name)
    evidence.method(
        "Same runs and fits as table-C. Tie to the linear theory: with lambda = the balanced "
        "bipodal escape eigenvalue at gamma* (``symbolic.spectra.unstable_eigenvalue(2, 1, gamma*, "
        "normalization)``: e^-gamma uniform, e^-gamma/cosh(gamma) softmax), a plateau that grows a "
        "small initial imbalance delta0 ~ n^(-1/c) to O(1) lasts ln(n)/(c lambda) time units, i.e. "
        "C = 1/(c lambda h) steps. The constant c is measured per row as c = 1/(C lambda h); under "
        "the normalization whose escape rate governs T, c should not drift with gamma*. The same c is "
        "computed from the paper's own C values.")
    scores = _combo_scores(fits)
    evidence.record("combination_scores", scores)
    rows = []
    for K, paper in sc.table_rows_from(fits):
        g = max(K)
        row = {"K": sc.label(K), "gamma*": g, "paper C": paper}
        for norm in sc.NORMALIZATIONS:
            lam = float(unstable_eigenvalue(2, 1, g, norm))
            r = next(x for x in fits if tuple(x["K"]) == K and x["normalization"] == norm
                     and x["sigma"] == "circular")
            row[f"lambda_{norm}"] = lam
            row[f"c_paper_{norm}"] = 1.0 / (paper * lam * 0.1)
            row[f"c_measured_{norm}"] = (1.0 / (r["C"] * lam * 0.1) if r["C"] and r["C"] > 0 else None)
        rows.append(row)
    evidence.table("escape_rate_tie", rows, caption="c = 1/(C lambda h) from the paper's C and from the "
                   "measured C (circular sigma), per normalization")
    spread = {}
    for norm in sc.NORMALIZATIONS:
        cp = np.array([r[f"c_paper_{norm}"] for r in rows])
        spread[f"paper_{norm}"] = float(cp.max() / cp.min())
    evidence.record("c_paper_max_over_min", spread, caption="how much c drifts over the paper's rows "
                    "(1 = the paper's C is exactly 1/(c lambda h) with one c)")
    best = _best_combo(scores)
    assert set(scores) == {f"{n}/{s}" for n, s in COMBOS}
    nrows = len(sc.table_rows_from(fits))

    def misses(k: str) -> int:
        return scores[k]["disagrees"] + scores[k]["no-fit"]

    # Identified: the best combination misses at most one row in eight while every other
    # misses at least half of the rows.
    others = [k for k in scores if k != best]
    identified = misses(best) <= nrows // 8 and all(misses(k) >= nrows / 2 for k in others)
    detail = (f"scores {scores}; c = 1/(C lambda h) drifts by x{spread['paper_softmax']:.1f} over the "
              f"paper's rows with the softmax rate and x{spread['paper_uniform']:.0f} with the uniform one")
    if misses(best) == 0 and all(misses(k) >= nrows / 2 for k in others):
        evidence.verdict("SUPPORTED", f"Only {best} is consistent with every row at depth {depth.name}; "
                         f"{detail}.", strength="statistical")
    elif identified:
        bad = [r for r in fits if f"{r['normalization']}/{r['sigma']}" == best
               and r["status"] in ("disagrees", "no-fit")]
        evidence.verdict("SUPPORTED", f"The table is the {best} model: it is the only reading consistent "
                         f"with {nrows - misses(best)} of {nrows} rows (off: "
                         + ", ".join(f"{r['label']} x{r['ratio']:.2f}" for r in bad)
                         + f"); lifted sigma ends in split consensus (no finite T) and uniform Z_i = n "
                         f"misses most rows; {detail} (depth {depth.name}).", strength="statistical")
    else:
        evidence.verdict("INCONCLUSIVE", f"No single normalization/sigma stands out at depth {depth.name}: "
                         f"{detail}.", strength="statistical")
