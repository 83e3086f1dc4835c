"""The claim ledger: one TOML file listing every claim with a stable id."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

KINDS = frozenset({
    "derivation", "identity", "spectrum", "numerical observation",
    "scaling law", "table", "conjecture", "extension",
})


@dataclass(frozen=True)
class Claim:
    id: str
    section: str
    quote: str
    kind: str


class UnknownClaimError(ValueError):
    """Raised for a claim id that is not in the ledger."""


@lru_cache(maxsize=1)
def load_ledger() -> dict[str, Claim]:
    """All claims, in ledger order, keyed by id."""
    text = resources.files("verify").joinpath("ledger.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)["claims"]
    claims = {}
    for cid, entry in raw.items():
        claim = Claim(id=cid, section=entry["section"], quote=entry["quote"], kind=entry["kind"])
        if claim.kind not in KINDS:
            raise ValueError(f"ledger.toml: claim {cid!r} has unknown kind {claim.kind!r}")
        claims[cid] = claim
    return claims


def check_claim_ids(ids: list[str] | tuple[str, ...], *, what: str = "claim id") -> None:
    """Raise :class:`UnknownClaimError` naming every id that is not in the ledger."""
    known = load_ledger()
    bad = [i for i in ids if i not in known]
    if bad:
        raise UnknownClaimError(
            f"unknown {what}: {', '.join(repr(b) for b in bad)} "
            f"(see `metastab claims` for the {len(known)} ledger ids)"
        )
