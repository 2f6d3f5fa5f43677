#!/usr/bin/env python3
"""Build time of two kg source trees, side by side in one run.

usage: compare.py BEFORE_SRC AFTER_SRC [--sizes 1000 5000] [--pairs 3] [--jobs 0]

Generates each corpus once (bench/generate.py, seed 7), then alternates builds with BEFORE and
AFTER (a fresh process each, `python -P -m kg.cli build` with PYTHONPATH set to the tree, from a
neutral folder so the checkout itself is not imported) and prints the wall time of every build and
the median of the paired ratios AFTER / BEFORE. The machine drifts within minutes; alternating the
two trees is what makes the ratio meaningful."""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build_seconds(src: Path, corpus: Path, out: Path, jobs: int) -> float:
    cmd = [sys.executable, "-P", "-m", "kg.cli", "build", str(corpus), "-o", str(out), "-q", "-j", str(jobs)]
    t = time.perf_counter()
    subprocess.run(cmd, cwd="/", env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    p.add_argument("--pairs", type=int, default=3)
    p.add_argument("--jobs", type=int, default=0)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-compare-") as tmp:
        tmp = Path(tmp)
        print(f"{'documents':>9}  {'before s':>9}  {'after s':>9}  {'ratio':>6}")
        for n in args.sizes:
            corpus = tmp / f"gen{n}"
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(corpus), "--seed", "7"],
                           check=True, stdout=subprocess.DEVNULL)
            build_seconds(args.after, corpus, tmp / "warm", args.jobs)      # page cache, bytecode
            ratios = []
            for i in range(args.pairs):
                order = [("before", args.before), ("after", args.after)]
                if i % 2:
                    order.reverse()
                t = {name: build_seconds(src, corpus, tmp / f"out-{name}", args.jobs) for name, src in order}
                ratios.append(t["after"] / t["before"])
                print(f"{n:>9,}  {t['before']:9.2f}  {t['after']:9.2f}  {ratios[-1]:6.3f}", flush=True)
            print(f"{n:>9,}  median ratio after/before: {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
