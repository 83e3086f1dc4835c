"""`metastab simulate` and `metastab bench` end to end (small sizes; timings are not asserted)."""

import json

from verify.cli import main


def test_simulate_writes_figure_and_json(tmp_path, capsys):
    rc = main(["simulate", "--K", "1,2.5", "--n", "20", "--seed", "3", "--max-steps", "3000",
               "--no-progress", "--out", str(tmp_path)])
    assert rc == 0
    name = "simulate-d2-K1_2.5-n20-s3-uniform.json"
    data = json.loads((tmp_path / name).read_text())
    assert data["stop_statistic"].startswith("sigma_theta (circular)")
    assert set(data["T"]) == {"circular", "lifted"} and data["T"]["circular"][0] > 0
    assert data["phases"]["drop"] == 0.1
    assert (tmp_path / "simulate-d2-K1_2.5-n20-s3-uniform-speed.png").stat().st_size > 1000
    # Same inputs, same numbers (deterministic seeding).
    main(["simulate", "--K", "1,2.5", "--n", "20", "--seed", "3", "--max-steps", "3000",
          "--no-progress", "--out", str(tmp_path / "again")])
    again = json.loads((tmp_path / "again" / name).read_text())
    assert again == data


def test_simulate_sphere_and_bad_input(tmp_path, capsys):
    rc = main(["simulate", "--K", "1,2,3", "--sphere-dim", "3", "--n", "12", "--max-steps", "200",
               "--normalization", "softmax", "--no-progress", "--out", str(tmp_path)])
    assert rc == 0
    assert main(["simulate", "--K", "1,2,3", "--n", "12"]) == 2
    assert "K:" in capsys.readouterr().err
    assert main(["simulate", "--K", "1,2", "--n", "1"]) == 2


def test_bench_json_shape(capsys):
    rc = main(["bench", "--quick", "--json", "--n", "20,40", "--seeds", "2"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["n"] for r in out["rows"]] == [20, 40]
    for r in out["rows"]:
        assert r["engine_s"] > 0 and r["reference_s"] > 0 and r["speedup"] > 0
        assert r["max_abs_diff"] < 1e-10  # engine and reference agree (e^5-sized sums)
