"""Stage 7: exporters. Each reads only the networkx graph (kg.graph)."""
from __future__ import annotations

import json
import time
from pathlib import Path

from .jsonl import write_jsonl


def write_all(g, out_dir: Path, report: dict, timings: dict, t0: float, jobs: int = 1,
              memo=None) -> None:
    """Every output file. jobs > 1: graph.ttl's per-document parts are rendered in jobs - 1 forked
    workers while this process writes the JSONL files and graph.html. memo: see
    kg.export.rdf.write_turtle. The files are the same bytes for any jobs, with or without memo."""
    from .html import write_html
    from .rdf import write_turtle

    out_dir = Path(out_dir)
    spent: dict[str, float] = {}

    def other_exports() -> None:        # runs while the Turtle workers render (jobs > 1)
        t = time.perf_counter()
        write_jsonl(g, out_dir)
        spent["export_jsonl"] = time.perf_counter() - t
        t = time.perf_counter()
        write_html(g, out_dir / "graph.html")
        spent["export_html"] = time.perf_counter() - t

    t = time.perf_counter()
    write_turtle(g, out_dir / "graph.ttl", jobs=jobs, memo=memo, meanwhile=other_exports)
    # this process's share of the Turtle; with workers most of its rendering overlapped the others
    timings["export_ttl"] = time.perf_counter() - t - sum(spent.values())
    timings.update(spent)
    report = dict(report)
    report["seconds"] = round(time.perf_counter() - t0, 3)
    report["output_bytes"] = {p.name: p.stat().st_size for p in sorted(Path(out_dir).iterdir()) if p.is_file()}
    report["timings"] = {k: round(v, 3) for k, v in timings.items()}
    (out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
