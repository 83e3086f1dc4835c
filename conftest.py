"""Root conftest: load the metastab plugin and reset global state between tests."""

import matplotlib
import pytest

matplotlib.use("Agg")

pytest_plugins = ["verify.plugin"]


@pytest.fixture(autouse=True)
def _reset_mpmath_precision():
    """mpmath precision is scoped (``workdps``); a test that leaks a global change fails loudly."""
    import mpmath

    mpmath.mp.dps = 15
    yield
    leaked = mpmath.mp.dps
    mpmath.mp.dps = 15
    assert leaked == 15, f"test changed mpmath.mp.dps globally to {leaked}; use mpmath.workdps"
