"""The `kg` command line: build, query, eval, validate, viz."""
from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3


_IRI_BASE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#]")


def _cmd_build(args) -> int:
    from .pipeline import StrictError, WorkerError, build
    from .read import NoInputError
    from .rules import RuleError

    if not _IRI_BASE.fullmatch(args.base_iri):
        print(f"kg: --base-iri {args.base_iri!r} is not an absolute IRI ending in / or # "
              "(with no spaces, quotes or angle brackets)", file=sys.stderr)
        return EXIT_USAGE
    try:
        res = build(args.inputs or None, args.output, base_iri=args.base_iri, rule_files=args.rules or [],
                    progress=not args.quiet, jobs=args.jobs, incremental=args.incremental,
                    cache_dir=args.cache_dir, strict=args.strict)
    except StrictError as exc:
        for p in exc.problems:
            print(f"kg: {p.message()}", file=sys.stderr)
        print(f"kg: --strict: {exc}; nothing written", file=sys.stderr)
        return EXIT_SKIPPED
    except RuleError as exc:
        print(f"kg: rule pack error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except NoInputError as exc:
        print(f"kg: no input: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WorkerError as exc:
        print(f"kg: {exc}; nothing written", file=sys.stderr)
        return EXIT_FAILED
    args.built = res                     # alive until `run` exits: the OS frees the graph at once
    for p in res.problems:
        print(f"kg: {p.message()}", file=sys.stderr)
    if res.cache_error:
        print(f"kg: warning: {res.cache_error}", file=sys.stderr)
    if not args.quiet:
        print(_summary(res))
    if res.documents == 0:
        print("kg: no document could be read", file=sys.stderr)
        return EXIT_SKIPPED
    if any(p.action == "skipped" for p in res.problems):
        return EXIT_SKIPPED
    return EXIT_OK


def _summary(res) -> str:
    c = res.counts
    ents = c["entities"]
    lines = [
        f"kg build -> {res.out_dir}",
        f"  documents  {c['documents']}",
        f"  entities   {sum(ents.values())}  (" + ", ".join(f"{k} {v}" for k, v in ents.items()) + ")",
        f"  relations  {sum(c['relations'].values())}  (" + ", ".join(f"{k} {v}" for k, v in c['relations'].items()) + ")",
        f"  figures    {c['figures']}",
        f"  skipped    {sum(1 for p in res.problems if p.action == 'skipped')}"
        f"  degraded {sum(1 for p in res.problems if p.action != 'skipped')}",
        f"  seconds    {res.seconds:.2f}  ({c['documents'] / max(res.seconds, 1e-9):.0f} docs/s)",
        f"  rules      {res.rules_version}",
    ]
    if res.extracted is not None:
        lines.append(f"  cache      {res.cache_hits} reused, {res.extracted} extracted")
    return "\n".join(lines)


def _cmd_eval(args) -> int:
    from .eval import evaluate, format_table

    if not Path(args.gold_dir).is_dir():
        print(f"kg: gold folder not found: {args.gold_dir}", file=sys.stderr)
        return EXIT_USAGE
    scores = evaluate(args.out_dir, args.gold_dir)
    if args.json:
        if not args.errors:
            scores = {k: v for k, v in scores.items() if k != "errors"}
        print(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        print(format_table(scores, errors=args.errors))
    return EXIT_OK


def _cmd_query(args) -> int:
    from .query import run_query_cli
    return run_query_cli(args)


def _cmd_validate(args) -> int:
    from .validate import run_validate_cli
    return run_validate_cli(args)


def _cmd_viz(args) -> int:
    from .export.html import run_viz_cli
    return run_viz_cli(args)


def make_parser() -> argparse.ArgumentParser:
    from .graph import DEFAULT_BASE_IRI

    p = argparse.ArgumentParser(prog="kg", description="Build a knowledge graph from Chinese regional-economy news.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="build the graph from articles",
                       description="Read articles (files or folders of .txt, .md, .html, .jsonl), extract entities, "
                                   "relations and figures, and write every output-contract file. With no INPUT, "
                                   "builds the bundled sample corpus. Exit codes: 0 success; 1 some inputs "
                                   "were skipped (listed in report.json; the rest is built); 2 usage error, rule-pack "
                                   "error or no supported input file; 3 a worker process died (out of memory?).")
    b.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders (recursive); default: the bundled sample")
    b.add_argument("-o", "--output", default="output", help="output folder (default: output)")
    b.add_argument("--base-iri", default=DEFAULT_BASE_IRI, help=f"instance IRI base (default: {DEFAULT_BASE_IRI})")
    b.add_argument("--rules", action="append", metavar="FILE", help="extra rule pack (YAML), merged over the bundled one; repeatable")
    b.add_argument("--strict", action="store_true", help="treat any skipped or degraded input as fatal: exit 1 and write nothing")
    b.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default 0 = one per core; 1 = no workers)")
    b.add_argument("--incremental", action="store_true", help="reuse per-document results cached by content and rule-pack version")
    b.add_argument("--cache-dir", help="cache folder for --incremental (default: .OUT.kgcache beside the output folder)")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    b.set_defaults(func=_cmd_build)

    q = sub.add_parser("query", help="run SPARQL on a built graph",
                       description="Run a SPARQL SELECT/ASK/CONSTRUCT query on graph.ttl (or an output folder).")
    q.add_argument("graph", metavar="GRAPH_OR_DIR")
    q.add_argument("query", nargs="?", help="the query text")
    q.add_argument("-f", "--file", help="read the query from a .rq file")
    q.add_argument("-n", "--name", help="run a saved query from ontology/queries by name")
    q.add_argument("--list", action="store_true", help="list the saved queries")
    q.add_argument("--format", choices=["table", "csv", "json", "ttl"], default="table")
    q.set_defaults(func=_cmd_query)

    e = sub.add_parser("eval", help="score a build against gold annotations",
                       description="Precision, recall and F1 by entity type, relations and figures, and figure "
                                   "subject attachment, by the output contract's scoring rules.")
    e.add_argument("out_dir", metavar="OUT_DIR")
    e.add_argument("gold_dir", metavar="GOLD_DIR")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.add_argument("--errors", action="store_true", help="list missed and spurious items per document")
    e.set_defaults(func=_cmd_eval)

    v = sub.add_parser("validate", help="SHACL-validate a graph against ontology/shapes.ttl")
    from .validate import add_validate_arguments
    add_validate_arguments(v)
    v.set_defaults(func=_cmd_validate)

    z = sub.add_parser("viz", help="write an HTML view of part of a built graph")
    z.add_argument("out_dir", metavar="OUT_DIR")
    z.add_argument("--focus", help="entity name (or alias) to centre on")
    z.add_argument("--depth", type=int, default=1, help="hops around the focus (default 1)")
    z.add_argument("--types", help="comma-separated entity types to keep")
    z.add_argument("-o", "--output", help="HTML file to write (default: OUT_DIR/view.html)")
    z.set_defaults(func=_cmd_viz)
    return p


def main(argv=None) -> int:
    args = make_parser().parse_args(argv)
    return args.func(args)


def run() -> None:
    """The `kg` program: main(), then leave without tearing the heap down. A build's graph is
    millions of objects; freeing them one by one (and the collector's last pass at exit) costs
    ~1.2 s at 5,000 documents, and every file is closed and every worker joined by then."""
    args = make_parser().parse_args()
    if args.func is _cmd_build:
        # the collector stays off to the exit: a build leaves millions of acyclic objects, and its
        # first full pass once build() turned it back on would cost ~0.3 s at 5,000 documents
        gc.disable()
    code = args.func(args)              # args keeps what a build left on it alive until the exit
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):   # a closed pipe (kg build | head): nothing left to say
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
