"""Stage 7: exporters, behind a registry. Each reads the resolved records through kg.graph.Records
(entities, relations, figures, documents as plain iterators), never the networkx graph's internals.

EXPORTERS maps a name to an Exporter: the seconds key it reports under and its writer,
`write(records, out_dir)`. One exporter is the lead (graph.ttl): it may render in forked workers and
reuse an earlier build's parts, and the others run beside it (write_all). A new format is one
more entry in the registry (or in the `exporters` a caller passes to write_all).
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from .. import graph as G
from ..runner import PoolRunner, can_fork
from .jsonl import JSONL_FILES, write_jsonl


class Exporter(NamedTuple):
    timing: str                        # report.json "timings" key its seconds add to
    write: Callable[..., None]         # write(records, out_dir); the lead also takes workers, memo, meanwhile
    lead: bool = False                 # graph.ttl: workers and memo (kg.export.rdf.write_turtle)


def _turtle(g, out_dir: Path, workers: int = 0, memo=None, meanwhile=None) -> None:
    from .rdf import write_turtle
    write_turtle(g, Path(out_dir) / "graph.ttl", workers=workers, memo=memo, meanwhile=meanwhile)


def _jsonl(name: str) -> Callable[[object, Path], None]:
    def write(g, out_dir: Path) -> None:
        write_jsonl(g, out_dir, (name,))
    return write


def _mentions(g, out_dir: Path) -> None:
    from .mentions import write_mentions
    write_mentions(g, Path(out_dir) / "mentions.jsonl")


def _html(g, out_dir: Path) -> None:
    from .html import write_html
    write_html(g, Path(out_dir) / "graph.html")


# in the order the files are written (the side exporters in this order, after or beside the lead)
EXPORTERS: Mapping[str, Exporter] = MappingProxyType({
    "turtle": Exporter("export_ttl", _turtle, lead=True),
    **{f"jsonl.{name}": Exporter("export_jsonl", _jsonl(name)) for name in JSONL_FILES},
    "jsonl.mentions": Exporter("export_jsonl", _mentions),
    "html": Exporter("export_html", _html),
})

# With the Turtle mostly copied (an incremental rebuild), this process writes graph.ttl and this
# JSONL file while the forked one writes the rest: about equal shares (measured at 5,000 documents).
KEPT = ("jsonl.relations",)


def write_all(g, out_dir: Path, report: dict, timings: dict, t0: float, jobs: int = 1,
              memo=None, exporters: Mapping[str, Exporter] = EXPORTERS) -> None:
    """Every exporter's files, then report.json. memo: see kg.export.rdf.write_turtle. The files are
    the same bytes for any jobs, with or without memo. jobs > 1 shares the work between processes,
    one of two ways:
    - graph.ttl mostly copied from an earlier build (memo holds its parts): the side exporters but
      KEPT run in a forked process while this one writes graph.ttl and then KEPT;
    - otherwise graph.ttl's per-document parts render in jobs - 1 forked workers while this
      process runs the side exporters (one process fewer to fork: each copies the pages of the
      graph it touches).
    A forked process that dies raises BrokenProcessPool. g: kg.graph.Records, or the graph."""
    out_dir, g = Path(out_dir), G.records(g)
    lead = next((e for e in exporters.values() if e.lead), None)
    sides = [name for name, e in exporters.items() if not e.lead]
    spent: dict[str, float] = {}
    t = time.perf_counter()
    if lead is None:
        spent = run_exporters(g, out_dir, sides, exporters)
    elif jobs > 1 and memo is not None and memo.spans and can_fork():
        kept = [name for name in sides if name in KEPT]
        side = _SideExports(g, out_dir, [name for name in sides if name not in KEPT], exporters)
        try:
            lead.write(g, out_dir, memo=memo)
            timings[lead.timing] = time.perf_counter() - t
            here = run_exporters(g, out_dir, kept, exporters)
            spent = side.result()
            for key, seconds in here.items():
                spent[key] = spent.get(key, 0.0) + seconds
        finally:
            side.close()
    else:
        lead.write(g, out_dir, workers=max(0, jobs - 1), memo=memo,
                   meanwhile=lambda: spent.update(run_exporters(g, out_dir, sides, exporters)))
        # this process's share of the Turtle; with workers most of its rendering overlapped the others
        timings[lead.timing] = time.perf_counter() - t - sum(spent.values())
    timings.update(spent)
    report = dict(report)
    report["seconds"] = round(time.perf_counter() - t0, 3)
    report["output_bytes"] = {p.name: p.stat().st_size for p in sorted(Path(out_dir).iterdir()) if p.is_file()}
    report["timings"] = {k: round(v, 3) for k, v in timings.items()}
    (out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def run_exporters(g, out_dir: Path, names: Iterable[str],
                  exporters: Mapping[str, Exporter] = EXPORTERS) -> dict[str, float]:
    """The named exporters, in order; the seconds they took, summed per timing key."""
    spent: dict[str, float] = {}
    for name in names:
        exporter = exporters[name]
        t = time.perf_counter()
        exporter.write(g, out_dir)
        spent[exporter.timing] = spent.get(exporter.timing, 0.0) + time.perf_counter() - t
    return spent


def _side_exports(context: tuple, _item) -> dict[str, float]:
    return run_exporters(*context)


class _SideExports:
    """run_exporters(g, out_dir, names, exporters) in a forked process, started at once (kg.runner:
    its errors come back as exceptions, its death as BrokenProcessPool)."""

    def __init__(self, g, out_dir: Path, names: list[str], exporters: Mapping[str, Exporter]):
        self.mapped = PoolRunner(1, "fork").map(_side_exports, [None], context=(g, out_dir, names, exporters))

    def result(self) -> dict[str, float]:
        (spent,) = self.mapped
        return spent

    def close(self) -> None:
        """Wait for the process, or, after an error here, stop it at once."""
        self.mapped.close()
