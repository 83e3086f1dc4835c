"""Where sweep tasks run: in this process, on local worker processes, or on a Dask cluster.

Every backend exposes ``imap_unordered(fn, tasks)``, yielding ``(index, result)``
as tasks finish, so the caller can store each result at once.  Results do not
depend on the backend: a task's numbers depend only on its specs (seeding is
per (n, seed), and a seed's row of the batched arrays never depends on the
other rows).
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any


class SerialBackend:
    """Runs tasks one after the other in this process."""

    name = "serial"

    def imap_unordered(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        for i, t in enumerate(tasks):
            yield i, fn(t)

    def close(self) -> None:
        pass


class ProcessBackend:
    """A ``ProcessPoolExecutor`` on the local cores ("spawn" start, so no forked state)."""

    name = "processes"

    def __init__(self, workers: int | None = None):
        if workers is not None and (int(workers) != workers or workers < 1):
            raise ValueError(f"workers: expected a positive integer, got {workers!r}")
        self.workers = workers or os.cpu_count() or 1
        self._pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"))

    def imap_unordered(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        futures = {self._pool.submit(fn, t): i for i, t in enumerate(tasks)}
        yield from _as_completed(futures)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _as_completed(futures: dict[Any, int]) -> Iterator[tuple[int, Any]]:
    """(task index, result) as futures finish; on early exit the unfinished ones are cancelled."""
    pending = set(futures)
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                yield futures[f], f.result()
    finally:
        for f in pending:
            f.cancel()


class DaskBackend:
    """A ``distributed.Client`` on an existing scheduler (``tcp://host:port``)."""

    name = "dask"

    def __init__(self, address: str):
        if not isinstance(address, str) or not address:
            raise ValueError(f"scheduler: expected a scheduler address such as tcp://host:8786, "
                             f"got {address!r}")
        from distributed import Client

        self.address = address
        self._client = Client(address, set_as_default=False)

    def imap_unordered(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        # The client's concurrent.futures view, so waiting works without a default client.
        ex = self._client.get_executor(pure=False)
        futures = {ex.submit(fn, t): i for i, t in enumerate(tasks)}
        yield from _as_completed(futures)

    def close(self) -> None:
        self._client.close()


def make_backend(workers: int | None = None, scheduler: str | None = None) -> Any:
    """Dask if ``scheduler`` is given, else serial for ``workers == 1``, else local processes."""
    if scheduler:
        return DaskBackend(scheduler)
    if workers == 1:
        return SerialBackend()
    return ProcessBackend(workers)
