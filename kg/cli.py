"""The `kg` command line: build, query, eval, validate, viz, load, serve."""
from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_FAILED, EXIT_OUTPUT = 0, 1, 2, 3, 4


# no spaces, quotes, angle brackets or direction controls (U+200E/F, U+202A-E, U+2066-9, U+061C)
_IRI_BASE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]*[/#]")


def _cmd_build(args) -> int:
    from .graph import IRICollisionError
    from .outdir import OutputError
    from .pipeline import ClusterError, StrictError, WorkerError, build
    from .read import NoInputError
    from .rules import RuleError

    if not _IRI_BASE.fullmatch(args.base_iri):
        print(f"kg: --base-iri {args.base_iri!r} is not an absolute IRI ending in / or # "
              "(with no spaces, quotes or angle brackets)", file=sys.stderr)
        return EXIT_USAGE
    try:
        res = build(args.inputs or None, args.output, base_iri=args.base_iri, rule_files=args.rules or [],
                    progress=not args.quiet, jobs=args.jobs, incremental=args.incremental,
                    cache_dir=args.cache_dir, strict=args.strict, force=args.force, store=args.store,
                    cluster=args.cluster)
    except ClusterError as exc:
        print(f"kg: {exc}; nothing written", file=sys.stderr)
        return EXIT_USAGE if exc.usage else EXIT_FAILED
    except OutputError as exc:
        print(f"kg: {exc}; nothing written", file=sys.stderr)
        return exc.code
    except OSError as exc:               # the disk filled up or went read-only while writing
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"kg: cannot write the output: {exc.strerror or exc}{where}; the previous output is kept",
              file=sys.stderr)
        return EXIT_OUTPUT
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
    except IRICollisionError as exc:
        print(f"kg: {exc}; nothing written", file=sys.stderr)
        return EXIT_FAILED
    args.built = res                     # alive until `run` exits: the OS frees the graph at once
    for p in res.problems:
        print(f"kg: {p.message()}", file=sys.stderr)
    if res.cache_error:
        print(f"kg: warning: {res.cache_error}", file=sys.stderr)
    if not args.quiet and res.written:
        print(_summary(res))
    if not res.written:
        print(f"kg: no document could be read; {str(args.output)!r} was left as it was", file=sys.stderr)
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
        print(format_table(scores, errors=args.errors, per_document=args.per_doc))
    return EXIT_OK


def _cmd_query(args) -> int:
    from .query import run_query_cli
    return run_query_cli(args)


def _cmd_validate(args) -> int:
    from .validate import run_validate_cli
    return run_validate_cli(args)


def _cmd_load(args) -> int:
    from .outdir import OutputError
    from .store import StoreError, load_output
    try:
        stamp = load_output(args.out_dir)
    except OutputError as exc:
        print(f"kg: {exc}; nothing written", file=sys.stderr)
        return exc.code
    except OSError as exc:               # StoreError, a full disk: the folder was left as it was
        print(f"kg: {exc if isinstance(exc, StoreError) else exc.strerror or exc}; {args.out_dir} was left as it was",
              file=sys.stderr)
        return EXIT_OUTPUT
    if not args.quiet:
        print(f"kg load -> {args.out_dir}/store  ({stamp['seconds']:.2f} s)")
    return EXIT_OK


def _cmd_serve(args) -> int:
    from .commands.serve import run_serve_cli
    return run_serve_cli(args)


def _cmd_viz(args) -> int:
    from .commands.viz import run_viz_cli
    return run_viz_cli(args)


def make_parser() -> argparse.ArgumentParser:
    from .terms import DEFAULT_BASE_IRI      # not kg.graph: it imports networkx (a second or more)

    p = argparse.ArgumentParser(prog="kg", description="Build a knowledge graph from Chinese regional-economy news.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="build the graph from articles",
                       description="Read articles (files or folders of .txt, .md, .html, .jsonl), extract entities, "
                                   "relations and figures, and write every output-contract file. With no INPUT, "
                                   "builds the bundled sample corpus. Exit codes: 0 success; 1 some inputs "
                                   "were skipped (listed in report.json; the rest is built), or none could be read "
                                   "(the previous output is kept); 2 usage error, rule-pack error, no supported "
                                   "input file, or an output folder kg may not write into, --cluster without "
                                   "Dask; 3 a worker process died (out of memory?), or the --cluster scheduler "
                                   "cannot be reached; 4 the output could not be written (read-only, disk full, "
                                   "another build writing it).")
    b.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders (recursive); default: the bundled sample")
    b.add_argument("-o", "--output", default="output",
                   help="output folder (default: output); must be new, empty or written by kg before "
                        "(it holds a .kg-output file), and outside the inputs")
    b.add_argument("--force", action="store_true",
                   help="write into a non-empty folder kg did not write: kg replaces only its own files there")
    b.add_argument("--base-iri", default=DEFAULT_BASE_IRI, help=f"instance IRI base (default: {DEFAULT_BASE_IRI})")
    b.add_argument("--rules", action="append", metavar="FILE", help="extra rule pack (YAML), merged over the bundled one; repeatable")
    b.add_argument("--strict", action="store_true", help="treat any skipped or degraded input as fatal: exit 1 and write nothing")
    b.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default 0 = one per core; 1 = no workers)")
    b.add_argument("--incremental", action="store_true", help="reuse per-document results cached by content and rule-pack version")
    b.add_argument("--cache-dir", help="cache folder for --incremental (default: .OUT.kgcache beside the output folder)")
    b.add_argument("--store", action=argparse.BooleanOptionalAction, default=None,
                   help="also write a SPARQL store (OUT/store, Oxigraph) that kg query, kg validate and kg serve "
                        "use (default: when graph.ttl is 32 MiB or more, or the folder had a store); with "
                        "--incremental it is updated in place")
    b.add_argument("--cluster", metavar="ADDRESS",
                   help="read and extract the documents on a Dask cluster: a scheduler's address "
                        "(tcp://host:8786; inputs on a file system every worker sees at the same paths), or "
                        "local:N to start N worker processes here for the build; needs pip install "
                        "'kg[dask]'; the output is the same bytes as without it")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    b.set_defaults(func=_cmd_build)

    q = sub.add_parser("query", help="run SPARQL on a built graph",
                       description="Run a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query on graph.ttl (or an output "
                                   "folder), in a separate process bounded by --timeout and --max-memory. SPARQL "
                                   "Update is refused, and so is SERVICE unless --allow-service. Exit codes: 0 "
                                   "success; 2 usage error, no graph at the path, a query file that cannot be read "
                                   "(missing, not UTF-8), a SPARQL syntax error, or a refused query; 3 the graph "
                                   "cannot be loaded (corrupt, not Turtle, too large for --max-memory) or the query "
                                   "was stopped (--timeout, --max-memory).")
    q.add_argument("graph", nargs="?", metavar="GRAPH_OR_DIR",
                   help="graph.ttl, or a kg build output folder holding one (its SPARQL store is used when it has one)")
    q.add_argument("query", nargs="?", metavar="QUERY", help="the query text (or give -f FILE or -n NAME)")
    q.add_argument("-f", "--file", help="read the query from a .rq file (UTF-8)")
    q.add_argument("-n", "--name", help="run a saved query from ontology/queries by name")
    q.add_argument("--list", action="store_true", help="list the saved queries")
    q.add_argument("--prefixes", action="store_true",
                   help="list the predefined prefixes (a query may use them without PREFIX lines)")
    q.add_argument("--format", choices=["table", "csv", "json", "ttl"], default="table",
                   help="output: an aligned table (default), CSV, SPARQL 1.1 JSON results, or Turtle "
                        "(CONSTRUCT/DESCRIBE only)")
    q.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="stop the query when it has run this many seconds, not counting the time to load "
                        "the graph (default 60; 0: no limit)")
    q.add_argument("--max-memory", type=int, metavar="MIB",
                   help="memory the query process may take for the graph and the query, in MiB; loading "
                        "needs 200 at least (default: half the machine's memory; 0: no limit)")
    q.add_argument("--allow-service", action="store_true",
                   help="let SERVICE clauses send the query to remote SPARQL endpoints over the network")
    q.set_defaults(func=_cmd_query)

    e = sub.add_parser("eval", help="score a build against gold annotations",
                       description="Precision, recall and F1 by entity type, relations and figures, figure "
                                   "subject attachment and figure period accuracy, by the output contract's "
                                   "scoring rules.")
    e.add_argument("out_dir", metavar="OUT_DIR", help="a kg build output folder (its .jsonl files are scored)")
    e.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of gold annotations, one JSON file per article")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.add_argument("--errors", action="store_true", help="list missed and spurious items per document")
    e.add_argument("--per-doc", action="store_true", help="add a table of scores per document")
    e.set_defaults(func=_cmd_eval)

    v = sub.add_parser("validate", help="SHACL-validate a graph against ontology/shapes.ttl",
                       description="Check graph.ttl against the SHACL shapes in ontology/shapes.ttl and list each "
                                   "violation in plain words. Exit codes: 0 conforms; 1 violations, or the file is "
                                   "not valid Turtle; 2 no graph at the path, or the shapes need --engine pyshacl.")
    from .validate import add_validate_arguments
    add_validate_arguments(v)
    v.set_defaults(func=_cmd_validate)

    ld = sub.add_parser("load", help="write the SPARQL store of a built output folder",
                        description="Bulk-load OUT_DIR/graph.ttl into a SPARQL store (OUT_DIR/store, Oxigraph) that "
                                    "kg query, kg validate and kg serve then use. It replaces the folder's store in "
                                    "one step; readers see the old store or the new one. Exit codes: 0 success; 2 "
                                    "not a kg output folder; 4 the store could not be written (disk full, another "
                                    "build writing the folder).")
    ld.add_argument("out_dir", metavar="OUT_DIR", help="a kg build output folder")
    ld.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    ld.set_defaults(func=_cmd_load)

    sv = sub.add_parser("serve", help="serve the SPARQL store over HTTP (SPARQL 1.1 Protocol, read-only)",
                        description="Serve OUT_DIR's SPARQL store read-only with Oxigraph's server: a standard SPARQL "
                                    "1.1 Protocol endpoint at http://HOST:PORT/query, CORS on, SPARQL Update refused. "
                                    "Runs until stopped (Ctrl-C). Exit codes: 0 stopped; 2 no store (run kg load); 3 "
                                    "the server could not start or stopped by itself.")
    sv.add_argument("out_dir", metavar="OUT_DIR", help="a kg output folder with a store (kg load, kg build --store)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=int, default=7878, help="port (default 7878; 0: any free port)")
    sv.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                    help="stop a query after this many seconds (default 60; 0: no limit)")
    sv.set_defaults(func=_cmd_serve)

    z = sub.add_parser("viz", help="write an HTML view of part of a built graph",
                       description="Write an interactive HTML view (opens offline) of a built graph, or of the "
                                   "part of it around one entity.")
    z.add_argument("out_dir", metavar="OUT_DIR", help="a kg build output folder (the view is read from its .jsonl files)")
    z.add_argument("--focus", help="entity name (or alias) to centre on")
    z.add_argument("--depth", type=int, default=1, help="hops around the focus (default 1)")
    z.add_argument("--types", help="comma-separated entity types to keep")
    z.add_argument("-o", "--output", help="HTML file to write (default: OUT_DIR/view.html)")
    z.set_defaults(func=_cmd_viz)
    return p


def parse_args(argv=None) -> argparse.Namespace:
    """The command line, with options before, between or after the positional arguments.

    argparse fills consecutive optional positionals (kg query's GRAPH_OR_DIR and QUERY) in one go:
    in `kg query OUT --timeout 5 QUERY` it gives OUT to the first, nothing to the second, and calls
    QUERY unrecognised. Such leftovers fill the positionals still empty, in order; anything else
    left over is the usual usage error."""
    parser = make_parser()
    args, extra = parser.parse_known_args(argv)
    slots = [name for name in _LATE_POSITIONALS.get(getattr(args, "func", None), ()) if getattr(args, name) is None]
    while extra and slots and not extra[0].startswith("-"):
        setattr(args, slots.pop(0), extra.pop(0))
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


# the optional positionals of a command, in order, that parse_args fills from leftovers
_LATE_POSITIONALS = {_cmd_query: ("graph", "query")}


def main(argv=None) -> int:
    args = parse_args(argv)
    return args.func(args)


def run() -> None:
    """The `kg` program: main(), then leave without tearing the heap down. A build's graph is
    millions of objects; freeing them one by one (and the collector's last pass at exit) costs
    ~1.2 s at 5,000 documents, and every file is closed and every worker joined by then."""
    args = parse_args()
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
