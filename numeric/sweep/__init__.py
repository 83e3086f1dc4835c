"""Resumable parallel sweeps of the escape time T over (K, n, seed, normalization, integrator).

* :mod:`numeric.sweep.store` - content-addressed JSON records, written atomically;
* :mod:`numeric.sweep.runner` - grid expansion, task batching, :func:`run_sweep`;
* :mod:`numeric.sweep.backends` - serial, local processes, Dask cluster.
"""

from numeric.sweep.runner import SweepResult, count_caps, grid, run_sweep
from numeric.sweep.store import ResultStore, RunSpec, model_version

__all__ = ["ResultStore", "RunSpec", "SweepResult", "count_caps", "grid", "model_version", "run_sweep"]
