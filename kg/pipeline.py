"""The pipeline, end to end: read -> normalise -> segment -> extract -> resolve -> graph -> export."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import segment
from .extract.entities import extract_entities
from .extract.figures import extract_figures
from .extract.relations import extract_relations
from .graph import DEFAULT_BASE_IRI, build_graph
from .model import DocResult, Problem, RawDocument
from .normalise import normalise_document
from .read import read_inputs
from .resolve import resolve
from .rules import RulePack, load_rules

SAMPLE_DIR = Path(__file__).parent / "sample"


@dataclass
class BuildResult:
    out_dir: Path
    documents: int
    problems: list[Problem]
    counts: dict
    seconds: float
    timings: dict = field(default_factory=dict)
    rules_version: str = ""


def process_document(raw: RawDocument, rules: RulePack) -> DocResult:
    """All per-document stages; pure given the rule pack (safe to run in workers)."""
    doc = normalise_document(raw, rules)
    sentences = segment.split_sentences(doc.text, rules)
    mentions = extract_entities(doc, sentences, rules)
    figures = extract_figures(doc, sentences, mentions, rules)
    relations = extract_relations(doc, sentences, mentions, rules)
    return DocResult(doc, sentences, mentions, figures, relations)


def build(inputs: list[str] | None = None, out_dir: str | Path = "output", base_iri: str = DEFAULT_BASE_IRI,
          rule_files: list[str] = (), progress: bool = True) -> BuildResult:
    from .export import write_all

    t0 = time.perf_counter()
    timings = {}
    rules = load_rules(rule_files)
    segment.setup(rules)
    inputs = list(inputs) if inputs else [str(SAMPLE_DIR)]

    t = time.perf_counter()
    raws, problems = read_inputs(inputs)
    timings["read"] = time.perf_counter() - t

    t = time.perf_counter()
    results = []
    bar = _progress(len(raws)) if progress and len(raws) > 5 else None
    for raw in raws:
        results.append(process_document(raw, rules))
        if bar:
            bar.update(1)
    if bar:
        bar.close()
    timings["process"] = time.perf_counter() - t

    t = time.perf_counter()
    ents, rels, figs = resolve(results, rules, base_iri)
    timings["resolve"] = time.perf_counter() - t

    g = build_graph([r.document for r in results], ents, rels, figs, base_iri=base_iri,
                    rules_version=rules.version)
    counts = {
        "documents": len(results),
        "entities": _count_types(ents),
        "relations": _count_preds(rels),
        "figures": len(figs),
    }
    out_dir = Path(out_dir)
    t = time.perf_counter()
    report = {
        "documents_read": len(results),
        "skipped": [dict(path=p.path, reason=p.reason, action=p.action, line=p.line) for p in problems],
        "counts": counts,
        "rules_version": rules.version,
        "rule_sources": list(rules.sources),
    }
    _write_atomically(out_dir, lambda tmp: write_all(g, tmp, report, timings, t0))
    timings["export"] = time.perf_counter() - t
    return BuildResult(out_dir, len(results), problems, counts, time.perf_counter() - t0, timings, rules.version)


def _write_atomically(out_dir: Path, write) -> None:
    """Write into a sibling temp folder, then swap it in, so a crash never mixes old and new files."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        write(tmp)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _count_types(ents) -> dict:
    out: dict[str, int] = {}
    for e in ents:
        out[e.type] = out.get(e.type, 0) + 1
    return dict(sorted(out.items()))


def _count_preds(rels) -> dict:
    out: dict[str, int] = {}
    for r in rels:
        out[r.predicate] = out.get(r.predicate, 0) + 1
    return dict(sorted(out.items()))


def _progress(total: int):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return None
    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)
