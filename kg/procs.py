"""Process pools: the helpers the pipeline and the exporters share."""
from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor


def can_fork() -> bool:
    """Workers can be forked here: they then share the parent's data (rules, graph) copy-on-write."""
    return "fork" in mp.get_all_start_methods()


# what the processes of a fork_pool inherit (see `shared`); set only while they are being forked
_SHARED = None


def fork_pool(workers: int, shared, calls: list[tuple]) -> tuple[ProcessPoolExecutor, list]:
    """A pool of `workers` forked processes running `calls` ([(function, *args)]), and their futures.
    `shared` (big data: a graph, an index) reaches the functions through `shared()`, inherited
    copy-on-write instead of pickled. concurrent.futures, not multiprocessing.Pool: a process
    killed mid-run (out of memory) raises BrokenProcessPool instead of leaving a wait hanging."""
    global _SHARED
    _SHARED = shared
    try:       # with fork, all processes start at the first submit, while _SHARED is set
        pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=die_with_parent,
                                   initargs=(os.getpid(),))
        return pool, [pool.submit(*call) for call in calls]
    finally:
        _SHARED = None         # the children have their copy; this process must not keep one


def die_with_parent(parent: int) -> None:
    """In a worker: end when the process that started it dies, even by kill -9 (which no Python code
    of the parent can see), instead of running on as an orphan. Linux only (prctl PR_SET_PDEATHSIG);
    elsewhere the pool's own checks stop the worker at its next task."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:          # the parent died before the request was in place
        os._exit(1)


def shared():
    """In a fork_pool process: the `shared` value it was forked with."""
    return _SHARED


def shutdown_pool(pool: ProcessPoolExecutor, futures) -> None:
    """Shut a pool down: wait for its work, or, when some is unfinished (an error elsewhere cut
    the build short), stop its processes at once rather than wait for them (the executor has no
    public way to; it keeps its processes in `_processes`)."""
    if not all(f.done() for f in futures):
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
