"""Render ``results.json`` into markdown: one index table and one page per claim.

Rendering is a pure function of the results document, so the pages are
deterministic apart from the provenance block each one ends with.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from verify.atomic import atomic_write_json, atomic_write_text

BADGE = {
    "VERIFIED": "✅ VERIFIED", "SUPPORTED": "☑️ SUPPORTED", "REFUTED": "❌ REFUTED",
    "DISAGREES": "⚠️ DISAGREES", "INCONCLUSIVE": "❔ INCONCLUSIVE",
    "NOT CHECKED": "⬜ NOT CHECKED", "TEST FAILED": "🔴 TEST FAILED",
}

VERDICT_HELP = """\
| verdict | meaning |
|---|---|
| ✅ VERIFIED | proved exactly (SymPy) or certified (interval arithmetic) |
| ☑️ SUPPORTED | numerical evidence agrees within a stated tolerance |
| ❌ REFUTED | a counterexample or contradiction, given with its evidence |
| ⚠️ DISAGREES | the paper's number is not reproduced within tolerance |
| ❔ INCONCLUSIVE | the evidence does not decide either way |
| ⬜ NOT CHECKED | no test of this tier covers the claim |
| 🔴 TEST FAILED | a check of the suite itself failed: no conclusion about the paper |

When several tests bear on one claim, REFUTED > DISAGREES > VERIFIED > SUPPORTED >
INCONCLUSIVE, and any failed test makes the claim TEST FAILED. An empirical claim (a numerical
observation, scaling law or table) is judged on its measurements: an exact proof of the theory
behind it is listed in its summary but does not make the observation VERIFIED.
"""


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, (list, dict)):
        text = json.dumps(v, sort_keys=True)
        return text if len(text) <= 120 else text[:117] + "..."
    return str(v).replace("|", "\\|").replace("\n", " ")


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "_(empty table)_\n"
    cols: list[str] = []
    for row in rows:
        cols.extend(k for k in row if k not in cols)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in rows:
        lines.append("| " + " | ".join(_fmt(row.get(c, "")) for c in cols) + " |")
    return "\n".join(lines) + "\n"


def _render_item(item: dict[str, Any], value: Any) -> str:
    name, kind, cap = item["name"], item["kind"], item.get("caption")
    head = f"**{name}**" + (f" - {cap}" if cap else "")
    if kind == "latex":
        return f"{head}\n\n$$\n{value}\n$$\n"
    if kind == "figure":
        return f"{head}\n\n![{cap or name}](../{value})\n"
    if kind == "table" or (isinstance(value, list) and value and all(isinstance(r, dict) for r in value)):
        return f"{head}\n\n{_table(value)}"
    if isinstance(value, dict):
        rows = [{"key": k, "value": v} for k, v in value.items()]
        return f"{head}\n\n{_table(rows)}"
    if isinstance(value, list) and len(json.dumps(value)) > 120:
        return f"{head}\n\n```json\n{json.dumps(value, indent=1)}\n```\n"
    return f"- {head}: {_fmt(value)}\n"


def provenance_block(results: dict[str, Any]) -> str:
    v = results["versions"]
    pk = ", ".join(f"{k} {val}" for k, val in sorted(v.items()))
    mach = ", ".join(f"{k} {val}" for k, val in sorted(results["machine"].items()))
    return (
        "\n---\n<details><summary>Provenance</summary>\n\n"
        f"- depth: `{results['depth']}`\n- commit: `{results['commit']}`\n"
        f"- generated: {results['generated']}\n- wall time: {results['wall_time_s']} s\n"
        f"- machine: {mach}\n- seeds: {results['seeds']}\n- versions: {pk}\n"
        "\n</details>\n"
    )


def render_claim(cid: str, claim: dict[str, Any], results: dict[str, Any]) -> str:
    out = [f"# `{cid}` - {BADGE[claim['verdict']]}\n",
           f"**Paper:** {claim['section']}  \n**Kind:** {claim['kind']}  \n"
           f"**Evidence strength:** {claim['strength'] or '-'}\n",
           f"> {claim['quote']}\n", f"**Summary.** {claim['summary']}\n"]
    if claim["methods"]:
        out.append("## Method\n")
        for m in claim["methods"]:
            out.append(f"*`{m['nodeid']}`*\n\n{m['text']}\n")
    if claim["items"]:
        out.append("## Evidence\n")
        for item in claim["items"]:
            out.append(_render_item(item, claim["evidence"][item["name"]]))
    out.append("## Tests\n")
    if claim["tests"]:
        out.append(_table([{"test": f"`{t['nodeid']}`", "outcome": t["outcome"],
                            "verdict": t["verdict"] or "-", "strength": t["strength"] or "-",
                            "summary": t["summary"] or ""} for t in claim["tests"]]))
    else:
        out.append("No test covers this claim at this depth.\n")
    out.append("## What would change the verdict\n")
    out.append(_what_would_change(claim["verdict"]))
    out.append(provenance_block(results))
    return "\n".join(out)


def _what_would_change(verdict: str) -> str:
    return {
        "VERIFIED": "An error in the derivation's assumptions (stated above), or a failing "
                    "numerical twin of the proof.\n",
        "SUPPORTED": "A deeper tier (more seeds, larger n, tighter tolerances) that moves the "
                     "measured numbers outside the stated tolerance, or an exact proof.\n",
        "REFUTED": "Finding an error in the counterexample's certificate; the certificate is "
                   "re-checked by the test suite on every run.\n",
        "DISAGREES": "A model choice (normalization, sigma definition, integrator) not tried "
                     "here that reproduces the paper's number; all tried choices are listed.\n",
        "INCONCLUSIVE": "More budget, or a sharper test statistic.\n",
        "NOT CHECKED": "A test that covers this claim (or running a deeper tier).\n",
        "TEST FAILED": "Fixing the failing check; until then nothing is concluded.\n",
    }[verdict]


def _in_ledger_order(claims: dict[str, Any]) -> list[tuple[str, Any]]:
    """results.json sorts its keys; pages follow the ledger (the paper's order)."""
    from verify.ledger import load_ledger

    order = {cid: i for i, cid in enumerate(load_ledger())}
    return sorted(claims.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))


#: A sentence ends at ". " before a capital letter, except after an abbreviation such as "eq." or "e.g.".
_SENTENCE_END = re.compile(r"(?<!\beq)(?<!\beqs)(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)\.\s+(?=[A-Z(])")


def one_line(summary: str, width: int = 160) -> str:
    """The first sentence of a summary for the index table, cut to ``width`` characters with an ellipsis."""
    first = _SENTENCE_END.split(summary, maxsplit=1)[0]
    return first if len(first) <= width else first[: width - 1].rstrip() + "…"


def render_index(results: dict[str, Any]) -> str:
    from collections import Counter

    counts = Counter(c["verdict"] for c in results["claims"].values())
    rows = []
    for cid, c in _in_ledger_order(results["claims"]):
        summary = one_line(c["summary"])
        rows.append({"claim": f"[`{cid}`](claims/{cid}.md)", "paper": c["section"],
                     "verdict": BADGE[c["verdict"]], "evidence": c["strength"] or "-",
                     "summary": summary})
    head = (
        "# metastab verification report\n\n"
        "Per-claim verdicts for *Metastability in the transformer attention dynamics* "
        f"(depth tier **{results['depth']}**, commit `{results['commit'][:12]}`).\n\n"
        + ", ".join(f"{n} {BADGE[v]}" for v, n in sorted(counts.items())) + "\n\n"
    )
    return head + _table(rows) + "\n" + VERDICT_HELP + provenance_block(results)


def write_reports(results: dict[str, Any], out: Path) -> None:
    """Write ``results.json``, ``README.md`` and ``claims/<id>.md`` atomically under ``out``."""
    out = Path(out)
    atomic_write_json(out / "results.json", results)
    for cid, claim in results["claims"].items():
        atomic_write_text(out / "claims" / f"{cid}.md", render_claim(cid, claim, results))
    for stale in (out / "claims").glob("*.md"):
        if stale.stem not in results["claims"]:
            stale.unlink()
    atomic_write_text(out / "README.md", render_index(results))
