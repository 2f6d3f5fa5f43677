"""The per-document stage on a Dask cluster (issue 20): `kg build --cluster ADDRESS` or `--cluster local:N`.

The client lists the inputs (kg.read.list_inputs); the workers read them, a part of files at a time,
and keep what they read; the client orders the documents and renames duplicate ids from the parts'
ids alone (kg.read.Listing.documents, as a local build does), and the workers extract each part's
documents in chunks. The per-document function and its context (the build's pipeline) reach every
worker once, as a worker plugin: workers that join later, or replace one that died, get it too.

Faults: a worker that dies has its tasks run again elsewhere (the scheduler's allowed-failures,
default 3, then KilledWorker); a task that raises is retried (RETRIES); a document that raises is a
Problem (the per-document guard, kg.pipeline._guarded), as in a local build.

Only kg.pipeline imports this module, and only for a cluster build: kg runs without Dask installed.
"""
from __future__ import annotations

import dataclasses
import logging
from concurrent.futures import CancelledError
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from distributed import Client, KilledWorker, LocalCluster, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from .read import Listing, read_files

RETRIES = 3                     # a task that raises (not a document: they are guarded) runs again
PART_BYTES = 8 << 20            # files read by one task: about this many bytes ...
PART_FILES = 256                # ... or this many files
CHUNK_MAX = 64                  # documents extracted by one task, at most
WAIT_FOR_WORKERS = 60           # seconds a build waits for a scheduler with no workers to get one


class WorkersLost(Exception):
    """A task's workers died again and again (the scheduler gave up on it: KilledWorker), or the
    scheduler went away mid-build."""


class CodeMismatch(Exception):
    """A worker runs other kg code than the client."""


class ClusterSpec(NamedTuple):
    address: str | None         # a scheduler's address, or None: a LocalCluster of `workers` processes
    workers: int = 0

    @classmethod
    def parse(cls, text: str) -> "ClusterSpec":
        """'local:N' (N worker processes here) or a scheduler address (tcp://host:8786, host:8786)."""
        if text.startswith("local:"):
            n = text[len("local:"):]
            if not n.isdigit() or int(n) < 1:
                raise ValueError(f"--cluster {text!r}: expected local:N with N a number of worker processes >= 1")
            return cls(None, int(n))
        if not text.strip():
            raise ValueError("--cluster: expected a scheduler address (tcp://host:8786) or local:N")
        return cls(text.strip())


class _Context(WorkerPlugin):
    """The build's per-document function and its context, kept by every worker under `name`. A
    worker with several threads runs one document at a time (the pipeline is not made for threads).
    `stamp`: (function, value) the function must return on the worker: the same kg code there.
    Idempotent: `name` stands for the context (see Cluster.extract), so a worker that has it keeps
    it, and a long-lived cluster builds a rule pack's pipeline once per worker, not once per build."""
    idempotent = True

    def __init__(self, name: str, fn: Callable, context, stamp: tuple[Callable[[], str], str]):
        self.name, self.fn, self.context, self.stamp = name, fn, context, stamp
        self.lock = None

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "lock"}

    def __setstate__(self, state):
        self.__dict__.update(state, lock=None)

    def setup(self, worker) -> None:
        self.lock = threading.Lock()


class _Ref(NamedTuple):
    """A document as the client knows it: its id (after renaming), path, part and place in the part."""
    id: str
    path: str
    part: int
    index: int


def _rename(ref: _Ref, new_id: str) -> _Ref:
    return ref._replace(id=new_id)


# ---- tasks (run on the workers) ----------------------------------------------
def _read_part(files: list[str], limit: int) -> list[tuple[list, list]]:
    """read_file of each file: its (RawDocument, JSONL line) pairs and problems. Stays on the worker."""
    return read_files([Path(f) for f in files], limit)


def _describe(part: list[tuple[list, list]]) -> list[tuple[list, list]]:
    """What the client needs of a read part: each file's (id, path, line) triples and problems."""
    return [([(d.id, d.path, line) for d, line in docs], problems) for docs, problems in part]


def _extract(name: str, part: list[tuple[list, list]], picks: list[tuple[int, str]]) -> list:
    """The per-document function on the part's documents `picks` ((place in the part, final id))."""
    plugin = get_worker().plugins[name]
    fn, context = plugin.fn, plugin.context
    _check(plugin.stamp)
    docs = [d for file_docs, _ in part for d, _ in file_docs]
    out = []
    for index, doc_id in picks:
        raw = docs[index]
        if raw.id != doc_id:
            raw = dataclasses.replace(raw, id=doc_id)
        with plugin.lock:
            out.append(fn(context, raw))
    return out


def _check(stamp: tuple[Callable[[], str], str]) -> None:
    here, expected = stamp[0](), stamp[1]
    if here != expected:
        raise CodeMismatch(f"a worker runs other kg code (digest {here}) than the client (digest {expected}): "
                           f"install the same kg on every machine")


# ---- the client's side -------------------------------------------------------
def _parts(files: list[Path]) -> list[list[str]]:
    """Files in consecutive groups of about PART_BYTES (or PART_FILES files)."""
    parts, size = [[]], 0
    for f in files:
        try:
            n = f.stat().st_size
        except OSError:
            n = 0                     # read_file reports it
        if parts[-1] and (size + n > PART_BYTES or len(parts[-1]) >= PART_FILES):
            parts.append([])
            size = 0
        parts[-1].append(str(f))
        size += n
    return parts


class Cluster:
    """A connection to a scheduler, or a LocalCluster started here (closed with the connection)."""

    def __init__(self, spec: ClusterSpec):
        self.spec, self.local = spec, None
        if spec.address is None:
            # processes, one thread each: the pipeline is CPU-bound Python; the dashboard on any free port
            self.local = LocalCluster(n_workers=spec.workers, threads_per_worker=1, processes=True,
                                      dashboard_address=":0", silence_logs=logging.ERROR)
            self.client = Client(self.local)
        else:
            self.client = Client(spec.address)        # connect timeout: distributed.comm.timeouts.connect

    @property
    def description(self) -> str:
        return f"local:{self.spec.workers}" if self.spec.address is None else self.spec.address

    def workers(self) -> int:
        """How many workers the scheduler has (waits WAIT_FOR_WORKERS seconds for a first one)."""
        try:
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except TimeoutError:
            raise WorkersLost(f"the scheduler at {self.description} has had no worker for "
                              f"{WAIT_FOR_WORKERS} s (start some: dask worker ADDRESS)") from None
        return len(self.client.scheduler_info(n_workers=-1).get("workers", {}))

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def extract(self, listing: Listing, fn: Callable, context, context_key: str,
                stamp: tuple[Callable[[], str], str], bar: Callable[[int], object] | None = None) -> tuple[list, list]:
        """fn(context, raw) for every document under `listing`, read and run on the workers: the
        results in the order a local build reads the documents, and the reading problems.
        context_key: a digest of fn and context (two builds with the same key share the workers'
        copy). bar(total): a progress bar (or None) for the documents, once they are counted."""
        client = self.client
        token = uuid.uuid4().hex[:12]
        name = f"kg-context-{context_key}"
        client.run(_check, stamp)             # every worker now; workers joining later: in their tasks
        client.register_plugin(_Context(name, fn, context, stamp), name=name)
        try:
            parts = _parts(listing.files())
            # the parts' futures, by part number; dropped as soon as no task needs a part (its texts are
            # then freed on the workers)
            read = {p: client.submit(_read_part, files, listing.limit, key=f"kg-read-{token}-{p}", retries=RETRIES)
                    for p, files in enumerate(parts)}
            described = client.gather([client.submit(_describe, r, key=f"kg-describe-{token}-{p}")
                                       for p, r in read.items()])
            per_file = []
            for p, part in enumerate(described):
                index = 0
                for triples, problems in part:
                    refs = []
                    for doc_id, path, line in triples:
                        refs.append((_Ref(doc_id, path, p, index), line))
                        index += 1
                    per_file.append((refs, problems))
            refs, problems = listing.documents(per_file, _rename)
            del described, per_file
            return self._extract(name, token, read, refs, bar(len(refs)) if bar else None), problems
        except KilledWorker as exc:
            raise WorkersLost(f"the workers running task {exc.task} died {exc.args[2]} times (out of memory?)") from None
        except (CancelledError, OSError) as exc:
            raise WorkersLost(f"the scheduler at {self.description} was lost mid-build "
                              f"({type(exc).__name__}: {exc})") from None

    def _extract(self, name: str, token: str, read: dict, refs: list[_Ref], bar) -> list:
        client = self.client
        by_part: dict[int, list[tuple[int, int, str]]] = {}
        for i, r in enumerate(refs):
            by_part.setdefault(r.part, []).append((i, r.index, r.id))
        chunk = max(1, min(CHUNK_MAX, len(refs) // (self.workers() * 8)))
        futures, left = {}, {}
        for p, picks in by_part.items():
            for k in range(0, len(picks), chunk):
                run = picks[k:k + chunk]
                f = client.submit(_extract, name, read[p], [(ix, doc_id) for _, ix, doc_id in run],
                                  key=f"kg-extract-{token}-{p}-{k}", retries=RETRIES)
                futures[f] = (p, [i for i, _, _ in run])
                left[p] = left.get(p, 0) + 1
        # parts no document is taken from (every file skipped) are not needed any more
        for p in [p for p in read if p not in left]:
            del read[p]
        out: list = [None] * len(refs)
        for f in as_completed(list(futures)):
            p, places = futures.pop(f)
            for i, res in zip(places, f.result()):
                out[i] = res
            if bar is not None:
                bar.update(len(places))
            f.release()
            left[p] -= 1
            if not left[p]:
                del read[p]             # the part's texts are freed on the workers
        return out
