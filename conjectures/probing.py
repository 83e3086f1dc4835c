"""Probe framework: run a Hypothesis search, collect outcomes, record them as evidence.

A *probe* is one file ``conjectures/test_<ledger-id-ish>.py`` whose test(s)

1. carry ``@pytest.mark.claim("<ledger id>")`` (that is all the report needs:
   the verdict plugin folds every test's evidence into ``results.json``);
2. build a Hypothesis strategy for candidate inputs;
3. state the property the conjecture predicts, and either
   * :func:`find_any` a (shrunk) input that violates it, certify it and record it
     with :func:`record_refuted` (proposes REFUTED), or
   * :func:`explore` / :func:`assert_no_examples` and record the spent budget with
     :func:`record_survived` (never claims more than the budget explored);
4. contain a positive control: the same search on a planted case whose answer is
   known must find a violation (proving the probe can fail).

Hypothesis settings come from the tier profile the plugin loads
(``metastab-quick``/``-standard``/``-paper``: derandomised, ``database=None``), so a
probe never passes its own ``derandomize``/``database``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

T = TypeVar("T")
R = TypeVar("R")


def _profile_settings() -> settings:
    """The loaded tier profile (derandomised, database-free)."""
    return settings(settings.default)


def explore(strategy: st.SearchStrategy[T], fn: Callable[[T], R]) -> list[R]:
    """Run ``fn`` on every example the tier profile draws from ``strategy``; return the outputs.

    ``fn`` may call ``hypothesis.target`` to steer the search.  Nothing is shrunk
    (no example fails); the number of outputs is the budget actually spent.
    """
    if not isinstance(strategy, st.SearchStrategy):
        raise ValueError(f"strategy: expected a Hypothesis strategy, got {type(strategy).__name__}")
    if not callable(fn):
        raise ValueError("fn: expected a callable")
    out: list[R] = []

    @_profile_settings()
    @given(strategy)
    def _run(x: T) -> None:
        out.append(fn(x))

    _run()
    return out


def find_any(strategy: st.SearchStrategy[T], condition: Callable[[T], bool]) -> T | None:
    """The shrunk (minimal) example satisfying ``condition``, or None within the tier budget."""
    if not isinstance(strategy, st.SearchStrategy):
        raise ValueError(f"strategy: expected a Hypothesis strategy, got {type(strategy).__name__}")
    if not callable(condition):
        raise ValueError("condition: expected a callable")
    from hypothesis import find

    try:
        return find(strategy, condition, settings=_profile_settings())
    except NoSuchExample:
        return None


def assert_no_examples(strategy: st.SearchStrategy[T], condition: Callable[[T], bool]) -> int:
    """Assert that no drawn example satisfies ``condition``; return the number of examples tried."""
    seen: list[int] = []

    def _cond(x: T) -> bool:
        seen.append(1)
        return bool(condition(x))

    hit = find_any(strategy, _cond)
    if hit is not None:
        raise AssertionError(f"example found: {hit!r}")
    return len(seen)


@dataclass
class Budget:
    """What a search explored: examples, n range and parameter ranges actually drawn."""

    examples: int = 0
    n_values: list[int] = field(default_factory=list)
    params: dict[str, list[float]] = field(default_factory=dict)

    def add(self, n: int, **params: float) -> None:
        self.examples += 1
        self.n_values.append(int(n))
        for k, v in params.items():
            self.params.setdefault(k, []).append(float(v))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"examples": self.examples}
        if self.n_values:
            out["n_range"] = [min(self.n_values), max(self.n_values)]
            out["distinct_n"] = sorted(set(self.n_values))
        for k, v in self.params.items():
            out[f"{k}_range"] = [round(min(v), 6), round(max(v), 6)]
        return out


def record_survived(evidence: Any, prefix: str, budget: Budget, what: str) -> dict[str, Any]:
    """Record that the probe found nothing: the budget and what was explored, nothing more."""
    b = budget.as_dict()
    evidence.record(f"{prefix}search_budget", b, caption=f"Search budget spent: {what}")
    return b


def json_roundtrip(obj: Any) -> Any:
    """What a reader of results.json sees (proves a record is plain JSON and re-checkable)."""
    from verify.evidence import to_jsonable

    return json.loads(json.dumps(to_jsonable(obj)))


def record_refuted(evidence: Any, counterexamples: Sequence[dict[str, Any]], *,
                   name: str = "counterexamples") -> None:
    """Store the certified counterexamples under ``claims[id].evidence.<name>``.

    Each must carry ``K``, ``theta`` (list), ``structure``, ``residual`` and ``certified``.
    """
    required = ("K", "theta", "structure", "residual", "certified")
    for i, c in enumerate(counterexamples):
        missing = [k for k in required if k not in c]
        if missing:
            raise ValueError(f"counterexamples: entry {i} lacks {missing}")
    evidence.record(name, list(counterexamples),
                    caption="Counterexamples: K, theta, cluster structure, residual, certificate")


def plot_configuration(theta: np.ndarray, title: str, labels: Sequence[int] | None = None):
    """Tokens on the unit circle (one colour per cluster); returns a matplotlib figure."""
    import matplotlib.pyplot as plt

    theta = np.asarray(theta, dtype=float)
    fig, ax = plt.subplots(figsize=(3.6, 3.6))
    t = np.linspace(0, 2 * np.pi, 400)
    ax.plot(np.cos(t), np.sin(t), color="0.8", lw=1)
    if labels is None:
        ax.scatter(np.cos(theta), np.sin(theta), s=40, zorder=3)
    else:
        ax.scatter(np.cos(theta), np.sin(theta), c=np.asarray(labels), cmap="tab10", s=40, zorder=3)
    ax.set_aspect("equal")
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.25, 1.25)
    ax.set_title(title, fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
    fig.tight_layout()
    return fig
