"""The persistent SPARQL store: an Oxigraph (RocksDB) database of graph.ttl kept in the output folder.

Layout: OUT/store/ holds `oxigraph/` (the database) and `kg-store.json` (the stamp). The stamp is
written last and names graph.ttl's size and modification time: a reader uses the store only when
the stamp is there and matches the graph.ttl beside it (`store_for`), and parses graph.ttl
otherwise, so a store that is half written, older than its graph.ttl or copied away from it is
never trusted.

The store is written into a build's temporary folder before the swap (kg.outdir.commit), so it
reaches the output folder in the same step as graph.ttl, never half built. `kg load OUT` does the
same for an existing output: kg's files are hard-linked into a new temporary folder, the store is
written there and the folder is swapped in (the lock keeps builds out meanwhile).

An incremental build updates the previous store instead of loading all of graph.ttl again: it
copies it (a RocksDB checkpoint: hard links to its immutable files), compares the old and new
graph.ttl by statement block (the writer puts one subject per block, separated by a blank line)
and rewrites only the subjects of the blocks that changed (`update_store`). Anything it cannot
read that way falls back to a full bulk load.

The work runs in a spawned child process: Oxigraph's threads and RocksDB's memory stay out of the
build process (which forks workers), and a store too large for memory kills the child, not kg.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

STORE_DIR = "store"                  # the kg file (a folder) in the output folder
DB_DIR = "oxigraph"                  # the Oxigraph database inside it
STAMP = "kg-store.json"
FORMAT = 1
# `kg build` writes a store by default from this graph.ttl size on (bench/store.py measures it):
# parsing graph.ttl costs ~0.07 s per MB for every query, so from 32 MiB each `kg query` spends
# ~2 s or more parsing, while bulk loading costs about as much as parsing one to three times,
# once, and the store then answers in well under a second. Below it a store is mostly overhead
# (a few MB of disk and a spawned process per build for a graph that parses in a blink).
AUTO_STORE_BYTES = 32 * 2**20


class StoreError(OSError):
    """The store could not be written; the output is left as it was."""


def graph_file(path: str | Path) -> Path:
    p = Path(path)
    return p / "graph.ttl" if p.is_dir() else p


def _stat_key(path: Path) -> dict | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _oxigraph_version() -> str:
    import pyoxigraph
    return getattr(pyoxigraph, "__version__", "")


def _same_series(a: str, b: str) -> bool:
    """Two Oxigraph versions that share a storage format (same major.minor)."""
    return a.split(".")[:2] == b.split(".")[:2]


def read_stamp(folder: str | Path) -> dict | None:
    """The stamp of the store in output folder `folder` (None: no store, or one not finished)."""
    try:
        stamp = json.loads((Path(folder) / STORE_DIR / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) and stamp.get("format") == FORMAT else None


def store_for(graph: str | Path) -> Path | None:
    """The Oxigraph database that holds exactly this graph.ttl (a file or its output folder), or
    None: no store, an unfinished one, one made for another graph.ttl or by an Oxigraph with
    another storage format."""
    ttl = graph_file(graph)
    stamp = read_stamp(ttl.parent)
    if stamp is None or stamp.get("graph") != _stat_key(ttl) or ttl.name != "graph.ttl":
        return None
    if not _same_series(str(stamp.get("oxigraph", "")), _oxigraph_version()):
        return None
    db = ttl.parent / STORE_DIR / DB_DIR
    return db if db.is_dir() else None


def open_store(graph: str | Path):
    """A read-only pyoxigraph Store of graph.ttl's store, or None when there is none to trust."""
    import pyoxigraph as ox
    db = store_for(graph)
    return ox.Store.read_only(str(db)) if db is not None else None


def wants_store(ttl: Path, asked: bool | None, previous: Path | None = None) -> bool:
    """asked True/False: as asked; None (the default): for a graph.ttl of AUTO_STORE_BYTES or more,
    or when the previous build of the folder had a store (a folder once loaded keeps its store)."""
    if asked is not None:
        return asked
    if previous is not None and read_stamp(previous) is not None:
        return True
    try:
        return ttl.stat().st_size >= AUTO_STORE_BYTES
    except OSError:
        return False


# ------------------------------------------------------------------ writing (in a child process)

def _bulk_load(ttl: Path, db: Path) -> None:
    import pyoxigraph as ox
    store = ox.Store(str(db))
    # lenient: kg wrote graph.ttl and its IRIs are checked as they are made; skipping the check
    # is what `oxigraph load` cannot do by default and makes loading ~10% faster
    store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE, lenient=True)
    store.flush()
    del store


_FIRST_TOKEN = re.compile(rb"\s*(\S+)")


def _split_turtle(data: bytes) -> tuple[bytes, list[bytes]]:
    """(prefix header, statement blocks) of a Turtle file as kg writes it: @prefix lines, then
    blocks separated by blank lines (literals escape their line breaks, so a blank line is
    always between statements)."""
    head, _, body = data.partition(b"\n\n")
    return head, [b for b in body.split(b"\n\n") if b.strip()]


def _prefix_map(head: bytes) -> dict[bytes, bytes] | None:
    out = {}
    for line in head.splitlines():
        m = re.fullmatch(rb"@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>\s*\.\s*", line)
        if not m:
            return None
        out[m[1] or b""] = m[2]
    return out


def _spellings(iri: str, prefixes: dict[bytes, bytes]) -> set[bytes]:
    """The ways a block may start with this subject: <iri>, or prefix:local."""
    raw = iri.encode("utf-8")
    out = {b"<" + raw + b">"}
    for pfx, ns in prefixes.items():
        if raw.startswith(ns):
            out.add(pfx + b":" + raw[len(ns):])
    return out


def _parse_blocks(head: bytes, blocks: list[bytes]) -> list:
    import pyoxigraph as ox
    return list(ox.parse(head + b"\n\n" + b"\n\n".join(blocks) + b"\n", format=ox.RdfFormat.TURTLE))


def update_store(db: Path, old_ttl: Path, new_ttl: Path) -> dict | None:
    """Bring the store `db` (holding old_ttl) to new_ttl by rewriting the subjects of the blocks
    that changed: {"subjects": n, "blocks": m}, or None when the files cannot be compared that
    way (then the caller loads new_ttl in full). The store is written only once the change is
    known to be safe, in one transaction."""
    import pyoxigraph as ox
    old_head, old_blocks = _split_turtle(old_ttl.read_bytes())
    new_head, new_blocks = _split_turtle(new_ttl.read_bytes())
    prefixes = _prefix_map(new_head)
    if old_head != new_head or prefixes is None:
        return None
    old_set, new_set = set(old_blocks), set(new_blocks)
    changed = [b for b in old_blocks if b not in new_set] + [b for b in new_blocks if b not in old_set]
    del old_blocks, old_set, new_set
    subjects: set = set()
    for block in changed:
        try:
            found = {t.subject for t in _parse_blocks(new_head, [block])}
        except SyntaxError:
            return None
        first = _FIRST_TOKEN.match(block)
        # one subject per block, spelled by its first token: what lets the unchanged blocks be found
        if len(found) != 1 or not isinstance(next(iter(found)), ox.NamedNode) or not first or \
                first[1] not in _spellings(next(iter(found)).value, prefixes):
            return None
        subjects |= found
    spelled = {s: _spellings(s.value, prefixes) for s in subjects}
    wanted = set().union(*spelled.values()) if spelled else set()
    keep = [b for b in new_blocks if (m := _FIRST_TOKEN.match(b)) and m[1] in wanted]
    try:
        triples = _parse_blocks(new_head, keep) if keep else []
    except SyntaxError:
        return None
    if any(t.subject not in subjects for t in triples):
        return None
    store = ox.Store(str(db))
    if subjects:
        values = " ".join(str(s) for s in subjects)
        store.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    store.flush()
    del store
    return {"subjects": len(subjects), "blocks": len(changed)}


def write_store(folder: str | Path, previous: str | Path | None = None) -> dict:
    """Write the store of `folder`/graph.ttl into `folder`/store (replacing any there) and stamp it.
    previous: an output folder holding the graph.ttl this one follows and its store: when that store
    is trusted, it is copied and updated (update_store) instead of loading everything again.
    Returns the stamp. Runs here: see `write_store_in_child`."""
    import pyoxigraph as ox
    folder = Path(folder)
    ttl = folder / "graph.ttl"
    root = folder / STORE_DIR
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    db = root / DB_DIR
    t0 = time.perf_counter()
    how: dict = {"mode": "bulk"}
    old_db = store_for(Path(previous) / "graph.ttl") if previous is not None else None
    if old_db is not None:
        ox.Store.read_only(str(old_db)).backup(str(db))
        changed = update_store(db, Path(previous) / "graph.ttl", ttl)
        if changed is not None:
            how = {"mode": "incremental", **changed}
        else:
            shutil.rmtree(db)
    if how["mode"] == "bulk":
        _bulk_load(ttl, db)
    stamp = {"format": FORMAT, "written_by": "kg", "oxigraph": _oxigraph_version(), "graph": _stat_key(ttl),
             "seconds": round(time.perf_counter() - t0, 3), **how}
    tmp = root / (STAMP + ".tmp")
    tmp.write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, root / STAMP)        # last: the store is trusted from here on
    return stamp


def write_store_in_child(folder: str | Path, previous: str | Path | None = None) -> dict:
    """write_store in a spawned process (see the module doc). A child that dies (out of memory)
    raises concurrent.futures' BrokenProcessPool; an error it raised comes back as StoreError."""
    import multiprocessing as mp
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        future = pool.submit(write_store, str(folder), str(previous) if previous is not None else None)
        try:
            return future.result()
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write the SPARQL store: {exc}") from None


def store_for_build(folder: Path, out: Path, asked: bool | None, incremental: bool) -> dict | None:
    """The build hook: after a build's files are written into `folder` (its temporary folder, before
    the swap), write its store when asked or by default (wants_store); with `incremental`, update
    the store of the output folder `out` it replaces. None: no store wanted."""
    if not wants_store(folder / "graph.ttl", asked, out if out.is_dir() else None):
        return None
    return write_store_in_child(folder, out if incremental and out.is_dir() else None)


# ------------------------------------------------------------------ kg load

def load_output(out_dir: str | Path) -> dict:
    """`kg load OUT`: (re)build the store of an existing output folder by bulk loading its graph.ttl.
    The folder is claimed as a build claims it (lock, house rules), kg's files are hard-linked into
    the new build folder with the store beside them, and the two folders are swapped in one step.
    Raises kg.outdir.OutputError when OUT is no kg output folder or cannot be written."""
    from .model import OUTPUT_MARK
    from .outdir import REFUSED, OutputError, claim, commit
    out = Path(out_dir)
    if not (out / OUTPUT_MARK).is_file() or not (out / "graph.ttl").is_file():
        raise OutputError(f"{str(out_dir)!r} is not a kg output folder with a graph.ttl (run kg build first)",
                          REFUSED)
    target = claim(out, [])
    stamp: dict = {}
    try:
        mark = json.loads((target.out / OUTPUT_MARK).read_text(encoding="utf-8"))
        own = [n for n in mark.get("files", []) if isinstance(n, str) and "/" not in n
               and n not in (STORE_DIR, OUTPUT_MARK)]

        def write(tmp: Path) -> None:
            for name in own:
                src = target.out / name
                if src.is_file():
                    os.link(src, tmp / name)     # same file system (a sibling folder): no copy
            stamp.update(write_store_in_child(tmp))
        commit(target, write)
    finally:
        target.release()
    return stamp
