"""Stage 7: exporters. Each reads only the networkx graph (kg.graph)."""
from __future__ import annotations

import json
import time
from pathlib import Path

from ..procs import can_fork, fork_pool, shared, shutdown_pool
from .jsonl import JSONL_FILES, write_jsonl

# With the Turtle mostly copied (an incremental rebuild), this process writes graph.ttl and this
# JSONL file while the forked one writes the rest: about equal shares (measured at 5,000 documents).
KEPT_JSONL = ("relations",)


def write_all(g, out_dir: Path, report: dict, timings: dict, t0: float, jobs: int = 1,
              memo=None) -> None:
    """Every output file. memo: see kg.export.rdf.write_turtle. The files are the same bytes for any
    jobs, with or without memo. jobs > 1 shares the work between processes, one of two ways:
    - graph.ttl mostly copied from an earlier build (memo holds its parts): the JSONL files and
      graph.html are written by a forked process while this one writes graph.ttl;
    - otherwise graph.ttl's per-document parts render in jobs - 1 forked workers while this
      process writes the JSONL files and graph.html (one process fewer to fork: each copies
      the pages of the graph it touches).
    A forked process that dies raises BrokenProcessPool."""
    from .rdf import write_turtle

    out_dir = Path(out_dir)
    ttl = out_dir / "graph.ttl"
    spent: dict[str, float] = {}
    t = time.perf_counter()
    if jobs > 1 and memo is not None and memo.spans and can_fork():
        side = _SideExports(g, out_dir, [n for n in JSONL_FILES if n not in KEPT_JSONL])
        try:
            write_turtle(g, ttl, memo=memo)
            timings["export_ttl"] = time.perf_counter() - t
            t = time.perf_counter()
            write_jsonl(g, out_dir, KEPT_JSONL)
            kept = time.perf_counter() - t
            spent = side.result()
            spent["export_jsonl"] += kept
        finally:
            side.close()
    else:
        write_turtle(g, ttl, workers=max(0, jobs - 1), memo=memo,
                     meanwhile=lambda: spent.update(jsonl_and_html(g, out_dir)))
        # this process's share of the Turtle; with workers most of its rendering overlapped the others
        timings["export_ttl"] = time.perf_counter() - t - sum(spent.values())
    timings.update(spent)
    report = dict(report)
    report["seconds"] = round(time.perf_counter() - t0, 3)
    report["output_bytes"] = {p.name: p.stat().st_size for p in sorted(Path(out_dir).iterdir()) if p.is_file()}
    report["timings"] = {k: round(v, 3) for k, v in timings.items()}
    (out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def jsonl_and_html(g, out_dir: Path, jsonl=JSONL_FILES) -> dict[str, float]:
    """The JSONL files (all, or those named) and graph.html; the seconds each took."""
    from .html import write_html

    spent = {}
    t = time.perf_counter()
    write_jsonl(g, out_dir, jsonl)
    spent["export_jsonl"] = time.perf_counter() - t
    t = time.perf_counter()
    write_html(g, out_dir / "graph.html")
    spent["export_html"] = time.perf_counter() - t
    return spent


def _forked_jsonl_and_html() -> dict[str, float]:
    return jsonl_and_html(*shared())


class _SideExports:
    """jsonl_and_html(g, out_dir, jsonl) in a forked process, started at once (kg.procs.fork_pool:
    its errors come back as exceptions, its death as BrokenProcessPool)."""

    def __init__(self, g, out_dir: Path, jsonl):
        self.pool, (self.future,) = fork_pool(1, (g, out_dir, jsonl), [(_forked_jsonl_and_html,)])

    def result(self) -> dict[str, float]:
        return self.future.result()

    def close(self) -> None:
        """Wait for the process, or, after an error here, stop it at once."""
        shutdown_pool(self.pool, [self.future])
