"""The SPARQL store (issue 19): load time, store size, query latency store vs parse, incremental update.

    .venv/bin/python bench/store.py [--sizes 5000 20000] [--work /tmp/kg-store-bench] [--seed 0]
                                    [--output N=DIR] [--query-timeout S] [--incremental-size N]

For each size N (generated articles, bench/generate.py):
- builds the corpus once (`kg build --incremental --no-store`; reused from --work on later runs, or
  an output folder of N documents built before, --output N=DIR);
- `kg load OUT`: wall time (the whole command) and the bulk load inside it, store size on disk;
- `oxigraph load` (the oxigraph CLI) on the same graph.ttl into a fresh store: the speed of the
  whole `kg load` command as a multiple of it (target >= 0.7);
- every saved query: `kg query` end to end (a child process, open the store, query, format) with
  the store, against parsing graph.ttl: kg query's parse path loads graph.ttl into memory for every
  query, so "parse" is the load (measured once, in a child process) plus that query on the loaded
  graph; a query still running after --query-timeout is shown as ">S";
- at --incremental-size documents, one more article: `kg build --incremental` on a copy of the
  output (hard links) and the store update inside it (the store's stamp: seconds, subjects
  rewritten), against a full bulk load.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate, write_jsonl  # noqa: E402

from kg.commands.serve import oxigraph_program  # noqa: E402
from kg.query import EXIT_OK, answer_query, default_prefixes, query_oxigraph, saved_queries  # noqa: E402
from kg.store import read_stamp, store_for  # noqa: E402
from kg.terms import load_oxigraph  # noqa: E402

KG = [sys.executable, "-m", "kg"]
STORE_TARGET_S = 2.0
CLI_RATIO_TARGET = 0.7


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def linked_copy(src: Path, dst: Path) -> None:
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, copy_function=os.link)


def parse_times(out: Path, limit: float) -> dict:
    """--parse-only in a child: the load, then each query on the loaded graph, as they finish."""
    found: dict = {}
    proc = subprocess.Popen([sys.executable, __file__, "--parse-only", str(out)], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + limit
    try:
        import selectors
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not sel.select(max(0.0, deadline - time.monotonic())):
                break
            line = proc.stdout.readline()
            if not line:
                break
            name, seconds = json.loads(line)
            found[name] = seconds
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return found


def parse_only(out: Path) -> None:
    t = time.perf_counter()
    mem = load_oxigraph(out / "graph.ttl")
    print(json.dumps(["(load)", time.perf_counter() - t]), flush=True)
    prefixes = default_prefixes(out)
    for name, (_, text) in saved_queries().items():
        t = time.perf_counter()
        query_oxigraph(mem, text, prefixes)
        print(json.dumps([name, time.perf_counter() - t]), flush=True)


def bench_size(n: int, args) -> dict:
    work = args.work
    corpus, out, cache = work / f"c{n}", work / f"o{n}", work / f"cache{n}"
    out = args.output.get(n, out)
    row: dict = {"n": n}
    incremental = n == args.incremental_size
    if incremental and not corpus.is_dir():
        write_jsonl(generate(n, args.seed), corpus)
    if not (out / "report.json").is_file() or (incremental and not cache.is_dir()):
        if not corpus.is_dir():
            write_jsonl(generate(n, args.seed), corpus)
        print(f"[{n}] building (first run only)", file=sys.stderr, flush=True)
        row["build_s"] = timed(KG + ["build", str(corpus), "-o", str(out), "--incremental", "--cache-dir", str(cache),
                                     "--no-store", "-q"])
    ttl = out / "graph.ttl"
    row["ttl_mb"] = ttl.stat().st_size / 2**20

    print(f"[{n}] kg load", file=sys.stderr, flush=True)
    row["load_s"] = timed(KG + ["load", "-q", str(out)])
    row["bulk_s"] = read_stamp(out)["seconds"]
    row["store_mb"] = du(out / "store") / 2**20
    program = oxigraph_program()
    if program:
        print(f"[{n}] oxigraph load", file=sys.stderr, flush=True)
        cli_db = work / f"cli-db{n}"
        shutil.rmtree(cli_db, ignore_errors=True)
        row["cli_load_s"] = timed([program, "load", "--location", str(cli_db), "--file", str(ttl)])
        row["cli_mb"] = du(cli_db) / 2**20
        shutil.rmtree(cli_db, ignore_errors=True)

    print(f"[{n}] queries from the store", file=sys.stderr, flush=True)
    saved = saved_queries()
    store_s = {}
    for name, (_, text) in saved.items():
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            code, msg = answer_query(out, text, "csv", timeout=args.query_timeout)
            times.append(time.perf_counter() - t if code == EXIT_OK else None)
            if code != EXIT_OK:
                print(f"[{n}] {name}: {msg}", file=sys.stderr, flush=True)
                break
        store_s[name] = statistics.median(times) if None not in times else None
    print(f"[{n}] parsing graph.ttl", file=sys.stderr, flush=True)
    parsed = parse_times(out, args.parse_limit)
    parse_load = parsed.pop("(load)", None)
    parse_s = {name: parse_load + q for name, q in parsed.items()}
    row.update(parse_load_s=parse_load, store_s=store_s, parse_s=parse_s)
    if not incremental:
        return row

    print(f"[{n}] incremental: one more article", file=sys.stderr, flush=True)
    inc_corpus, inc_out = work / f"c{n}-inc", work / f"o{n}-inc"
    shutil.rmtree(inc_corpus, ignore_errors=True)
    inc_corpus.mkdir()
    for f in corpus.iterdir():
        os.link(f, inc_corpus / f.name)
    extra = next(iter(generate(1, args.seed + 1)))
    extra["id"] = "bench-store-extra-doc"
    (inc_corpus / "zz-extra.jsonl").write_text(json.dumps(extra, ensure_ascii=False) + "\n", encoding="utf-8")
    linked_copy(out, inc_out)
    row["inc_build_s"] = timed(KG + ["build", str(inc_corpus), "-o", str(inc_out), "--incremental",
                                     "--cache-dir", str(cache), "-q"])
    stamp = read_stamp(inc_out)
    row["inc_mode"], row["inc_store_s"] = stamp["mode"], stamp["seconds"]
    row["inc_subjects"] = stamp.get("subjects")
    assert store_for(inc_out) is not None
    shutil.rmtree(inc_out, ignore_errors=True)
    shutil.rmtree(inc_corpus, ignore_errors=True)
    return row


def report(rows: list[dict]) -> str:
    lines = ["size     ttl MB  kg load s  bulk s  store MB  oxigraph load s  speed vs CLI  parse load s"]
    for r in rows:
        ratio = r["cli_load_s"] / r["load_s"] if r.get("cli_load_s") else float("nan")
        lines.append(f"{r['n']:>6,}  {r['ttl_mb']:7.1f}  {r['load_s']:9.1f}  {r['bulk_s']:6.1f}  {r['store_mb']:8.1f}  "
                     f"{r.get('cli_load_s', float('nan')):15.1f}  {ratio:11.2f}x  {_s(r['parse_load_s'], 12, 1)}")
    for r in rows:
        if "inc_mode" in r:
            lines.append(f"incremental at {r['n']:,}+1 documents: kg build --incremental {r['inc_build_s']:.1f} s, of which "
                         f"the store update {r['inc_store_s']:.2f} s ({r['inc_mode']}, {r['inc_subjects']} subjects "
                         f"rewritten) against a full bulk load of {r['bulk_s']:.1f} s")
    lines.append("")
    names = sorted(rows[0]["store_s"])
    lines.append("query".ljust(28) + "".join(f"  {r['n']:>6,} store s  {r['n']:>6,} parse s" for r in rows))
    for name in names:
        lines.append(name.ljust(28) + "".join(f"  {_s(r['store_s'].get(name), 14, 2)}  {_s(r['parse_s'].get(name), 14, 1)}"
                                              for r in rows))
    for r in rows:
        worst = max((v if v is not None else float("inf")) for v in r["store_s"].values())
        ratio = r["cli_load_s"] / r["load_s"] if r.get("cli_load_s") else float("nan")
        lines.append(f"{r['n']:,} docs: slowest query from the store {worst:.2f} s (target <= {STORE_TARGET_S:g} s: "
                     f"{'met' if worst <= STORE_TARGET_S else 'NOT met'}); bulk load at {ratio:.2f}x the oxigraph "
                     f"CLI's speed (target >= {CLI_RATIO_TARGET}: {'met' if ratio >= CLI_RATIO_TARGET else 'NOT met'})")
    return "\n".join(lines)


def _s(v: float | None, width: int, digits: int) -> str:
    return (f"{v:{width}.{digits}f}" if v is not None else "—".rjust(width))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-store-bench"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each query from the store (median)")
    ap.add_argument("--query-timeout", type=float, default=120.0, help="kg query --timeout for each query (s)")
    ap.add_argument("--parse-limit", type=float, default=1200.0, help="time for the whole parse side of a size (s)")
    ap.add_argument("--incremental-size", type=int, default=5000, help="size at which to add one article")
    ap.add_argument("--output", action="append", default=[], metavar="N=DIR", help="an output of N docs built before")
    ap.add_argument("--parse-only", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.parse_only:
        return parse_only(args.parse_only)
    args.output = {int(k): Path(v) for k, v in (o.split("=", 1) for o in args.output)}
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [bench_size(n, args) for n in args.sizes]
    print(report(rows))
    (args.work / "store-bench.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
