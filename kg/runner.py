"""Runners: where work that may run in parallel runs (issue 16). The pipeline's per-document stage,
graph.ttl's per-document parts and the exporters that run beside the Turtle writer all go through
one interface:

    results = runner.map(fn, items, chunk=K, context=C)   # starts at once (a pool) or lazily (serial)
    for r in results: ...                                 # fn(C, item) for each item, in input order
    results.close()                                       # wait, or stop the workers (after an error)

`fn` is a module-level function (a pool may pickle it by name) of the `context` and one item; the
context is the big read-only data the items need (a compiled pipeline, a graph, an index). How it
reaches the workers is the runner's business: a forked pool hands it over as the fork's copy of the
parent's memory (never pickled), a spawned pool pickles it once per worker. `SerialRunner` runs the
calls here, as they are iterated; `PoolRunner` in worker processes that end when this process dies,
even by kill -9. A worker that dies raises concurrent.futures' BrokenProcessPool from the iteration.
"""
from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Protocol


def can_fork() -> bool:
    """Workers can be forked here: they then share the parent's data (rules, graph) copy-on-write."""
    return "fork" in mp.get_all_start_methods()


class Results(Protocol):
    def __iter__(self) -> Iterator: ...
    def close(self) -> None: ...


class Runner(Protocol):
    workers: int
    shares_memory: bool         # the context reaches the workers without being copied (fork, or serial)

    def map(self, fn: Callable, items: Iterable, chunk: int = 1, context=None) -> Results: ...


class _Lazy:
    """SerialRunner's results: each call runs when its result is asked for."""

    def __init__(self, fn, items, context):
        self._calls = (fn(context, item) for item in items)

    def __iter__(self):
        return self._calls

    def close(self) -> None:
        self._calls.close()


class SerialRunner:
    """Runs every call in this process, in order, when its result is iterated."""
    workers = 1
    shares_memory = True

    def map(self, fn: Callable, items: Iterable, chunk: int = 1, context=None) -> _Lazy:
        return _Lazy(fn, items, context)


# A worker process's context (set by its pool's initializer, in the worker only; never in this process).
_CONTEXT = None


def _worker_init(parent: int, context) -> None:
    global _CONTEXT
    die_with_parent(parent)
    _CONTEXT = context


def _run_chunk(fn: Callable, items: list) -> list:
    context = _CONTEXT
    return [fn(context, item) for item in items]


class _Pooled:
    """PoolRunner's results: the chunks' futures, read back in input order."""

    def __init__(self, pool: ProcessPoolExecutor, futures: list):
        self._pool, self._futures = pool, futures

    def __iter__(self):
        try:
            for future in self._futures:
                yield from future.result()
        finally:
            self.close()

    def close(self) -> None:
        """Wait for the workers, or, when some work is unfinished (an error elsewhere cut the run
        short), stop them at once rather than wait (the executor has no public way to: it keeps its
        processes in `_processes`)."""
        if self._pool is None:
            return
        if not all(f.done() for f in self._futures):
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None


class PoolRunner:
    """Runs the calls in `workers` processes, `chunk` items per task, all submitted at once so the
    workers start while this process goes on. start: "fork" (the default where there is one: the
    context is shared copy-on-write) or "spawn" (the context is pickled to each worker).
    concurrent.futures, not multiprocessing.Pool: a worker killed mid-run (out of memory) raises
    BrokenProcessPool where Pool would wait for its results forever."""

    def __init__(self, workers: int, start: str | None = None):
        self.workers = max(1, int(workers))
        self.start = start or ("fork" if can_fork() else "spawn")
        self.shares_memory = self.start == "fork"

    def map(self, fn: Callable, items: Iterable, chunk: int = 1, context=None) -> _Pooled:
        it, chunk = iter(items), max(1, int(chunk))
        chunks = list(iter(lambda: list(islice(it, chunk)), []))
        # with fork, initargs are the child's copy of this process's objects, not pickled; and every
        # worker is forked at the first submit (Python 3.11's executor does not fork on demand)
        pool = ProcessPoolExecutor(max(1, min(self.workers, len(chunks))), mp_context=mp.get_context(self.start),
                                   initializer=_worker_init, initargs=(os.getpid(), context))
        futures = []
        try:
            for part in chunks:
                futures.append(pool.submit(_run_chunk, fn, part))
        except BaseException:
            _Pooled(pool, futures).close()
            raise
        return _Pooled(pool, futures)


def runner_for(workers: int) -> Runner:
    """A pool of `workers` processes, or this process alone when workers <= 1."""
    return PoolRunner(workers) if workers > 1 else SerialRunner()


def die_with_parent(parent: int) -> None:
    """In a worker: end when the process that started it dies, even by kill -9 (which no Python code
    of the parent can see), instead of running on as an orphan. Linux only (prctl PR_SET_PDEATHSIG);
    elsewhere the pool's own checks stop the worker at its next task."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:          # the parent died before the request was in place
        os._exit(1)
