"""Depth tiers: how much work a run does.

``quick`` is the default ``tox`` run (CI), ``standard`` is the main job
(``tox -e verify``) whose reports are committed, ``paper`` follows the
paper's full protocols and may take hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

TIERS = ("quick", "standard", "paper")
T = TypeVar("T")


@dataclass(frozen=True)
class Depth:
    name: str

    def __post_init__(self) -> None:
        if self.name not in TIERS:
            raise ValueError(f"depth: unknown tier {self.name!r}; choose one of {', '.join(TIERS)}")

    @property
    def level(self) -> int:
        return TIERS.index(self.name)

    def at_least(self, tier: str) -> bool:
        return self.level >= Depth(tier).level

    def pick(self, quick: T, standard: T | None = None, paper: T | None = None) -> T:
        """The value for this tier; an omitted tier inherits the one below it."""
        values = [quick, standard, paper]
        for i in range(self.level, -1, -1):
            if values[i] is not None:
                return values[i]  # type: ignore[return-value]
        return quick
