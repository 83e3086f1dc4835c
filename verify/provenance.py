"""Provenance: commit, package versions, machine, depth, wall time."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("numpy", "scipy", "sympy", "mpmath", "hypothesis", "pytest", "pytest-xdist",
            "matplotlib", "dask", "distributed", "tqdm")


def git_commit(root: Path) -> str:
    """HEAD's hash, with ``-dirty`` when tracked files differ from it; ``unknown`` outside git."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                              text=True, check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, check=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    # reports/ is the output of the run itself; its changes do not make the code dirty.
    changed = [ln for ln in dirty.splitlines() if not ln[3:].startswith("reports/")]
    return head + ("-dirty" if changed else "")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def machine() -> dict[str, object]:
    return {"platform": platform.platform(), "processor": platform.machine(),
            "cpu_count": os.cpu_count()}
