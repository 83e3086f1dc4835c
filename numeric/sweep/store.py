"""Content-addressed store of sweep runs: one plain JSON file per run, written atomically.

A run is one (K, n, seed, normalization, integrator, h, threshold, max_steps,
method) tuple, a :class:`RunSpec`.  Its key is the SHA-256 of the canonical
JSON of the spec together with :func:`model_version` (a hash of the model's
source and the escape-time code version), so a change of the model never
reuses stale numbers.  The file ``<root>/<key[:2]>/<key>.json`` holds the spec,
the model version and the result; it is written with
:func:`verify.atomic.atomic_write_json` (temporary file + ``os.replace``), so
a reader - or a rerun after ``kill -9`` - sees a whole record or none.  Stray
temporaries left by a kill (``.<name>.*.tmp``) are ignored and can be removed
with :meth:`ResultStore.clean_temporaries`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from verify.atomic import atomic_write_json

INTEGRATORS = ("euler", "ode")
DEFAULT_ROOT = Path(".metastab-cache") / "sweep"


@lru_cache(maxsize=1)
def model_version() -> str:
    """Hash of ``numeric/model.py`` (the field) and the escape-time code version."""
    import numeric.escape_time as et
    import numeric.model as model

    h = hashlib.sha256(Path(model.__file__).read_bytes())
    h.update(f"escape_time={et.ESCAPE_TIME_VERSION}".encode())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class RunSpec:
    """One run of a sweep: the escape time of one seed at one (K, n)."""

    a: float
    b: float
    n: int
    seed: int
    normalization: str = "softmax"
    integrator: str = "euler"
    h: float = 0.1
    threshold: float = 0.05
    max_steps: int = 100_000
    method: str = "lean-direct"

    def __post_init__(self) -> None:
        from numeric.validation import check_K2, check_normalization, check_step

        check_K2((self.a, self.b))
        check_normalization(self.normalization)
        check_step(self.h)
        if int(self.n) != self.n or self.n < 2:
            raise ValueError(f"n: expected an integer >= 2, got {self.n!r}")
        if int(self.seed) != self.seed or self.seed < 0:
            raise ValueError(f"seed: expected a non-negative integer, got {self.seed!r}")
        if self.integrator not in INTEGRATORS:
            raise ValueError(f"integrator: expected one of {INTEGRATORS}, got {self.integrator!r}")
        if int(self.max_steps) != self.max_steps or self.max_steps < 1:
            raise ValueError(f"max_steps: expected a positive integer, got {self.max_steps!r}")
        if self.method not in ("lean-direct", "fourier"):
            raise ValueError(f"method: expected a concrete evaluator, got {self.method!r}")

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["a"], d["b"], d["h"], d["threshold"] = (float(d["a"]), float(d["b"]), float(d["h"]),
                                                  float(d["threshold"]))
        d["n"], d["seed"], d["max_steps"] = int(d["n"]), int(d["seed"]), int(d["max_steps"])
        return d

    def batch_key(self) -> tuple[Any, ...]:
        """Everything but the seed: runs sharing it can be integrated in one array."""
        d = self.as_dict()
        d.pop("seed")
        return tuple(sorted(d.items()))

    def key(self) -> str:
        payload = json.dumps({"spec": self.as_dict(), "model_version": model_version()},
                             sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(payload.encode()).hexdigest()


class ResultStore:
    """A folder of run records keyed by :meth:`RunSpec.key`."""

    def __init__(self, root: str | os.PathLike[str] = DEFAULT_ROOT):
        self.root = Path(root)

    def path(self, spec: RunSpec) -> Path:
        k = spec.key()
        return self.root / k[:2] / f"{k}.json"

    def get(self, spec: RunSpec) -> dict[str, Any] | None:
        """The stored result of ``spec``, or None if it has not finished yet."""
        p = self.path(spec)
        try:
            rec = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        if rec.get("spec") != spec.as_dict() or rec.get("model_version") != model_version():
            raise ValueError(f"store: record {p} does not match its key (corrupted store?)")
        return rec["result"]

    def put(self, spec: RunSpec, result: dict[str, Any]) -> Path:
        """Store ``result`` atomically (rewriting an existing record gives the same bytes)."""
        return atomic_write_json(self.path(spec), {"spec": spec.as_dict(),
                                                   "model_version": model_version(),
                                                   "result": result})

    def records(self) -> Iterator[Path]:
        """Paths of all finished records (temporaries excluded)."""
        if not self.root.is_dir():
            return iter(())
        return iter(sorted(p for p in self.root.glob("??/*.json") if not p.name.startswith(".")))

    def temporaries(self) -> list[Path]:
        """Temporary files a killed writer left behind (never read as results)."""
        if not self.root.is_dir():
            return []
        return sorted(self.root.glob("??/.*.tmp"))

    def clean_temporaries(self) -> int:
        n = 0
        for p in self.temporaries():
            p.unlink(missing_ok=True)
            n += 1
        return n
