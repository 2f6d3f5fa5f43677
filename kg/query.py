"""`kg query`: SPARQL over a built graph.ttl, with saved queries in ontology/queries/*.rq.

Oxigraph (pyoxigraph) runs the queries: it loads Turtle about 20x and answers
SPARQL 10-100x faster than rdflib. rdflib is kept as a second engine so the
tests can check that every saved query means the same thing on both.
Results come back as plain `Term`s either way, then print as an aligned
table (CJK counted double width), CSV, SPARQL 1.1 JSON results, or Turtle
(CONSTRUCT/DESCRIBE).

`kg query` runs a query in a child process (`answer_query`), bounded in time
and memory, after checking it (`check_query`): SPARQL Update is refused, and
SERVICE too unless asked for, since Oxigraph would call the remote endpoint.

The usual prefixes are predefined (`default_prefixes`: cnkg, id for the graph's instance base,
rdf, rdfs, owl, xsd, skos, schema, prov, nif, itsrdf, dcterms), so a query runs as typed without
PREFIX lines; the table abbreviates IRIs with these prefixes only, so what it shows can be typed
back. When the output folder holds a SPARQL store (kg.store) the query runs on it, which opens in
a blink; otherwise graph.ttl is parsed for each query.
"""
from __future__ import annotations

import csv
import io
import json
import multiprocessing as mp
import os
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .terms import (DEFAULT_BASE_IRI, PREFIXES, decimal_lexical, iri, literal, load_oxigraph,  # noqa: F401
                    ontology_dir, turtle_lines)

XSD = PREFIXES["xsd"]
_PLAIN = {None, XSD + "string", PREFIXES["rdf"] + "langString"}
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                               "unsignedInt", "unsignedLong", "nonPositiveInteger", "negativeInteger")}
DEFAULT_ID_BASE = DEFAULT_BASE_IRI
# the predefined prefixes, in the order `kg query --prefixes` lists them (id: the instance base)
PREFIX_ORDER = ("cnkg", "id", "rdf", "rdfs", "owl", "xsd", "skos", "schema", "prov", "nif", "itsrdf", "dcterms")


@dataclass(frozen=True)
class Term:
    kind: str                     # uri | literal | bnode
    value: str
    lang: str | None = None
    datatype: str | None = None   # None for plain and language-tagged literals

    def nt(self) -> str:
        """N-Triples / Turtle syntax."""
        if self.kind == "uri":
            return iri(self.value)
        if self.kind == "bnode":
            return f"_:{self.value}"
        return literal(self.value, lang=self.lang, datatype=self.datatype)

    @staticmethod
    def from_oxigraph(t) -> "Term | None":
        """A pyoxigraph term (None: an unbound variable) as a Term."""
        return _from_oxigraph(t)

    @staticmethod
    def from_json(binding: dict) -> "Term":
        """A binding of SPARQL 1.1 Query Results JSON (an endpoint's answer) as a Term, as kg query
        gives it."""
        if binding["type"] == "uri":
            return Term("uri", binding["value"])
        if binding["type"] == "bnode":
            return Term("bnode", binding["value"])
        return _literal(binding["value"], binding.get("xml:lang"), binding.get("datatype"))

    @staticmethod
    def from_rdflib(t) -> "Term | None":
        """An rdflib term (None: an unbound variable) as a Term, as Oxigraph would give it."""
        return _from_rdflib(t)


@dataclass
class Result:
    kind: str                                   # select | ask | graph
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None


# ------------------------------------------------------------------ saved queries

def queries_dir() -> Path:
    return ontology_dir() / "queries"


def saved_queries() -> dict[str, tuple[str, str]]:
    """name -> (one-line description, query text), by name."""
    out = {}
    for path in sorted(queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        out[path.stem] = (first.lstrip("#").strip(), text)
    return out


def graph_path(path: str | Path) -> Path:
    p = Path(path)
    return p / "graph.ttl" if p.is_dir() else p


def instance_base(graph: str | Path | None) -> str:
    """The instance IRI base the graph was built with (its report.json's base_iri; the default
    when there is none to read)."""
    if graph is not None:
        try:
            base = json.loads((graph_path(graph).parent / "report.json").read_text(encoding="utf-8")).get("base_iri")
        except (OSError, ValueError, AttributeError):
            base = None
        if isinstance(base, str) and base:
            return base
    return DEFAULT_BASE_IRI


def default_prefixes(graph: str | Path | None = None) -> dict[str, str]:
    """prefix -> namespace every query may use without declaring it (a PREFIX line in the query
    wins). `id` is the graph's instance base (instance_base)."""
    known = {**PREFIXES, "id": instance_base(graph)}
    return {name: known[name] for name in PREFIX_ORDER}


def format_prefixes(prefixes: dict[str, str]) -> str:
    """The prefixes as SPARQL PREFIX lines (what `kg query --prefixes` prints)."""
    width = max(len(n) for n in prefixes) + 1
    return "\n".join(f"PREFIX {(n + ':').ljust(width)} <{ns}>" for n, ns in prefixes.items())


# ------------------------------------------------------------------ engines

def _literal(value: str, lang: str | None, datatype: str | None) -> Term:
    if lang:
        return Term("literal", value, lang=lang.lower())
    if datatype in _PLAIN:
        return Term("literal", value)
    # Same number, same text on both engines (rdflib writes decimal sums as 3.3E+9).
    try:
        if datatype == XSD + "decimal":
            value = decimal_lexical(Decimal(value)) or value
        elif datatype in _INTEGERS:
            # Oxigraph's store keeps every integer subtype as xsd:integer; do the same for rdflib.
            value, datatype = str(int(value)), XSD + "integer"
    except (InvalidOperation, ValueError):
        pass
    return Term("literal", value, datatype=datatype)


def _from_oxigraph(t) -> Term | None:
    import pyoxigraph as ox
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return Term("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    return _literal(t.value, t.language, t.datatype.value if t.datatype else None)


def _from_rdflib(t) -> Term | None:
    from rdflib import BNode, Literal, URIRef
    if t is None:
        return None
    if isinstance(t, URIRef):
        return Term("uri", str(t))
    if isinstance(t, BNode):
        return Term("bnode", str(t))
    if isinstance(t, Literal):
        return _literal(str(t), t.language, str(t.datatype) if t.datatype else None)
    raise TypeError(f"unexpected term {t!r}")


def _sorted_triples(triples) -> list[tuple]:
    return sorted(set(triples), key=lambda t: tuple(x.nt() for x in t))


def query_oxigraph(store, text: str, prefixes: dict[str, str] | None = None) -> Result:
    import pyoxigraph as ox
    res = store.query(text, prefixes=prefixes)
    if isinstance(res, ox.QueryBoolean):
        return Result("ask", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        return Result("select", names, [tuple(_from_oxigraph(sol[n]) for n in names) for sol in res])
    return Result("graph", ["subject", "predicate", "object"],
                  _sorted_triples((_from_oxigraph(t.subject), _from_oxigraph(t.predicate), _from_oxigraph(t.object))
                                  for t in res))


def load_rdflib(path: str | Path):
    from rdflib import Graph
    g = Graph()
    g.parse(str(path), format="turtle")
    return g


def query_rdflib(graph, text: str, prefixes: dict[str, str] | None = None) -> Result:
    res = graph.query(text, initNs=prefixes or {})
    if res.type == "ASK":
        return Result("ask", boolean=bool(res.askAnswer))
    if res.type == "SELECT":
        names = [str(v) for v in res.vars]
        return Result("select", names, [tuple(_from_rdflib(row[i]) for i in range(len(names))) for row in res])
    return Result("graph", ["subject", "predicate", "object"],
                  _sorted_triples(tuple(_from_rdflib(x) for x in t) for t in res.graph))


def run_query(path: str | Path, text: str, engine: str = "oxigraph", prefixes: dict[str, str] | None = None) -> Result:
    if engine == "rdflib":
        return query_rdflib(load_rdflib(path), text, prefixes)
    return query_oxigraph(load_oxigraph(path), text, prefixes)


# ------------------------------------------------------------------ output formats

def _compact(t: Term | None, prefixes: dict[str, str]) -> str:
    """Short, human form for the table: names prefixed with the predefined prefixes (so they can
    be typed back into a query), bare literal text."""
    if t is None:
        return ""
    if t.kind == "uri":
        for pfx, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            local = _local_name(t.value[len(ns):]) if t.value.startswith(ns) else None
            if local is not None:
                return f"{pfx}:{local}"
        return f"<{t.value}>"
    if t.kind == "bnode":
        return f"_:{t.value}"
    return " ".join(t.value.split()) if ("\n" in t.value or "\r" in t.value) else t.value


# SPARQL's PN_LOCAL_ESC characters; "/" (instance IRIs: id:region\/…) the usual one
_LOCAL_ESCAPED = frozenset("_~.-!$&'()*+,;=/?#@")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


def _local_name(local: str) -> str | None:
    """`local` as the local part of a SPARQL prefixed name, escaped where it must be, so that
    the table's prefix:local can be pasted back into a query; None where it cannot be written."""
    out, i = [], 0
    while i < len(local):
        c = local[i]
        if c == "%":
            if not _PERCENT.match(local, i):
                return None
            out.append(local[i:i + 3])
            i += 3
            continue
        plain = c.isalnum() or c in "_:" or (c in "-." and 0 < i < len(local) - 1) or (c == "-" and i and i == len(local) - 1)
        if plain:
            out.append(c)
        elif c in _LOCAL_ESCAPED:
            out.append("\\" + c)
        else:
            return None
        i += 1
    return "".join(out)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


TABLE_CELL_WIDTH = 72     # display columns; csv and json carry the full text


def _clip(s: str, limit: int = TABLE_CELL_WIDTH) -> str:
    if _width(s) <= limit:
        return s
    out, width = [], 0
    for c in s:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if width + w > limit - 1:
            break
        out.append(c)
        width += w
    return "".join(out) + "…"


def _pad(s: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(s))
    return fill + s if right else s + fill


def _is_number(t: Term | None) -> bool:
    return t is not None and t.kind == "literal" and t.datatype is not None and (
        t.datatype in _INTEGERS or t.datatype in {XSD + "decimal", XSD + "double", XSD + "float"})


def format_table(res: Result, prefixes: dict[str, str] | None = None) -> str:
    """An aligned table; IRIs abbreviated with `prefixes` (default: default_prefixes())."""
    if res.kind == "ask":
        return "yes" if res.boolean else "no"
    prefixes = default_prefixes() if prefixes is None else prefixes
    cells = [[_clip(_compact(t, prefixes)) for t in row] for row in res.rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(res.vars)]
    right = [bool(res.rows) and all(_is_number(r[i]) or r[i] is None for r in res.rows) for i in range(len(res.vars))]
    lines = ["  ".join(_pad(v, w, r) for v, w, r in zip(res.vars, widths, right)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w, r) for c, w, r in zip(row, widths, right)).rstrip() for row in cells]
    lines.append(f"({len(res.rows)} row{'s' if len(res.rows) != 1 else ''})")
    return "\n".join(lines)


def format_csv(res: Result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if res.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if res.boolean else "false"])
    else:
        w.writerow(res.vars)
        for row in res.rows:
            w.writerow(["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row])
    return buf.getvalue().rstrip("\n")


def _json_term(t: Term) -> dict:
    if t.kind == "uri":
        return {"type": "uri", "value": t.value}
    if t.kind == "bnode":
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype:
        out["datatype"] = t.datatype
    return out


def format_json(res: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if res.kind == "ask":
        doc = {"head": {}, "boolean": bool(res.boolean)}
    else:
        doc = {"head": {"vars": res.vars}, "results": {"bindings": [
            {v: _json_term(t) for v, t in zip(res.vars, row) if t is not None} for row in res.rows]}}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def format_ttl(res: Result) -> str:
    if res.kind != "graph":
        raise ValueError("--format ttl needs a CONSTRUCT or DESCRIBE query")
    by_subject: dict[str, list] = {}
    for s, p, o in res.rows:
        by_subject.setdefault(s.nt(), []).append((p.nt(), o.nt()))
    return "".join(turtle_lines(sorted(by_subject.items()))).rstrip("\n")


FORMATS = {"table": format_table, "csv": format_csv, "json": format_json, "ttl": format_ttl}


def format_result(res: Result, fmt: str, prefixes: dict[str, str] | None = None) -> str:
    return format_table(res, prefixes) if fmt == "table" else FORMATS[fmt](res)


# ------------------------------------------------------------------ what a query may do

EXIT_OK, EXIT_REFUSED, EXIT_FAILED = 0, 2, 3   # as kg build: 2 a bad request, 3 the work could not be done
SERVICE_REFUSED = "SERVICE is not allowed (use --allow-service to let the query reach the network)"
UPDATE_REFUSED = "SPARQL Update is not allowed"
# the words a SPARQL 1.1 Update operation starts with (grammar rules [31]-[41])
_UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


def _rule_names(tree) -> set[str]:
    """The names of all rule nodes (rdflib CompValues) in an rdflib SPARQL parse tree."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue
    names, stack = set(), [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
    return names


def _is_update(text: str, query_error) -> bool:
    """An Update, well formed or not: rdflib's Update grammar reads it with at least one operation,
    or the query grammar stopped at an Update keyword where the query form should start."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseUpdate
    try:
        tree = parseUpdate(text)
    except Exception:     # not an Update rdflib can read: look at where the query grammar stopped
        word = re.match(r"[A-Za-z]+\b(?!:)", expandUnicodeEscapes(text)[query_error.loc:])
        return bool(word) and word.group(0).upper() in _UPDATE_WORDS
    return bool(tree.get("request"))    # an empty text (or only PREFIXes) is an empty Update too


# Every SPARQL Update starts with one of _UPDATE_WORDS and SERVICE is a word too; \u escapes could
# spell them. A query holding none of these as a word cannot be an Update or call SERVICE.
_RISKY_WORDS = re.compile(r"\\[uU]|\b(?:SERVICE|" + "|".join(sorted(_UPDATE_WORDS)) + r")\b", re.IGNORECASE)
_RISKY_UPDATE = re.compile(r"\\[uU]|\b(?:" + "|".join(sorted(_UPDATE_WORDS)) + r")\b", re.IGNORECASE)


def needs_check(text: str, allow_service: bool = False) -> bool:
    """Whether check_query must read `text` before it runs: rdflib's parser takes a second or two
    to import, more than opening a store and answering many queries, so a query that cannot be an
    Update or call SERVICE goes straight to Oxigraph, whose syntax errors are then worded by
    check_query as any other (answer_query). So do the saved queries, kg's own (their comments
    say "add" and "with")."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return bool((_RISKY_UPDATE if allow_service else _RISKY_WORDS).search(text))


def check_query(text: str, allow_service: bool = False) -> str | None:
    """Why `text` must not run (SPARQL Update; SERVICE unless allowed; a syntax error), or None.

    It is read with rdflib's parser, not searched: "SERVICE" in a string or a comment is harmless,
    and \\u0053ERVICE is SERVICE. Oxigraph, which runs the query, has no hook to refuse SERVICE
    and calls the endpoint as soon as the query starts."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:   # bytes the command line could not decode (kept as surrogates)
        return f"the query is not UTF-8 text (byte 0x{ord(text[exc.start]) & 0xFF:02x} at character {exc.start})"
    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        if _is_update(text, exc):
            return UPDATE_REFUSED
        if allow_service:
            return None     # Oxigraph reads a little more than rdflib (SPARQL-star): it judges the rest
        found = getattr(exc, "found", None)     # pyparsing >= 3.1
        detail = " ".join(f"{exc.msg}, found {found}".split() if found else str(exc.msg).split())
        return f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {detail}"
    except Exception as exc:    # e.g. RecursionError on absurd nesting: still one line
        return f"SPARQL syntax error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    if not allow_service and "ServiceGraphPattern" in _rule_names(tree):
        return SERVICE_REFUSED
    return None


def _oxigraph_syntax(exc: SyntaxError, text: str) -> str:
    """Oxigraph's "error at 3:2: expected OPTIONAL" as one line like check_query's. Its note on an
    undeclared prefix lists every character a name may hold; say which prefix instead."""
    message = " ".join(str(exc.msg or exc).split())
    m = re.match(r"error at (\d+):(\d+): (.*)", message)
    if not m:
        return f"SPARQL syntax error: {message}"
    line, column, detail = int(m[1]), int(m[2]), m[3]
    if "Prefix not found" in detail:
        before = (text.splitlines()[line - 1:line] or [""])[0][:column - 1]
        name = re.search(r"([^\s{}()<>;,.:]*):[^\s:]*$", before)
        detail = f"undeclared prefix {name[1] + ':' if name else ''} (declare it with PREFIX)".replace("  ", " ")
    return f"SPARQL syntax error at line {line}, column {column}: {detail}"


def default_memory_mib() -> int | None:
    """Half the machine's memory, or None where it cannot be told."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2 // 2**20 or None
    except (AttributeError, OSError, ValueError):
        return None


def _data_size() -> int:
    """This process's data segment (heap, anonymous maps, stacks) in bytes; 0 where /proc is missing."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[5]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(mib: int | None) -> None:
    """Let this (query) process take at most `mib` MiB more memory from here on.

    A memory limit on a child process rather than a cap on result rows: ORDER BY, GROUP BY and
    DISTINCT hold all their input before the first row comes out, so a row cap bounds none of them,
    nor a graph too large to load; the limit bounds all of it and the parent lives to say so.
    RLIMIT_DATA, not RLIMIT_AS: each thread's malloc arena reserves 64 MiB of address space it
    mostly never uses, which would count against RLIMIT_AS."""
    try:
        import resource
    except ImportError:     # Windows: the timeout alone
        return
    if not mib:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = _data_size() + mib * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _open_or_load(path: str, use_store: bool):
    """The graph's SPARQL store when there is one to trust (kg.store), else graph.ttl parsed."""
    from .store import open_store
    try:
        store = open_store(path) if use_store else None
    except OSError:         # a damaged store: graph.ttl still says everything
        store = None
    return store if store is not None else load_oxigraph(path)


def _answer_steps(path: str, text: str, fmt: str, memory_mib: int | None, conn, prefixes=None,
                  use_store: bool = True) -> tuple[int, str] | None:
    """Load, wait for the parent's "go" (the query passed its check), run and format:
    (exit code, output or message), or None when the parent turned the query down."""
    import pyoxigraph  # noqa: F401  (loaded before the limit: the limit is for the graph and the query)
    _limit_memory(memory_mib)
    conn.send(("phase", "load"))
    try:
        store = _open_or_load(path, use_store)
    except SyntaxError as exc:
        return EXIT_FAILED, f"{path} is not valid Turtle ({' '.join(str(exc.msg).split())}); rebuild it with kg build"
    except OSError as exc:
        return EXIT_FAILED, f"cannot read {path}: {exc.strerror or exc}"
    except MemoryError:
        return EXIT_FAILED, _too_large(path, memory_mib)
    try:
        conn.recv()
    except EOFError:
        return None
    conn.send(("phase", "query"))
    try:
        res = query_oxigraph(store, text, prefixes)
    except SyntaxError as exc:      # e.g. an undeclared prefix, which rdflib's parser lets through
        return EXIT_REFUSED, _oxigraph_syntax(exc, text)
    except OSError as exc:          # evaluation errors (an unreachable SERVICE endpoint, ...)
        return EXIT_FAILED, f"query failed: {' '.join(str(exc).split())}"
    except MemoryError:
        return EXIT_FAILED, _out_of_memory(path, memory_mib)
    try:
        return EXIT_OK, format_result(res, fmt, prefixes)
    except ValueError as exc:
        return EXIT_REFUSED, str(exc)


def _answer(path: str, text: str, fmt: str, memory_mib: int | None, conn, prefixes=None,
            use_store: bool = True) -> None:
    """The query process: sends ("phase", name) as it goes, then ("done", exit code, text)."""
    # Rust prints "memory allocation of N bytes failed" before it aborts; the parent says it better
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    try:
        done = _answer_steps(path, text, fmt, memory_mib, conn, prefixes, use_store)
    except BaseException as exc:    # a bug or a Rust panic: one line, not a dead process
        done = EXIT_FAILED, f"the query failed: {type(exc).__name__}: {' '.join(str(exc).split())}"
    try:
        if done:
            conn.send(("done",) + done)
    except BaseException:           # out of memory even for that, or the parent is gone
        pass


def _too_large(path, memory_mib) -> str:
    return f"{path} is too large to load within --max-memory {memory_mib} MiB"


def _out_of_memory(path, memory_mib) -> str:
    return f"query stopped: it needed more than --max-memory {memory_mib} MiB (graph {path})"


def _stopped(path, timeout: float) -> str:
    return f"query stopped after --timeout {timeout:g} s (graph {path})"


def _died(phase: str, path, exitcode: int | None, memory_mib: int | None) -> str:
    if memory_mib and exitcode is not None and exitcode < 0:    # aborted or killed: the memory limit
        return _too_large(path, memory_mib) if phase == "load" else _out_of_memory(path, memory_mib)
    return f"the query process died (exit code {exitcode}) while {'loading ' + str(path) if phase == 'load' else 'querying'}"


def answer_query(path: str | Path, text: str, fmt: str = "table", *, allow_service: bool = False,
                 timeout: float | None = 60.0, memory_mib: int | None = None,
                 prefixes: dict[str, str] | None = None, use_store: bool = True) -> tuple[int, str]:
    """Check `text` (check_query), run it on the Turtle file `path` (or its output folder) in a child process and format
    the result as `fmt`: (0, output) or (exit code, one-line message). The child is stopped when
    the query has run `timeout` seconds (None or 0: no limit; loading, bounded by the graph's size,
    does not count: a large graph must not use up the query's time) and may take `memory_mib` MiB
    (None or 0: no limit). It loads the graph while this process checks the query, and runs the
    query only once it passed. prefixes: predefined for the query and used by the table (default:
    default_prefixes(path)). use_store: run on the output folder's SPARQL store when it has one to
    trust (kg.store), else parse the Turtle file."""
    path = graph_path(path)
    prefixes = default_prefixes(path) if prefixes is None else prefixes
    ctx = mp.get_context("spawn")   # not fork: the caller may hold Oxigraph's threads and locks
    conn, child_conn = ctx.Pipe()
    proc = ctx.Process(target=_answer, args=(str(path), text, fmt, memory_mib, child_conn, prefixes, use_store),
                       daemon=True)
    proc.start()
    child_conn.close()
    phase, deadline = "load", None
    try:
        checked = needs_check(text, allow_service) and text not in {t for _, t in saved_queries().values()}
        refused = check_query(text, allow_service) if checked else None
        if refused:
            return EXIT_REFUSED, refused
        try:
            conn.send("go")
        except OSError:             # already gone: its last word (or its death) tells why
            pass
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not conn.poll(wait):
                return EXIT_FAILED, _stopped(path, timeout)
            try:
                message = conn.recv()
            except (EOFError, OSError):     # gone without a word: aborted or killed
                proc.join()
                return EXIT_FAILED, _died(phase, path, proc.exitcode, memory_mib)
            if message[0] == "phase":
                phase = message[1]
                if phase == "query" and timeout:
                    deadline = time.monotonic() + timeout
            else:
                code, out = message[1], message[2]
                if code == EXIT_REFUSED and not checked and out.startswith("SPARQL syntax error"):
                    out = check_query(text, allow_service) or out     # rdflib's words, as for any query
                return code, out
    finally:
        if proc.is_alive():
            proc.kill()             # done, refused, or out of time: nothing it holds is worth freeing
        proc.join()
        conn.close()


# ------------------------------------------------------------------ CLI

def _read_query_file(path: Path) -> tuple[str | None, str | None]:
    """(query text, error message) for a .rq file: UTF-8, with or without a BOM."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, f"query file not found: {path}"
    except IsADirectoryError:
        return None, f"{path} is a folder, not a query file"
    except OSError as exc:
        return None, f"cannot read {path}: {exc.strerror or exc}"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, (f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                      "save the query as UTF-8")


def _query_text(args) -> tuple[str | None, str | None]:
    """(query text, error message)."""
    given = [x for x in (args.query, args.file, args.name) if x]
    if len(given) != 1:
        return None, "give exactly one of: a query, -f FILE, -n NAME (see --list)"
    if args.file:
        return _read_query_file(Path(args.file))
    if args.name:
        name = args.name[:-3] if args.name.endswith(".rq") else args.name
        saved = saved_queries()
        if name not in saved:
            return None, f"no saved query named {name!r}; saved: {', '.join(saved)}"
        return saved[name][1], None
    return args.query, None


def run_query_cli(args) -> int:
    if getattr(args, "prefixes", False):
        print(format_prefixes(default_prefixes(args.graph)))
        return 0
    if args.list:
        saved = saved_queries()
        width = max((len(n) for n in saved), default=0)
        for name, (doc, _) in saved.items():
            print(f"{name.ljust(width)}  {doc}")
        return 0
    text, error = _query_text(args)
    if error:
        print(f"kg: {error}", file=sys.stderr)
        return 2
    if not args.graph:
        print("kg: name the graph: kg query OUT_DIR QUERY (or graph.ttl)", file=sys.stderr)
        return 2
    path = graph_path(args.graph)
    if not path.is_file():
        print(f"kg: no graph at {path} (run kg build first)", file=sys.stderr)
        return 2
    timeout = getattr(args, "timeout", 60.0)
    memory_mib = getattr(args, "max_memory", None)
    if (timeout is not None and not 0 <= timeout < 10**9) or (memory_mib is not None and memory_mib < 0):
        print("kg: --timeout takes a finite number of seconds and --max-memory a number of MiB, "
              "each 0 (no limit) or more", file=sys.stderr)
        return 2
    code, out = answer_query(path, text, args.format, allow_service=getattr(args, "allow_service", False),
                             timeout=timeout, memory_mib=default_memory_mib() if memory_mib is None else memory_mib)
    if code:
        print(f"kg: {out}", file=sys.stderr)
        return code
    sys.stdout.write(out + "\n")
    return 0
