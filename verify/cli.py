"""``metastab``: the command line.

``metastab verify`` runs the claim tests at a depth tier and writes reports;
``metastab claims`` lists the ledger; ``metastab report`` re-renders markdown
from a ``results.json``.  Simulation, benchmark and sweep subcommands live
next to the engines they drive (``numeric.cli_*``) and are registered below.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from verify.depth import TIERS
from verify.ledger import UnknownClaimError, check_claim_ids, load_ledger

#: subcommand -> module defining ``add_arguments(parser)`` and ``run(args) -> int``
EXTENSIONS = {
    "simulate": ("numeric.cli_simulate", "simulate the dynamics for one (K, n, seed)"),
    "bench": ("numeric.cli_bench", "time one Euler step: engine against the direct reference"),
    "sweep": ("numeric.cli_sweep", "run a resumable (K, n, seed) sweep for the scaling law"),
    "escape": ("numeric.cli_escape", "measure escape rates from the bipodal saddle in mpmath"),
}


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error message instead of usage plus error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def _claim_list(text: str) -> list[str]:
    ids = [c.strip() for c in text.split(",") if c.strip()]
    try:
        check_claim_ids(ids)
    except UnknownClaimError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return ids


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="metastab", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    v = sub.add_parser("verify", help="run the claim tests and write the reports")
    v.add_argument("--depth", choices=TIERS, default="standard",
                   help="depth tier (default: standard, the main job)")
    v.add_argument("--claims", type=_claim_list, default=None,
                   help="comma-separated ledger ids to check (default: all)")
    v.add_argument("--report-dir", default="reports", help="output folder (default: reports)")
    v.add_argument("-n", "--workers", default="auto",
                   help="pytest-xdist workers: a number, or auto (default)")
    v.add_argument("pytest_args", nargs="*", help="extra arguments passed to pytest after --")

    c = sub.add_parser("claims", help="list the ledger's claim ids")
    c.add_argument("--json", action="store_true", help="print JSON")

    r = sub.add_parser("report", help="re-render markdown from a results.json")
    r.add_argument("results", type=Path, help="path to results.json")
    r.add_argument("--out", type=Path, default=None, help="folder (default: beside results.json)")

    for name, (module, help_text) in EXTENSIONS.items():
        p = sub.add_parser(name, help=help_text)
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            p.set_defaults(_unavailable=module)
            continue
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def _verify(args: argparse.Namespace) -> int:
    root = Path.cwd()
    if not (root / "tests").is_dir() or not (root / "pyproject.toml").is_file():
        print("metastab: error: run `metastab verify` from the metastab checkout "
              "(the folder holding pyproject.toml and tests/)", file=sys.stderr)
        return 2
    import pytest

    argv = ["--depth", args.depth, "--report-dir", args.report_dir]
    if args.workers not in ("0", "1"):
        argv += ["-n", args.workers]
    if args.claims:
        argv += ["--claims", ",".join(args.claims)]
    return int(pytest.main(argv + list(args.pytest_args)))


def _claims(args: argparse.Namespace) -> int:
    ledger = load_ledger()
    if args.json:
        print(json.dumps({cid: vars(c) for cid, c in ledger.items()}, indent=2))
    else:
        for cid, c in ledger.items():
            print(f"{cid:<34} {c.kind:<22} {c.section}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from verify.report import write_reports

    try:
        results = json.loads(args.results.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"metastab: error: results: cannot read {args.results}: {exc}", file=sys.stderr)
        return 2
    write_reports(results, args.out or args.results.parent)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "_unavailable", None):
        print(f"metastab: error: {args.command}: {args._unavailable} is not installed yet",
              file=sys.stderr)
        return 2
    if args.command == "verify":
        return _verify(args)
    if args.command == "claims":
        return _claims(args)
    if args.command == "report":
        return _report(args)
    try:
        return int(args._run(args))
    except ValueError as exc:
        # Model and engine functions raise ValueError naming the bad argument.
        print(f"metastab: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
