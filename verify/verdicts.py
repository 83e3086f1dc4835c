"""Fold per-test evidence records into one verdict per ledger claim.

Rules (documented in the report's README):

* a claim no test covers, or whose tests were all skipped, is NOT CHECKED;
* any failed test makes it TEST FAILED (red): the suite could not establish
  anything, which is different from establishing that the paper is wrong;
* otherwise the proposals are ranked REFUTED > DISAGREES > VERIFIED >
  SUPPORTED > INCONCLUSIVE: one certified counterexample outweighs any amount
  of support, and a proof outweighs an inconclusive side experiment;
* a passing test that proposes nothing contributes evidence only; a claim
  whose tests all do so is INCONCLUSIVE;
* an empirical claim (kind numerical observation, scaling law or table) is
  judged on its measurements: a VERIFIED proposal there proves the theory
  behind the observation, not the observation, so when other proposals exist
  they decide the headline and the exact result is appended to the summary.
"""

from __future__ import annotations

from typing import Any

from verify.evidence import FAILED, STRENGTHS
from verify.ledger import Claim

RANK = ("REFUTED", "DISAGREES", "VERIFIED", "SUPPORTED", "INCONCLUSIVE")
EMPIRICAL_KINDS = ("numerical observation", "scaling law", "table")


def fold(ledger: dict[str, Claim], records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    by_claim: dict[str, list[dict[str, Any]]] = {cid: [] for cid in ledger}
    for rec in records:
        for cid in rec["claims"]:
            if cid in by_claim:
                by_claim[cid].append(rec)
    return {cid: _fold_one(ledger[cid], sorted(recs, key=lambda r: r["nodeid"]))
            for cid, recs in by_claim.items()}


def _fold_one(claim: Claim, recs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "section": claim.section, "quote": claim.quote, "kind": claim.kind,
        "evidence": {}, "items": [], "methods": [], "tests": [],
    }
    for rec in recs:
        prop = rec.get("proposal") or {}
        out["tests"].append({
            "nodeid": rec["nodeid"], "outcome": rec["outcome"],
            "verdict": prop.get("verdict"), "strength": prop.get("strength"),
            "summary": prop.get("summary") or rec.get("message"),
        })
        if rec.get("method"):
            out["methods"].append({"nodeid": rec["nodeid"], "text": rec["method"]})
        for item in rec.get("items", []):
            name = item["name"]
            key = name if name not in out["evidence"] else f"{name}~{rec['nodeid'].split('::')[-1]}"
            out["evidence"][key] = rec["values"][name]
            out["items"].append({**item, "name": key, "nodeid": rec["nodeid"]})

    ran = [r for r in recs if r["outcome"] != "skipped"]
    if not recs:
        return {**out, "verdict": "NOT CHECKED", "strength": None,
                "summary": "No test covers this claim yet."}
    if not ran:
        reasons = sorted({r.get("message") or "skipped" for r in recs})
        return {**out, "verdict": "NOT CHECKED", "strength": None,
                "summary": "All tests skipped: " + "; ".join(reasons)}
    failed = [r for r in ran if r["outcome"] == "failed"]
    if failed:
        msg = "; ".join(f"{r['nodeid']}: {r.get('message') or 'failed'}" for r in failed)
        return {**out, "verdict": FAILED, "strength": None, "summary": "Check failed - " + msg}
    proposals = [r["proposal"] for r in ran if r.get("proposal")]
    if not proposals:
        return {**out, "verdict": "INCONCLUSIVE", "strength": None,
                "summary": "Tests passed but none proposed a verdict."}
    theory: list[dict[str, Any]] = []
    if claim.kind in EMPIRICAL_KINDS:
        measured = [p for p in proposals if p["verdict"] != "VERIFIED"]
        if measured:
            theory = [p for p in proposals if p["verdict"] == "VERIFIED"]
            proposals = measured
    best = min(RANK.index(p["verdict"]) for p in proposals)
    verdict = RANK[best]
    deciding = [p for p in proposals if p["verdict"] == verdict]
    strength = min((p["strength"] for p in deciding), key=STRENGTHS.index)
    summary = " ".join(p["summary"] for p in deciding)
    if theory:
        summary += " Theory behind it, proved exactly: " + " ".join(p["summary"] for p in theory)
    return {**out, "verdict": verdict, "strength": strength, "summary": summary}
