"""The claim tests' sweeps go where the environment says (e.g. a Dask cluster); nothing else changes."""

from __future__ import annotations

import pytest
import scaling_common as sc


def test_default_is_in_process(monkeypatch):
    for var in ("METASTAB_SCHEDULER", "METASTAB_WORKERS", "METASTAB_PROGRESS"):
        monkeypatch.delenv(var, raising=False)
    assert sc.sweep_backend() == {"workers": 1, "scheduler": None, "progress": False}


def test_scheduler_workers_and_progress_from_environment(monkeypatch):
    monkeypatch.setenv("METASTAB_SCHEDULER", "tcp://127.0.0.1:8786")
    monkeypatch.setenv("METASTAB_WORKERS", "3")
    monkeypatch.setenv("METASTAB_PROGRESS", "1")
    assert sc.sweep_backend() == {"workers": 3, "scheduler": "tcp://127.0.0.1:8786", "progress": True}


@pytest.mark.parametrize("bad", ["0", "-2", "two"])
def test_bad_worker_count_names_the_variable(monkeypatch, bad):
    monkeypatch.setenv("METASTAB_WORKERS", bad)
    with pytest.raises(ValueError, match="METASTAB_WORKERS"):
        sc.sweep_backend()
