"""One large document through the per-document stages: time and peak memory by size.

    python bench/large_document.py [--sizes 1 2 4] [--timeout 600] [--one-paragraph]

Each size (MB of UTF-8 text) is one document made by joining generated articles (bench/generate.py,
seed 0) until it is that large, run through kg.pipeline.process_document in a fresh process (so each
peak RSS is its own). Prints one line per size: characters, seconds (normalise..resolve_local),
mentions, figures, relations, and the peak resident memory. On a busy machine, compare the CPU
seconds (the process's own) rather than the wall-clock ones. `--one-paragraph` joins the articles
with no line breaks (the whole text is one paragraph). A size that does not finish within --timeout
seconds prints "timeout". Cost per character should not grow with size.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def make_text(megabytes: float, one_paragraph: bool = False) -> str:
    sys.path.insert(0, str(HERE))
    from generate import generate

    parts, size = [], 0
    for rec in generate(100_000, seed=0):
        body = rec["text"].replace("\n", "") if one_paragraph else rec["text"]
        parts.append(body)
        size += len(body.encode("utf-8")) + 1
        if size >= megabytes * 1_000_000:
            break
    return ("" if one_paragraph else "\n").join(parts)


def run_one(megabytes: float, one_paragraph: bool) -> dict:
    """This process: build the text, run the stages once, return the figures."""
    from kg import pipeline
    from kg.graph import gc_paused
    from kg.model import RawDocument

    text = make_text(megabytes, one_paragraph)
    # rule compilation and jieba set-up are not the document's cost
    nlp = pipeline.load_pipeline(pipeline.load_rules([], compile=False))
    timings: dict = {}
    t, cpu = time.perf_counter(), time.process_time()
    with gc_paused():                    # as in kg.pipeline.build, where one document runs in-process
        res = pipeline.process_document(RawDocument(id="large", path="large.txt", text=text), nlp, timings)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"mb": megabytes, "chars": len(text), "seconds": round(seconds, 2), "cpu": round(cpu, 2),
            "stages": {k: round(v, 2) for k, v in timings.items()},
            "mentions": len(res.mentions), "figures": len(res.figures), "relations": len(res.relations),
            "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4], help="document sizes in MB")
    ap.add_argument("--timeout", type=float, default=600, help="seconds allowed per size")
    ap.add_argument("--one-paragraph", action="store_true", help="no line breaks in the document")
    ap.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        print(json.dumps(run_one(args.child, args.one_paragraph)))
        return 0
    print(f"{'MB':>5} {'chars':>10} {'seconds':>8} {'CPU s':>8} {'mentions':>9} {'figures':>8} {'relations':>9} {'peak MiB':>9}"
          f"  stages")
    for mb in args.sizes:
        cmd = [sys.executable, __file__, "--child", str(mb)] + (["--one-paragraph"] if args.one_paragraph else [])
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, check=True)
        except subprocess.TimeoutExpired:
            print(f"{mb:>5g} {'':>10} {'timeout':>8}  (> {args.timeout:g} s)", flush=True)
            continue
        except subprocess.CalledProcessError as exc:
            print(f"{mb:>5g} failed: {exc.stderr.strip().splitlines()[-1:]}", flush=True)
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{mb:>5g} {r['chars']:>10,} {r['seconds']:>8.2f} {r['cpu']:>8.2f} {r['mentions']:>9,} {r['figures']:>8,} "
              f"{r['relations']:>9,} {r['peak_mib']:>9,}  {r['stages']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
