"""Does each piece of speed machinery pay for itself? (issue 16)

    python bench/ablation.py                            # 5,000 documents, 3 pairs per piece, default -j
    python bench/ablation.py --pairs 5 --jobs 1 --pieces adder json
    python bench/ablation.py --src /some/other/checkout  # measure another source tree

For each piece it builds one generated corpus (bench/generate.py, seed 7) in child processes, once
with the piece as the code has it ("kept") and once with its plain alternative patched in
("dropped"), as interleaved pairs whose order alternates (the machine is shared and drifts, so
back-to-back pairs and medians, not single runs). It prints the median wall seconds of each side,
their ratio (dropped / kept) and the decision: a piece stays only if dropping it costs more than
5 % of the build. Beside them, the median CPU seconds (user + system of the build and its
workers): on a busy shared machine they vary far less than wall time, and for a piece that only
adds work (not waiting) they bound what dropping it can cost. Every build's output is compared
with a reference build's (bench/same.py): a plain alternative that changes the bytes cannot be
dropped without changing the output.

The pieces and their plain alternatives:
  steal   graph.ttl's writer renders the ranges no Turtle worker has taken yet (TurtleJob._steal)
          -> it waits for the workers
  spring  kg.export.html.spring_layout, a float-for-float copy of nx.spring_layout -> networkx's
  adder   kg.graph._Adder, stores into networkx's private _node/_succ/_pred -> add_node/add_edge
  json    kg.export.jsonl's hand-written JSON lines -> json.dumps of each record
A piece the source tree no longer has is reported as "gone" (its plain form is the code already).
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from same import compare  # noqa: E402

PIECES = ("steal", "spring", "adder", "json")
THRESHOLD = 1.05           # dropped / kept above this: the piece stays

# Run in the child, before `kg build`: patch the named piece out (argv[1]), then run the kg program.
# Prints "gone" and exits 3 when the tree has no such piece.
DRIVER = r'''
import sys
piece = sys.argv.pop(1)
def gone():
    print("gone"); sys.exit(3)
if piece == "steal":
    from kg.export import rdf
    if not hasattr(rdf.TurtleJob, "_steal"): gone()
    rdf.TurtleJob._steal = lambda job: {}
elif piece == "spring":
    import networkx as nx
    from kg.export import html
    if not hasattr(html, "spring_layout"): gone()
    html.spring_layout = lambda h, seed, iterations: nx.spring_layout(h, seed=seed, iterations=iterations)
elif piece == "adder":
    from kg import graph
    if not hasattr(graph, "_Adder"): gone()
    class PlainAdder:
        def __init__(self, g): self.g = g
        def node(self, n, attrs): self.g.add_node(n, **attrs)
        def edge(self, u, v, key, attrs): self.g.add_edge(u, v, key, **attrs)
        new_edge = edge
    graph._Adder = PlainAdder
elif piece == "json":
    from kg.export import jsonl
    if not hasattr(jsonl, "_entity_lines"): gone()
    def plain(chunks, fast, record):
        for chunk in chunks:
            yield [json.dumps(record(*row), ensure_ascii=False) for row in chunk]
    import json
    jsonl._rendered = plain
elif piece != "none":
    raise SystemExit(f"unknown piece {piece}")
sys.argv[0] = "kg"
from kg.cli import run
run()
'''


# --stages: the CPU seconds of the stage each piece is in, in one process over a built output's
# records (read back from its JSONL), kept and dropped in turn: a busy machine barely moves them.
# For steal, the wall seconds of graph.ttl written with one worker beside the other exporters.
STAGES = r'''
import json, statistics, sys, tempfile, time
from pathlib import Path
import networkx as nx
from kg import graph as G
from kg.export import html as H, jsonl as J, rdf as R
from kg.model import Document, Entity, Evidence, Figure, Mention, Relation
ref, pairs = Path(sys.argv[1]), int(sys.argv[2])
def rows(name):
    with open(ref / f"{name}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]
docs = [Document(r["id"], r["path"], r["text"], r["title"], r["date"], r["source"], r["url"]) for r in rows("documents")]
ents = [Entity(r["id"], r["type"], r["name"], r.get("subtype"), r["aliases"],
               [Mention(m["doc"], m["start"], m["end"], m["text"], r["type"]) for m in r["mentions"]], r["links"])
        for r in rows("entities")]
rels = [Relation(r["subject"], r["predicate"], r["object"],
                 [Evidence(e["doc"], e["start"], e["end"], e["sentence"]) for e in r["evidence"]]) for r in rows("relations")]
figs = [Figure(r["id"], r["subject"], r["metric"], r["value"], r["unit"], r["period"], r["text"], r["doc"], r["start"],
               r["end"], r["sentence"]) for r in rows("figures")]
class PlainAdder:
    def __init__(self, g): self.g = g
    def node(self, n, attrs): self.g.add_node(n, **attrs)
    def edge(self, u, v, key, attrs): self.g.add_edge(u, v, key, **attrs)
    new_edge = edge
def plain_json(chunks, fast, record):
    for chunk in chunks:
        yield [json.dumps(record(*row), ensure_ascii=False) for row in chunk]
def nx_spring(h, seed, iterations):
    return nx.spring_layout(h, seed=seed, iterations=iterations)
g = G.build_graph(docs, ents, rels, figs)
tmp = Path(tempfile.mkdtemp())
stages = {"adder": (G, "_Adder", PlainAdder, lambda: G.build_graph(docs, ents, rels, figs)),
          "json": (J, "_rendered", plain_json, lambda: J.write_jsonl(g, tmp)),
          "spring": (H, "spring_layout", nx_spring, lambda: H.write_html(g, tmp / "g.html")),
          # wall seconds (stealing saves waiting): graph.ttl with one worker while this process writes
          # the JSONL files and graph.html, as in a -j 2 build
          "steal": (R.TurtleJob, "_steal", lambda job: {},
                    lambda: R.write_turtle(g, tmp / "g.ttl", workers=1, meanwhile=lambda: (
                        J.write_jsonl(g, tmp), H.write_html(g, tmp / "g.html"))))}
clock = {"steal": time.perf_counter}
for piece in sys.argv[3:]:
    module, name, plain, run = stages[piece]
    if not hasattr(module, name) or (piece == "json" and not hasattr(J, "_entity_lines")):
        print(piece, "gone"); continue
    kept_fn, cpu = getattr(module, name), {"kept": [], "dropped": []}
    for i in range(pairs):
        for variant in (("kept", "dropped") if i % 2 == 0 else ("dropped", "kept")):
            setattr(module, name, kept_fn if variant == "kept" else plain)
            now = clock.get(piece, time.process_time)
            t = now(); run(); cpu[variant].append(now() - t)
    setattr(module, name, kept_fn)
    k, d = statistics.median(cpu["kept"]), statistics.median(cpu["dropped"])
    print(piece, f"{k:.3f}", f"{d:.3f}", " ".join(f"{x:.3f}" for x in cpu["kept"]), "|",
          " ".join(f"{x:.3f}" for x in cpu["dropped"]))
'''


def stage_seconds(src: Path, reference: Path, pairs: int, pieces: list[str]) -> None:
    """--stages: per piece, the median CPU seconds of its stage kept and dropped (see STAGES)."""
    env = dict(os.environ, PYTHONPATH=str(src))
    run = subprocess.run([sys.executable, "-P", "-c", STAGES, str(reference), str(pairs), *pieces], env=env,
                         cwd="/", capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(run.stderr)
    print(f"stage CPU seconds (steal: wall seconds) over {reference} ({pairs} interleaved pairs, medians)")
    print(f"{'piece':8} {'kept s':>8} {'dropped s':>10} {'+ s':>7}  each run (kept | dropped)")
    for line in run.stdout.splitlines():
        piece, *rest = line.split(" ", 3)
        if rest == ["gone"]:
            print(f"{piece:8} gone (the plain form is the code)")
            continue
        k, d, each = float(rest[0]), float(rest[1]), rest[2]
        print(f"{piece:8} {k:8.3f} {d:10.3f} {d - k:7.3f}  {each}")


def write_corpus(n: int, folder: Path) -> None:
    if (folder / ".done").is_file():
        return
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(folder), "--seed", "7"], check=True,
                   stdout=subprocess.DEVNULL)
    (folder / ".done").write_text("")


def build(src: Path, piece: str, corpus: Path, out: Path, jobs: int) -> tuple[float, float] | None:
    """Wall and CPU seconds (user + system, its workers included) of one `kg build` in a child
    process with `piece` patched out ("none": as is); None when the tree has no such piece."""
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [sys.executable, "-P", "-c", DRIVER, piece, "build", str(corpus), "-o", str(out), "-q"]
    if jobs:
        cmd += ["-j", str(jobs)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd="/", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)          # the child's usage, its waited-for workers included
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    out, err = proc.stdout.read(), proc.stderr.read()
    if code == 3 and out.strip() == "gone":
        return None
    if code not in (0, 1):
        raise SystemExit(f"build failed ({code}): {piece}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=HERE.parent, help="kg source tree to measure")
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0, help="-j of the builds (0: kg's default, one per core)")
    ap.add_argument("--pieces", nargs="+", choices=PIECES, default=list(PIECES))
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-ablation"))
    ap.add_argument("--reference", type=Path, help="an earlier build of the corpus to compare outputs with "
                    "(default: build one first, which also warms the page cache)")
    ap.add_argument("--stages", action="store_true", help="only the CPU seconds of each piece's stage, over "
                    "the records of --reference (a built output folder of the corpus)")
    args = ap.parse_args(argv)
    src = args.src.resolve()
    if args.stages:
        if args.reference is None:
            ap.error("--stages needs --reference")
        stage_seconds(src, args.reference, max(args.pairs, 5), args.pieces)
        return 0
    # compiled once, as an installed package has it (otherwise every build recompiles edited modules)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src / "kg")], check=True)
    corpus = args.work / f"corpus-{args.docs}"
    write_corpus(args.docs, corpus)
    reference = args.reference
    if reference is None:
        reference = args.work / "reference"
        shutil.rmtree(reference, ignore_errors=True)
        build(src, "none", corpus, reference, args.jobs)      # warms the page cache; the output to compare
    rows = []
    for piece in args.pieces:
        kept, dropped, same = [], [], True        # (wall, cpu) per build
        for i in range(args.pairs):
            order = ("none", piece) if i % 2 == 0 else (piece, "none")
            for variant in order:
                out = args.work / f"out-{variant}-{piece}"
                shutil.rmtree(out, ignore_errors=True)
                seconds = build(src, variant, corpus, out, args.jobs)
                if seconds is None:
                    break
                (kept if variant == "none" else dropped).append(seconds)
                same = same and not compare(reference, out)
                print(f"  {piece:6} pair {i + 1} {'kept' if variant == 'none' else 'dropped':7} "
                      f"{seconds[0]:6.2f} s wall {seconds[1]:6.2f} s cpu", file=sys.stderr, flush=True)
            else:
                continue
            break
        if not dropped:
            rows.append((piece, None, None, None, "gone (the plain form is the code)", None))
            continue
        k, d = (statistics.median(w for w, _ in kept), statistics.median(w for w, _ in dropped))
        kc, dc = (statistics.median(c for _, c in kept), statistics.median(c for _, c in dropped))
        ratio = d / k
        decision = ("keep: the plain form changes the output" if not same else
                    f"{'keep' if ratio > THRESHOLD else 'drop'} by wall, "
                    f"{'keep' if dc / kc > THRESHOLD else 'drop'} by cpu")
        rows.append((piece, k, d, ratio, decision, (kept, dropped, kc, dc)))
    print(f"\n{args.docs:,} documents, -j {args.jobs or 'default'}, {args.pairs} interleaved pairs per piece "
          f"(medians; ratio = dropped / kept; keep if > {THRESHOLD:.2f})")
    print(f"{'piece':8} {'kept s':>8} {'dropped s':>10} {'ratio':>7}  {'cpu kept':>9} {'cpu dropped':>12} "
          f"{'cpu ratio':>9}  decision")
    for piece, k, d, ratio, decision, raw in rows:
        if k is None:
            print(f"{piece:8} {'-':>8} {'-':>10} {'-':>7}  {decision}")
            continue
        kc, dc = raw[2], raw[3]
        print(f"{piece:8} {k:8.2f} {d:10.2f} {ratio:7.3f}  {kc:9.2f} {dc:12.2f} {dc / kc:9.3f}  {decision}")
        print(f"{'':8} wall kept {', '.join(f'{w:.2f}' for w, _ in raw[0])}; "
              f"dropped {', '.join(f'{w:.2f}' for w, _ in raw[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
