#!/usr/bin/env python3
"""A local build and a Dask cluster build of generated corpora, side by side (issue 20).

    .venv/bin/python bench/cluster_build.py [N ...] [--workers 2] [--seed 0] [--corpora DIR] [--keep]

For each N (default 2000): generates N documents (bench/generate.py, shards of 1,000, kept in
--corpora for the next run), then runs `kg build -j W` and `kg build -j W --cluster local:W` as
child processes, one after the other, and prints for each: wall time, documents per second and per
worker, the peak resident memory (VmHWM) of the client process and of each worker process (the
forked pool's, or the Dask workers'), and whether the two outputs are the same build (bench/same.py).
Peaks are read from /proc every 0.2 s while the build runs (Linux only), so a worker's last 0.2 s
may be missed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from same import compare  # noqa: E402  (bench/ is no package)

PY = os.environ.get("PY", sys.executable)


def _peak_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _children(pid: int) -> list[int]:
    """Every descendant of `pid`: the children of each of its threads (a LocalCluster's nannies start
    their workers from the event loop's thread), and theirs."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = []
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    kids += [int(x) for x in fh.read().split()]
        except OSError:
            pass
        out.extend(kids)
        todo.extend(kids)
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def run_build(args: list[str]) -> dict:
    """`kg build ARGS` in a child process: wall seconds, and peak KiB of it and of each descendant
    that runs Python (the workers; not the resource tracker, which does no work)."""
    t = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "kg.cli", "build", *args], cwd="/")
    peaks: dict[int, int] = {}
    kinds: dict[int, str] = {}
    while proc.poll() is None:
        for pid in [proc.pid, *_children(proc.pid)]:
            kib = _peak_kib(pid)
            if kib is not None:
                peaks[pid] = max(peaks.get(pid, 0), kib)
                kinds.setdefault(pid, _cmdline(pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        raise SystemExit(f"kg build {' '.join(args)} failed with exit {proc.returncode}")
    client = peaks.pop(proc.pid, 0)
    workers = [kib for pid, kib in sorted(peaks.items()) if "resource_tracker" not in kinds.get(pid, "")
               and kib > 60_000]          # (a process that never loaded kg is no worker)
    return {"seconds": seconds, "client_kib": client, "worker_kib": workers}


def corpus(n: int, seed: int, root: Path) -> Path:
    path = root / f"gen{n}_s{seed}"
    if not (path / ".done").exists():
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([PY, str(HERE / "generate.py"), str(n), str(path), "--seed", str(seed)], check=True,
                       stdout=subprocess.DEVNULL)
        (path / ".done").write_text("", encoding="utf-8")
    return path


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sizes", nargs="*", type=int, default=[2000], help="documents per corpus (default 2000)")
    p.add_argument("--workers", type=int, default=2, help="worker processes, local and on the cluster (default 2)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--corpora", default=os.path.join(tempfile.gettempdir(), "kg-dask-bench"),
                   help="where the generated corpora are kept")
    p.add_argument("--keep", action="store_true", help="keep the output folders (in --corpora)")
    args = p.parse_args(argv)
    root = Path(args.corpora)
    root.mkdir(parents=True, exist_ok=True)
    w = args.workers
    rows = []
    for n in args.sizes:
        src = corpus(n, args.seed, root)
        outs = {}
        for mode, extra in (("local", []), ("cluster", ["--cluster", f"local:{w}"])):
            out = root / f"out{n}_{mode}"
            shutil.rmtree(out, ignore_errors=True)
            outs[mode] = out
            r = run_build([str(src), "-o", str(out), "-q", "--no-store", "-j", str(w), *extra])
            rows.append((n, mode, r))
            print(f"{n:>7,} {mode:<8} {r['seconds']:7.1f} s  client {_mib(r['client_kib'])} MiB  workers "
                  f"{', '.join(_mib(k) for k in r['worker_kib'])} MiB", flush=True)
        diffs = compare(outs["local"], outs["cluster"])
        print(f"{n:>7,} same build: {'yes' if not diffs else '; '.join(diffs)}", flush=True)
        if not args.keep:
            for out in outs.values():
                shutil.rmtree(out, ignore_errors=True)
    print()
    print(f"| documents | build | wall s | docs/s | docs/s per worker | client peak MiB | worker peaks MiB |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for n, mode, r in rows:
        label = f"-j {w}" if mode == "local" else f"--cluster local:{w}"
        rate = n / r["seconds"]
        print(f"| {n:,} | {label} | {r['seconds']:.1f} | {rate:.0f} | {rate / w:.0f} | {_mib(r['client_kib'])} | "
              f"{', '.join(_mib(k) for k in r['worker_kib'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
