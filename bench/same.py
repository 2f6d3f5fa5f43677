#!/usr/bin/env python3
"""Are two output folders (or two trees of them) the same build?

Every file must have identical bytes, except report.json, which is compared as JSON without the
keys that measure the run (seconds, timings), say where it ran (cluster) and rules_version (printed when it differs: a rule-pack
edit changes it by design), and the SPARQL store folder (store/, kg.store), whose RocksDB files differ
between any two builds: it is compared by content (its quads, and kg-store.json without the build's
timing and graph.ttl's mtime) and reported in one line. Exit 0 when all match, 1 otherwise, naming
each difference; 2 on a usage error."""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from kg.store import DB_DIR, STAMP, STORE_DIR

# cluster: where a --cluster build ran (kg.cluster); the same build made elsewhere
RUN_KEYS = ("seconds", "timings", "rules_version", "inputs", "output_bytes", "cluster")
# kg-store.json keys that measure the run: seconds, and graph.mtime_ns (graph.ttl's own bytes are compared)
STAMP_RUN_KEYS = ("seconds",)
GRAPH_RUN_KEYS = ("mtime_ns",)


def _report(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in RUN_KEYS}


def _stamp(root: Path) -> dict:
    data = json.loads((root / STAMP).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{STAMP} is no JSON object")
    out = {k: v for k, v in data.items() if k not in STAMP_RUN_KEYS}
    if isinstance(out.get("graph"), dict):
        out["graph"] = {k: v for k, v in out["graph"].items() if k not in GRAPH_RUN_KEYS}
    return out


class _Lines:
    """A binary writer for Store.dump that keeps the N-Quads lines, so the dump is never held whole."""

    def __init__(self) -> None:
        self.lines: list[bytes] = []
        self._rest = b""

    def write(self, chunk) -> int:
        parts = (self._rest + bytes(chunk)).split(b"\n")
        self._rest = parts.pop()
        self.lines.extend(parts)
        return len(chunk)

    def flush(self) -> None:
        pass

    def done(self) -> list[bytes]:
        if self._rest:
            self.lines.append(self._rest)
            self._rest = b""
        return self.lines


def _quads_digest(db: Path) -> tuple[int, str]:
    """(quad count, SHA-256 of the sorted N-Quads lines) of the Oxigraph database `db`, opened read-only.
    The lines are sorted in memory (the store's own order follows its internal term ids): fine for
    stores under a few million quads (measured: ~300 MB peak and ~8 s for 1,000,000 quads of ~130
    bytes); one store's lines are held at a time. Blank-node labels would differ per load, but kg's
    graph.ttl has none."""
    import pyoxigraph as ox
    store = ox.Store.read_only(str(db))
    sink = _Lines()
    store.dump(sink, format=ox.RdfFormat.N_QUADS)
    del store
    lines = sink.done()
    del sink
    lines.sort()
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line)
        digest.update(b"\n")
    return len(lines), digest.hexdigest()


def _store_side(root: Path) -> tuple[dict | None, tuple[int, str] | None, str | None]:
    """(stamp without run keys, quads digest, error) of one store folder."""
    try:
        stamp = _stamp(root)
    except (OSError, ValueError) as exc:
        return None, None, f"{STAMP}: {exc}"
    try:
        return stamp, _quads_digest(root / DB_DIR), None
    except OSError as exc:
        return stamp, None, f"cannot open {DB_DIR}: {exc}"


def compare_store(a: Path, b: Path) -> str | None:
    """One line naming how store folder a differs from b by content, or None when they match."""
    stamp_a, quads_a, error_a = _store_side(a)
    stamp_b, quads_b, error_b = _store_side(b)
    why = [f"{side}: {error}" for side, error in (("A", error_a), ("B", error_b)) if error]
    if stamp_a is not None and stamp_b is not None and stamp_a != stamp_b:
        keys = sorted(k for k in stamp_a.keys() | stamp_b.keys() if stamp_a.get(k) != stamp_b.get(k))
        why.append(f"{STAMP} {', '.join(keys)}")
    if quads_a is not None and quads_b is not None and quads_a != quads_b:
        why.append(f"quads ({quads_a[0]:,} vs {quads_b[0]:,})" if quads_a[0] != quads_b[0] else "quads")
    return "; ".join(why) or None


def _stores(root: Path) -> set[Path]:
    """The store folders under root (relative): a folder named store holding kg-store.json or oxigraph/."""
    return {p.relative_to(root) for p in root.rglob(STORE_DIR)
            if p.is_dir() and ((p / STAMP).is_file() or (p / DB_DIR).is_dir())}


def compare(a: Path, b: Path) -> list[str]:
    diffs = []
    stores = _stores(a) | _stores(b)

    def files(root: Path) -> set[Path]:
        names = {p.relative_to(root) for p in root.rglob("*") if p.is_file()}
        return {n for n in names if not any(s in n.parents for s in stores)}
    names_a, names_b = files(a), files(b)
    for name in sorted(names_a ^ names_b):
        diffs.append(f"only in {'A' if name in names_a else 'B'}: {name}")
    for name in sorted(names_a & names_b):
        fa, fb = a / name, b / name
        if name.name == "report.json":
            ra, rb = json.loads(fa.read_text(encoding="utf-8")), json.loads(fb.read_text(encoding="utf-8"))
            if ra.get("rules_version") != rb.get("rules_version"):
                print(f"note: {name}: rules_version {ra.get('rules_version')} -> {rb.get('rules_version')}")
            if _report(fa) != _report(fb):
                diffs.append(f"differs: {name} (beyond run measures)")
        elif fa.read_bytes() != fb.read_bytes():
            diffs.append(f"differs: {name}")
    for name in sorted(stores):
        in_a, in_b = (a / name).is_dir(), (b / name).is_dir()
        if in_a != in_b:
            diffs.append(f"only in {'A' if in_a else 'B'}: {name}/")
        elif (why := compare_store(a / name, b / name)) is not None:
            diffs.append(f"differs: {name}/ by content: {why}")
    return diffs


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="same.py",
        description="Are two kg output folders (or two trees of them) the same build? Every file must have "
                    "identical bytes, except report.json (compared without its run measures: seconds, timings, "
                    "inputs, output_bytes, cluster, rules_version) and the SPARQL store folder store/ (compared "
                    "by its quads and kg-store.json without timing and graph.ttl's mtime).",
        epilog="Exit codes: 0 all match; 1 some differ (each difference named on a line); 2 usage error.")
    p.add_argument("a", metavar="A", type=Path, help="an output folder, or a folder of them")
    p.add_argument("b", metavar="B", type=Path, help="the folder to compare it with")
    args = p.parse_args(argv)
    for side in (args.a, args.b):
        if not side.is_dir():
            p.error(f"{side}: no such folder")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    a, b = args.a, args.b
    diffs = compare(a, b)
    for d in diffs:
        print(d)
    files = sum(1 for p in a.rglob("*") if p.is_file())
    print(f"{'identical' if not diffs else f'{len(diffs)} difference(s)'}: {files} files under {a} vs {b}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
