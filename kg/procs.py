"""Process pools: the helpers the pipeline and the exporters share."""
from __future__ import annotations

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor


def can_fork() -> bool:
    """Workers can be forked here: they then share the parent's data (rules, graph) copy-on-write."""
    return "fork" in mp.get_all_start_methods()


def shutdown_pool(pool: ProcessPoolExecutor, futures) -> None:
    """Shut a pool down: wait for its work, or, when some is unfinished (an error elsewhere cut
    the build short), stop its processes at once rather than wait for them (the executor has no
    public way to; it keeps its processes in `_processes`)."""
    if not all(f.done() for f in futures):
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
