"""The ``metastab`` command line: bad input is one clear line and a non-zero exit."""

import json

import pytest

from verify.cli import main


@pytest.mark.parametrize("argv, fragment", [
    (["verify", "--depth", "deep"], "invalid choice: 'deep'"),
    (["verify", "--claims", "eq4-bipodal-spectrum,not-a-claim"], "unknown claim id: 'not-a-claim'"),
    (["verify", "-n", "0", "--claims", ""], None),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_bad_input_is_one_line(argv, fragment, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # not a checkout: `verify` must refuse, not run pytest here
    with pytest.raises(SystemExit) as exc:
        code = main(argv)
        raise SystemExit(code)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("metastab")
    if fragment:
        assert fragment in err


def test_claims_lists_the_whole_ledger(capsys):
    assert main(["claims", "--json"]) == 0
    ledger = json.loads(capsys.readouterr().out)
    assert "eq4-bipodal-spectrum" in ledger and "conj4-lyapunov" in ledger
    assert all(set(c) == {"id", "section", "quote", "kind"} for c in ledger.values())


def test_report_rerenders_from_results(tmp_path, capsys):
    from verify.report import write_reports
    from verify.results import build_results

    results = build_results([], depth="quick", root=tmp_path, wall_time_s=0.0)
    write_reports(results, tmp_path / "a")
    assert main(["report", str(tmp_path / "a" / "results.json"), "--out", str(tmp_path / "b")]) == 0
    for page in ["README.md", "claims/table-C.md"]:
        assert (tmp_path / "a" / page).read_text() == (tmp_path / "b" / page).read_text()


def test_report_of_missing_file_is_clear(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.json")]) == 2
    assert "results: cannot read" in capsys.readouterr().err
