"""pytest plugin: claim markers, the ``evidence`` fixture, verdicts and reports.

* ``@pytest.mark.claim("eq4-bipodal-spectrum")`` says which ledger claim(s) a
  test produces evidence for; unknown ids are a usage error at collection.
* ``@pytest.mark.depth("standard")`` runs a test only at that tier or deeper.
* The ``evidence`` fixture (:class:`verify.evidence.Evidence`) records values,
  tables, formulas and figures and proposes a verdict.
* ``pytest_runtest_makereport`` attaches the evidence to the report as a JSON
  string in ``user_properties``, so it reaches the controller under
  pytest-xdist exactly once per test; the controller folds the records into
  verdicts and writes ``results.json`` plus markdown in ``--report-dir``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from verify.depth import TIERS, Depth
from verify.evidence import Evidence
from verify.ledger import UnknownClaimError, check_claim_ids

_KEY = "metastab-evidence"
_EVIDENCE = pytest.StashKey[Evidence]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("metastab", "metastab claim verification")
    group.addoption("--depth", choices=TIERS, default="quick",
                    help="depth tier: quick (CI), standard (main job), paper (full protocols)")
    group.addoption("--report-dir", default="build/reports",
                    help="where results.json and the markdown reports go (default: build/reports)")
    group.addoption("--claims", default=None,
                    help="comma-separated ledger ids: run only the tests for these claims")
    group.addoption("--no-reports", action="store_true", help="do not write reports")


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _hypothesis_profiles(depth: str) -> None:
    """Derandomised, database-free Hypothesis profiles, one per tier (CI-reproducible)."""
    try:
        from hypothesis import HealthCheck, settings
    except ImportError:  # pragma: no cover - hypothesis is a hard dependency
        return
    common = dict(derandomize=True, database=None, deadline=None, print_blob=True,
                  suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("metastab-quick", max_examples=30, **common)
    settings.register_profile("metastab-standard", max_examples=200, **common)
    settings.register_profile("metastab-paper", max_examples=2000, **common)
    settings.load_profile(f"metastab-{depth}")


def pytest_configure(config: pytest.Config) -> None:
    depth = config.getoption("--depth")
    _hypothesis_profiles(depth)
    config.stash[_DEPTH] = Depth(depth)
    claims_opt = config.getoption("--claims")
    selected = None
    if claims_opt:
        selected = tuple(c.strip() for c in claims_opt.split(",") if c.strip())
        try:
            check_claim_ids(selected, what="claim id in --claims")
        except UnknownClaimError as exc:
            raise pytest.UsageError(str(exc)) from None
    config.stash[_SELECTED] = selected
    if not _is_worker(config):
        config.stash[_COLLECTOR] = _Collector(config)


_DEPTH = pytest.StashKey[Depth]()
_SELECTED = pytest.StashKey["tuple[str, ...] | None"]()
_COLLECTOR = pytest.StashKey["_Collector"]()


def _claims_of(item: pytest.Item) -> tuple[str, ...]:
    ids: list[str] = []
    for mark in item.iter_markers("claim"):
        ids.extend(mark.args)
    return tuple(dict.fromkeys(ids))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    depth = config.stash[_DEPTH]
    selected = config.stash[_SELECTED]
    keep, drop = [], []
    for item in items:
        ids = _claims_of(item)
        try:
            check_claim_ids(ids, what=f"claim id in {item.nodeid}")
        except UnknownClaimError as exc:
            raise pytest.UsageError(str(exc)) from None
        for mark in item.iter_markers("depth"):
            tier = mark.args[0] if mark.args else None
            if tier not in TIERS:
                raise pytest.UsageError(f"{item.nodeid}: depth marker needs one of {TIERS}")
            if not depth.at_least(tier):
                item.add_marker(pytest.mark.skip(reason=f"needs --depth {tier} or deeper"))
        if selected is not None and not set(ids) & set(selected):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def depth(request: pytest.FixtureRequest) -> Depth:
    """The run's depth tier; ``depth.pick(quick=..., standard=..., paper=...)`` sizes work."""
    return request.config.stash[_DEPTH]


@pytest.fixture
def evidence(request: pytest.FixtureRequest) -> Evidence:
    """Recorder for the claim(s) named by the test's ``claim`` marker."""
    ids = _claims_of(request.node)
    if not ids:
        raise pytest.UsageError(f"{request.node.nodeid}: the evidence fixture needs a "
                                "@pytest.mark.claim(...) marker")
    report_dir = Path(request.config.rootpath, request.config.getoption("--report-dir"))
    ev = Evidence(ids, request.node.nodeid, report_dir, request.config.stash[_DEPTH].name)
    request.node.stash[_EVIDENCE] = ev
    return ev


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]):
    report = yield
    ids = _claims_of(item)
    if not ids:
        return report
    # One record per test: from the call phase, or from setup when it never got there.
    final_setup = report.when == "setup" and not report.passed
    if report.when == "call" or final_setup or (report.when == "teardown" and report.failed):
        ev = item.stash.get(_EVIDENCE, None)
        payload = ev.payload() if ev is not None else {
            "claims": list(ids), "nodeid": item.nodeid, "values": {}, "items": [],
            "method": None, "proposal": None}
        payload["outcome"] = report.outcome
        payload["phase"] = report.when
        payload["message"] = _message(report)
        report.user_properties.append((_KEY, json.dumps(payload, sort_keys=True)))
    return report


def _message(report: pytest.TestReport) -> str | None:
    if report.skipped and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    if report.failed:
        text = getattr(report, "longreprtext", "") or str(report.longrepr)
        lines = [ln for ln in text.splitlines() if ln.startswith("E ")]
        return (lines[0][1:].strip() if lines else text.strip().splitlines()[-1])[:300]
    return None


class _Collector:
    """Controller-side store of evidence records, keyed by test id (no duplicates)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.records: dict[str, dict[str, Any]] = {}
        self.started = time.time()
        self.results: dict[str, Any] | None = None

    def add(self, report: pytest.TestReport) -> None:
        for key, value in report.user_properties:
            if key == _KEY:
                rec = json.loads(value)
                # teardown failures override an earlier pass of the same test
                if rec["nodeid"] not in self.records or rec["outcome"] == "failed":
                    self.records[rec["nodeid"]] = rec


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    if _is_worker(session.config):
        return
    collector = session.config.stash[_COLLECTOR]

    class _Listener:
        @pytest.hookimpl
        def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
            collector.add(report)

    session.config.pluginmanager.register(_Listener(), "metastab-evidence-listener")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if _is_worker(config) or config.getoption("--no-reports") or config.option.collectonly:
        return
    if exitstatus in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR):
        return
    from verify.report import write_reports
    from verify.results import build_results

    collector = config.stash[_COLLECTOR]
    results = build_results(
        list(collector.records.values()), depth=config.stash[_DEPTH].name,
        root=config.rootpath, wall_time_s=time.time() - collector.started,
        selected=config.stash[_SELECTED],
    )
    out = Path(config.rootpath, config.getoption("--report-dir"))
    write_reports(results, out)
    collector.results = results
    collector.out = out  # type: ignore[attr-defined]


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if _is_worker(config) or _COLLECTOR not in config.stash:
        return
    results = config.stash[_COLLECTOR].results
    if not results:
        return
    from collections import Counter

    counts = Counter(c["verdict"] for c in results["claims"].values())
    tr = terminalreporter
    tr.section("metastab verdicts")
    for cid, claim in results["claims"].items():
        if claim["verdict"] != "NOT CHECKED" or results.get("selected") is None:
            tr.write_line(f"{claim['verdict']:<13} {cid}")
    tr.write_line(", ".join(f"{n} {v}" for v, n in sorted(counts.items())) +
                  f"  (depth {results['depth']}; reports in {config.stash[_COLLECTOR].out})")
