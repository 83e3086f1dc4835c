"""The verdict plugin itself, exercised with ``pytester`` (pytest-benchmark style).

A deliberately failing claim test must turn its claim red in the report, a
refutation must show as REFUTED (not as a failing test), evidence must reach
the controller exactly once under pytest-xdist, and bad input must be a
usage error.
"""

import json

import pytest

pytest_plugins = ["pytester"]

CLAIM_TESTS = '''
import pytest

@pytest.mark.claim("kuramoto-limit")
def test_verified(evidence):
    evidence.record("x", 1.5)
    evidence.table("rows", [{"n": 2, "ok": True}])
    evidence.latex("f", r"\\sin x")
    evidence.verdict("VERIFIED", "exact", strength="symbolic")

@pytest.mark.claim("prop1-mean-conservation")
def test_deliberately_failing(evidence):
    evidence.record("residual", 1.0)
    assert 1.0 < 1e-12, "residual too large"

@pytest.mark.claim("conj2-bipodal-only-equilibria")
def test_refutes(evidence):
    evidence.record("counterexamples", [{"theta": [0.0, 2.0, 4.0], "certified": True}])
    evidence.verdict("REFUTED", "a certified three-cluster equilibrium", strength="interval-certified")

@pytest.mark.claim("escape-rate")
@pytest.mark.depth("standard")
def test_deep_only(evidence):
    evidence.verdict("SUPPORTED", "deep", strength="high-precision")
'''


def _results(pytester):
    return json.loads((pytester.path / "out" / "results.json").read_text())


def test_verdicts_and_red_failure(pytester):
    pytester.makepyfile(test_claims=CLAIM_TESTS)
    res = pytester.runpytest("-p", "verify.plugin", "--report-dir", "out")
    res.assert_outcomes(passed=2, failed=1, skipped=1)
    claims = _results(pytester)["claims"]
    assert claims["kuramoto-limit"]["verdict"] == "VERIFIED"
    assert claims["kuramoto-limit"]["evidence"] == {
        "x": 1.5, "rows": [{"n": 2, "ok": True}], "f": r"\sin x"}
    assert claims["prop1-mean-conservation"]["verdict"] == "TEST FAILED"
    assert "residual too large" in claims["prop1-mean-conservation"]["summary"]
    assert claims["conj2-bipodal-only-equilibria"]["verdict"] == "REFUTED"
    assert claims["escape-rate"]["verdict"] == "NOT CHECKED"  # skipped at quick depth
    assert claims["table-C"]["verdict"] == "NOT CHECKED"      # no test at all
    page = (pytester.path / "out" / "claims" / "prop1-mean-conservation.md").read_text()
    assert "🔴 TEST FAILED" in page
    index = (pytester.path / "out" / "README.md").read_text()
    assert "[`prop1-mean-conservation`](claims/prop1-mean-conservation.md)" in index
    assert "🔴 TEST FAILED" in index and "✅ VERIFIED" in index


def test_depth_option_runs_deep_tests(pytester):
    pytester.makepyfile(test_claims=CLAIM_TESTS)
    pytester.runpytest("-p", "verify.plugin", "--report-dir", "out", "--depth", "standard")
    res = _results(pytester)
    assert res["depth"] == "standard"
    assert res["claims"]["escape-rate"]["verdict"] == "SUPPORTED"


def test_xdist_evidence_reaches_controller_once(pytester):
    pytester.makepyfile(test_claims=CLAIM_TESTS)
    serial = pytester.runpytest("-p", "verify.plugin", "--report-dir", "serial")
    assert serial.ret == 1
    par = pytester.runpytest("-p", "verify.plugin", "--report-dir", "par", "-n", "2")
    par.assert_outcomes(passed=2, failed=1, skipped=1)
    a = json.loads((pytester.path / "serial" / "results.json").read_text())["claims"]
    b = json.loads((pytester.path / "par" / "results.json").read_text())["claims"]
    assert a == b
    assert len(b["kuramoto-limit"]["tests"]) == 1


def test_verified_needs_exact_evidence(pytester):
    pytester.makepyfile('''
import pytest
@pytest.mark.claim("eq5-log-scaling")
def test_overclaims(evidence):
    evidence.verdict("VERIFIED", "fit looks good", strength="statistical")
''')
    res = pytester.runpytest("-p", "verify.plugin", "--report-dir", "out")
    res.assert_outcomes(failed=1)
    assert _results(pytester)["claims"]["eq5-log-scaling"]["verdict"] == "TEST FAILED"


@pytest.mark.parametrize("args, message", [
    (["--claims", "no-such-claim"], "unknown claim id in --claims: 'no-such-claim'"),
    (["--depth", "deep"], "invalid choice: 'deep'"),
])
def test_bad_options_are_usage_errors(pytester, args, message):
    pytester.makepyfile(test_claims=CLAIM_TESTS)
    res = pytester.runpytest("-p", "verify.plugin", "--report-dir", "out", *args)
    assert res.ret == pytest.ExitCode.USAGE_ERROR
    assert message in res.stderr.str()
    assert not (pytester.path / "out").exists()


def test_unknown_marker_id_is_usage_error(pytester):
    pytester.makepyfile('''
import pytest
@pytest.mark.claim("typo-claim")
def test_x(evidence):
    pass
''')
    res = pytester.runpytest("-p", "verify.plugin", "--report-dir", "out")
    assert res.ret == pytest.ExitCode.USAGE_ERROR
    assert "typo-claim" in res.stderr.str()


def test_claims_filter_deselects(pytester):
    pytester.makepyfile(test_claims=CLAIM_TESTS)
    res = pytester.runpytest("-p", "verify.plugin", "--report-dir", "out",
                             "--claims", "kuramoto-limit")
    res.assert_outcomes(passed=1, deselected=3)
