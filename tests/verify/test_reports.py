"""Report writing: atomic, deterministic apart from provenance, one page per ledger id."""

import json
import os

import pytest

from verify.atomic import atomic_write_text
from verify.ledger import load_ledger
from verify.report import one_line, write_reports
from verify.results import build_results
from verify.verdicts import fold

RECORD = {
    "claims": ["eq4-bipodal-spectrum"], "nodeid": "t.py::test_a", "outcome": "passed",
    "values": {"spectrum": "0, -sinh(g), exp(-g)", "n_max": 12},
    "items": [{"kind": "latex", "name": "spectrum", "caption": None},
              {"kind": "value", "name": "n_max", "caption": "largest n"}],
    "method": "SymPy", "proposal": {"verdict": "VERIFIED", "summary": "exact", "strength": "symbolic"},
}


def test_one_page_per_ledger_claim(tmp_path):
    results = build_results([RECORD], depth="quick", root=tmp_path, wall_time_s=1.0)
    write_reports(results, tmp_path)
    pages = {p.stem for p in (tmp_path / "claims").glob("*.md")}
    assert pages == set(load_ledger())
    page = (tmp_path / "claims" / "eq4-bipodal-spectrum.md").read_text()
    assert "$$\n0, -sinh(g), exp(-g)\n$$" in page and "✅ VERIFIED" in page


def test_deterministic_apart_from_provenance(tmp_path):
    r1 = build_results([RECORD], depth="quick", root=tmp_path, wall_time_s=1.0)
    r2 = build_results([RECORD], depth="quick", root=tmp_path, wall_time_s=99.0)
    r2["generated"] = "another time"
    write_reports(r1, tmp_path / "1")
    write_reports(r2, tmp_path / "2")
    for name in ["README.md", "claims/eq4-bipodal-spectrum.md"]:
        a = (tmp_path / "1" / name).read_text().split("<details><summary>Provenance")[0]
        b = (tmp_path / "2" / name).read_text().split("<details><summary>Provenance")[0]
        assert a == b


def test_ranking_refuted_beats_verified():
    refute = {**RECORD, "nodeid": "t.py::test_b",
              "proposal": {"verdict": "REFUTED", "summary": "counterexample", "strength": "numerical"}}
    claims = fold(load_ledger(), [RECORD, refute])
    assert claims["eq4-bipodal-spectrum"]["verdict"] == "REFUTED"
    assert claims["eq4-bipodal-spectrum"]["summary"] == "counterexample"


def test_empirical_claim_is_judged_on_its_measurements():
    # bipodal-orientation is a numerical observation: a proof of the theory behind it does not make
    # the observation VERIFIED, and a proof alone still counts when nothing was measured
    proof = {**RECORD, "claims": ["bipodal-orientation"],
             "proposal": {"verdict": "VERIFIED", "summary": "phi* maximises gamma", "strength": "symbolic"}}
    runs = {**proof, "nodeid": "t.py::test_b",
            "proposal": {"verdict": "SUPPORTED", "summary": "seeds align", "strength": "statistical"}}
    folded = fold(load_ledger(), [proof, runs])["bipodal-orientation"]
    assert (folded["verdict"], folded["strength"]) == ("SUPPORTED", "statistical")
    assert "seeds align" in folded["summary"] and "phi* maximises gamma" in folded["summary"]
    assert fold(load_ledger(), [proof])["bipodal-orientation"]["verdict"] == "VERIFIED"
    # not for a derivation: there the proof decides
    assert fold(load_ledger(), [RECORD, {**runs, "claims": ["eq4-bipodal-spectrum"]}])[
        "eq4-bipodal-spectrum"]["verdict"] == "VERIFIED"


def test_index_summary_keeps_abbreviations_and_marks_cuts():
    assert one_line("eq. (2) derived for every n. Also softmax.") == "eq. (2) derived for every n"
    assert one_line("Exact: e.g. four clusters. More.") == "Exact: e.g. four clusters"
    cut = one_line("x" * 200)
    assert len(cut) == 160 and cut.endswith("…")


def test_atomic_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    atomic_write_text(target, "old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_results_json_is_strict_json(tmp_path):
    results = build_results([RECORD], depth="quick", root=tmp_path, wall_time_s=1.0)
    write_reports(results, tmp_path)
    loaded = json.loads((tmp_path / "results.json").read_text())
    assert loaded["claims"]["eq4-bipodal-spectrum"]["evidence"]["n_max"] == 12
    assert {"depth", "commit", "generated", "versions", "claims"} <= set(loaded)
