"""Resumable sweeps: expand a grid into runs, compute the missing ones, store each at once.

Method.  :func:`grid` expands (K, n, seed, normalization, integrator) into
:class:`RunSpec` s (the sigma_theta reading is not a grid axis of the
*simulation*: every Euler run records T for both readings, see
:mod:`numeric.escape_time`).  :func:`run_sweep` looks every spec up in the
store; the missing ones are grouped into tasks of at most ``chunk`` seeds
sharing everything but the seed (integrated as one (seeds, n) array), the
tasks run on a backend (serial, local processes, or Dask), and each task's
records are written to the store as soon as the task returns.  Killing the
sweep loses at most the tasks in flight; rerunning the same command reuses
every stored run, and since a run's numbers depend only on its spec the
final result is the same as an uninterrupted sweep, with one record per run.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from numeric.escape_time import euler_escape_steps, ode_escape_time, resolve_method
from numeric.sweep.backends import make_backend
from numeric.sweep.store import ResultStore, RunSpec

SIGMAS = ("circular", "lifted")


def grid(Ks: Iterable[Sequence[float]], ns: Iterable[int], seeds: Iterable[int], *,
         normalizations: Iterable[str] = ("softmax",), integrator: str = "euler", h: float = 0.1,
         threshold: float = 0.05, max_steps: int = 100_000, method: str = "auto") -> list[RunSpec]:
    """All runs of the grid, in a fixed order (K, normalization, n, seed)."""
    out = []
    seeds = [int(s) for s in seeds]
    ns = [int(n) for n in ns]
    if not seeds:
        raise ValueError("seeds: expected at least one seed")
    if not ns:
        raise ValueError("ns: expected at least one n")
    for K in Ks:
        if len(K) != 2:
            raise ValueError(f"Ks: expected (a, b) pairs, got {K!r}")
        a, b = float(K[0]), float(K[1])
        for norm in normalizations:
            for n in ns:
                m = resolve_method(method, n, a, b)
                for s in seeds:
                    out.append(RunSpec(a, b, n, s, norm, integrator, float(h), float(threshold),
                                       int(max_steps), m))
    return out


def compute_task(specs: Sequence[RunSpec]) -> list[dict[str, Any]]:
    """Results of runs that share everything but the seed (one batched Euler run, or ODE per seed)."""
    s0 = specs[0]
    if any(s.batch_key() != s0.batch_key() for s in specs):
        raise ValueError("specs: a task must share everything but the seed")
    if s0.integrator == "euler":
        return euler_escape_steps((s0.a, s0.b), s0.n, [s.seed for s in specs],
                                  normalization=s0.normalization, sigmas=SIGMAS, h=s0.h,
                                  threshold=s0.threshold, max_steps=s0.max_steps, method=s0.method)
    return [ode_escape_time((s.a, s.b), s.n, s.seed, normalization=s.normalization,
                           sigmas=("circular",), h=s.h, threshold=s.threshold,
                           max_steps=s.max_steps, method=s.method) for s in specs]


def plan_tasks(specs: Sequence[RunSpec], chunk: int) -> list[list[RunSpec]]:
    """Group specs into tasks of <= ``chunk`` seeds sharing a batch key (first-seen order)."""
    if int(chunk) != chunk or chunk < 1:
        raise ValueError(f"chunk: expected a positive integer, got {chunk!r}")
    groups: dict[tuple[Any, ...], list[RunSpec]] = {}
    for s in specs:
        groups.setdefault(s.batch_key(), []).append(s)
    tasks = []
    for g in groups.values():
        for i in range(0, len(g), chunk):
            tasks.append(g[i:i + chunk])
    return tasks


@dataclass
class SweepResult:
    """Records aligned with the specs, plus what this invocation did."""

    specs: list[RunSpec]
    results: list[dict[str, Any]]
    reused: int
    computed: int
    seconds: float
    caps: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        return [{**s.as_dict(), **r} for s, r in zip(self.specs, self.results, strict=True)]


def count_caps(results: Sequence[dict[str, Any]]) -> dict[str, int]:
    """How many runs did not escape, per sigma reading and status (capped / split-consensus)."""
    caps: dict[str, int] = {}
    for r in results:
        for k, v in r.items():
            if k.startswith("status_") and v != "escaped":
                name = f"{k[len('status_'):]}:{v}"
                caps[name] = caps.get(name, 0) + 1
    return dict(sorted(caps.items()))


def run_sweep(specs: Sequence[RunSpec], store: ResultStore | None = None, *, workers: int | None = None,
              scheduler: str | None = None, chunk: int = 4, progress: bool = False,
              backend: Any = None) -> SweepResult:
    """Compute the specs not yet in ``store`` and return all results in ``specs`` order.

    ``workers``: local processes (default: all cores; 1 = in this process);
    ``scheduler``: a Dask scheduler address, which takes precedence; ``backend``:
    an already-built backend (tests).  ``progress`` shows a tqdm bar with ETA.
    """
    t0 = time.perf_counter()
    store = store if store is not None else ResultStore()
    specs = list(specs)
    if len({s.key() for s in specs}) != len(specs):
        raise ValueError("specs: the grid lists a run twice")
    results: list[dict[str, Any] | None] = [store.get(s) for s in specs]
    missing = [s for s, r in zip(specs, results, strict=True) if r is None]
    reused = len(specs) - len(missing)
    pos = {s.key(): i for i, s in enumerate(specs)}
    if missing:
        tasks = plan_tasks(missing, chunk)
        own = backend is None
        be = backend if backend is not None else make_backend(workers, scheduler)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(specs), initial=reused, unit="run", desc="sweep")
        try:
            for i, res in be.imap_unordered(compute_task, tasks):
                for spec, r in zip(tasks[i], res, strict=True):
                    store.put(spec, r)
                    results[pos[spec.key()]] = r
                if bar is not None:
                    bar.update(len(tasks[i]))
        finally:
            if bar is not None:
                bar.close()
            if own:
                be.close()
    final = [r for r in results if r is not None]
    assert len(final) == len(specs)
    return SweepResult(specs, final, reused, len(missing), time.perf_counter() - t0, count_caps(final))
