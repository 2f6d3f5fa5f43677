#!/usr/bin/env python3
"""Build time of two kg source trees, side by side in one run.

usage: compare.py BEFORE_SRC AFTER_SRC [--sizes 1000 5000] [--pairs 3] [--jobs 0]

Generates each corpus once (bench/generate.py, seed 7), then alternates builds with BEFORE and
AFTER (a fresh process each, `python -P -m kg.cli build` with PYTHONPATH set to the tree, from a
neutral folder so the checkout itself is not imported) and prints the wall time of every build and
the median of the paired ratios AFTER / BEFORE. The machine drifts within minutes; alternating the
two trees is what makes the ratio meaningful. Beside wall time it prints the CPU seconds (user + sys)
of each build process and the workers it waited for (RUSAGE_CHILDREN before and after the build), and
their median paired ratio, and the 1-minute load average after each pair: on a shared 2-core machine
other jobs stretch wall time, CPU seconds much less. A descendant the build never waits for is not
counted."""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def build_seconds(src: Path, corpus: Path, out: Path, jobs: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build process and its waited-for descendants)."""
    cmd = [sys.executable, "-P", "-m", "kg.cli", "build", str(corpus), "-o", str(out), "-q", "-j", str(jobs)]
    cpu, t = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, cwd="/", env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t, _children_cpu() - cpu


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
        print(f"{'documents':>9}  {'before s':>9}  {'after s':>9}  {'ratio':>6}"
              f"  {'before cpu':>10}  {'after cpu':>9}  {'cpu ratio':>9}  {'load 1m':>7}")
        for n in args.sizes:
            corpus = tmp / f"gen{n}"
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(corpus), "--seed", "7"],
                           check=True, stdout=subprocess.DEVNULL)
            build_seconds(args.after, corpus, tmp / "warm", args.jobs)      # page cache, bytecode
            ratios, cpu_ratios, runs = [], [], {"before": [], "after": []}      # runs: (wall, cpu) per build
            for i in range(args.pairs):
                order = [("before", args.before), ("after", args.after)]
                if i % 2:
                    order.reverse()
                for name, src in order:
                    runs[name].append(build_seconds(src, corpus, tmp / f"out-{name}", args.jobs))
                (tb, cb), (ta, ca) = runs["before"][-1], runs["after"][-1]
                ratios.append(ta / tb)
                cpu_ratios.append(ca / cb)
                print(f"{n:>9,}  {tb:9.2f}  {ta:9.2f}  {ratios[-1]:6.3f}"
                      f"  {cb:10.2f}  {ca:9.2f}  {cpu_ratios[-1]:9.3f}  {os.getloadavg()[0]:7.2f}", flush=True)
            print(f"{n:>9,}  median ratio after/before: {statistics.median(ratios):.3f}")
            med = {(name, k): statistics.median(r[k] for r in runs[name]) for name in runs for k in (0, 1)}
            print(f"{n:>9,}  median CPU ratio after/before: {statistics.median(cpu_ratios):.3f}"
                  f"  (median wall {med['before', 0]:.2f} s / {med['after', 0]:.2f} s,"
                  f" CPU {med['before', 1]:.2f} s / {med['after', 1]:.2f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
