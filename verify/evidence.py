"""Evidence a claim test records, and the verdict it proposes.

A test gets an :class:`Evidence` through the ``evidence`` fixture.  Everything
recorded is converted to plain JSON at once (so it can travel from a
pytest-xdist worker to the controller) and keyed by name; names are unique
within a claim and become ``results.json``'s ``claims[id].evidence[name]``.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

VERDICTS = ("VERIFIED", "SUPPORTED", "REFUTED", "DISAGREES", "INCONCLUSIVE", "NOT CHECKED")
#: The verdict a claim gets when one of its tests fails: the suite itself broke.
FAILED = "TEST FAILED"
#: Strongest first (the developers' guide's order of preference).
STRENGTHS = ("symbolic", "interval-certified", "high-precision", "numerical", "statistical")
#: VERIFIED means exact or certified; weaker evidence can at most support a claim.
VERIFYING_STRENGTHS = frozenset({"symbolic", "interval-certified"})

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def to_jsonable(value: Any) -> Any:
    """Plain-JSON form of numbers, arrays, mpmath/SymPy objects and containers.

    Non-finite floats become the strings ``"nan"``, ``"inf"``, ``"-inf"`` since
    strict JSON has no spelling for them; mpmath and SymPy numbers become
    decimal strings so no digit is lost.
    """
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    mod = type(value).__module__
    if mod.startswith("numpy"):
        import numpy as np

        if isinstance(value, np.ndarray):
            return to_jsonable(value.tolist())
        if isinstance(value, np.generic):
            return to_jsonable(value.item())
    if mod.startswith("mpmath"):
        import mpmath

        return mpmath.nstr(value, mpmath.mp.dps, strip_zeros=False) if hasattr(value, "real") else str(value)
    if mod.startswith("sympy"):
        return str(value)
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"evidence value of type {type(value).__name__} is not JSON-representable")


class Evidence:
    """Recorder bound to one test and the claim ids its ``claim`` marker names."""

    def __init__(self, claims: tuple[str, ...], nodeid: str, report_dir: Path, depth: str):
        self.claims = claims
        self.nodeid = nodeid
        self.report_dir = Path(report_dir)
        self.depth = depth
        self.values: dict[str, Any] = {}
        self.items: list[dict[str, Any]] = []
        self._verdict: dict[str, Any] | None = None
        self.method_text: str | None = None

    # -- recording -------------------------------------------------------
    def _add(self, kind: str, name: str, value: Any, caption: str | None) -> None:
        if not _NAME.match(name):
            raise ValueError(f"evidence name {name!r}: use letters, digits, '_', '.', '-'")
        if name in self.values:
            raise ValueError(f"evidence name {name!r} recorded twice in {self.nodeid}")
        self.values[name] = to_jsonable(value)
        self.items.append({"kind": kind, "name": name, "caption": caption})

    def record(self, name: str, value: Any, caption: str | None = None) -> None:
        """A number, string, list or dict."""
        self._add("value", name, value, caption)

    def table(self, name: str, rows: list[dict[str, Any]], caption: str | None = None) -> None:
        """Rows of a table, each a dict (columns in the first row's key order)."""
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise TypeError(f"evidence table {name!r}: rows must be a list of dicts")
        self._add("table", name, rows, caption)

    def latex(self, name: str, formula: Any, caption: str | None = None) -> None:
        """A formula; SymPy expressions are converted with ``sympy.latex``."""
        if not isinstance(formula, str):
            import sympy

            formula = sympy.latex(formula)
        self._add("latex", name, formula, caption)

    def figure(self, name: str, fig: Any, caption: str | None = None) -> Path:
        """Save a matplotlib figure under ``<report_dir>/figures/`` and record its path."""
        import matplotlib.pyplot as plt

        stem = f"{self.claims[0]}--{name}.png"
        path = self.report_dir / "figures" / stem
        path.parent.mkdir(parents=True, exist_ok=True)
        from io import BytesIO

        from verify.atomic import atomic_write_bytes

        buf = BytesIO()
        # No software/date metadata, so the same figure gives the same bytes.
        fig.savefig(buf, format="png", dpi=90, metadata={"Software": None})
        plt.close(fig)
        atomic_write_bytes(path, buf.getvalue())
        self._add("figure", name, f"figures/{stem}", caption)
        return path

    def method(self, text: str) -> None:
        """How the evidence was obtained (one paragraph of markdown)."""
        self.method_text = text

    def verdict(self, verdict: str, summary: str, *, strength: str) -> None:
        """Propose a verdict for the claim(s), with its evidence strength."""
        if verdict not in VERDICTS or verdict == "NOT CHECKED":
            raise ValueError(f"verdict {verdict!r}: use one of {VERDICTS[:-1]}")
        if strength not in STRENGTHS:
            raise ValueError(f"strength {strength!r}: use one of {STRENGTHS}")
        if verdict == "VERIFIED" and strength not in VERIFYING_STRENGTHS:
            raise ValueError(
                f"VERIFIED needs symbolic or interval-certified evidence, not {strength!r}; "
                "use SUPPORTED"
            )
        self._verdict = {"verdict": verdict, "summary": summary, "strength": strength}

    # -- transport -------------------------------------------------------
    def payload(self) -> dict[str, Any]:
        return {
            "claims": list(self.claims),
            "nodeid": self.nodeid,
            "values": self.values,
            "items": self.items,
            "method": self.method_text,
            "proposal": self._verdict,
        }
