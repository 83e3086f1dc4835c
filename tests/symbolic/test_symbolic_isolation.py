"""symbolic/ never imports numeric/ (CONTRIBUTING): only the tests hold the two against each other."""

from __future__ import annotations

import ast
from pathlib import Path

import symbolic


def test_symbolic_does_not_import_numeric() -> None:
    root = Path(symbolic.__file__).parent
    offenders = []
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "numeric"]
    assert offenders == []
