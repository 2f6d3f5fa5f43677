"""Stage 7: exporters. Each reads only the networkx graph (kg.graph)."""
from __future__ import annotations

import json
import time
from pathlib import Path

from .jsonl import write_jsonl


def write_all(g, out_dir: Path, report: dict, timings: dict, t0: float) -> None:
    from .html import write_html
    from .rdf import write_turtle

    t = time.perf_counter()
    write_jsonl(g, out_dir)
    timings["export_jsonl"] = time.perf_counter() - t
    t = time.perf_counter()
    write_turtle(g, out_dir / "graph.ttl")
    timings["export_ttl"] = time.perf_counter() - t
    t = time.perf_counter()
    write_html(g, out_dir / "graph.html")
    timings["export_html"] = time.perf_counter() - t
    report = dict(report)
    report["seconds"] = round(time.perf_counter() - t0, 3)
    report["output_bytes"] = {p.name: p.stat().st_size for p in sorted(Path(out_dir).iterdir()) if p.is_file()}
    report["timings"] = {k: round(v, 3) for k, v in timings.items()}
    (out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
