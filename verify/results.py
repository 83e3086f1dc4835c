"""Build the machine-readable ``results.json`` document."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from verify import provenance
from verify.ledger import load_ledger
from verify.verdicts import fold

SCHEMA = 1


def build_results(records: list[dict[str, Any]], *, depth: str, root: Path,
                  wall_time_s: float, selected: tuple[str, ...] | None = None) -> dict[str, Any]:
    claims = fold(load_ledger(), records)
    return {
        "schema": SCHEMA,
        "depth": depth,
        "commit": provenance.git_commit(root),
        "generated": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "wall_time_s": round(wall_time_s, 1),
        "versions": provenance.versions(),
        "machine": provenance.machine(),
        "selected": list(selected) if selected else None,
        "seeds": f"Hypothesis derandomized (profile metastab-{depth}); simulation seeds are recorded "
                 "in each claim's evidence",
        "claims": claims,
    }
