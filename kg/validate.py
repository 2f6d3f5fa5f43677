"""`kg validate`: check graph.ttl against ontology/shapes.ttl.

graph.ttl already holds the ontology, so validation runs without inference
(sh:class and sh:targetClass follow rdfs:subClassOf in the data). Violations
are printed in plain words: what is wrong, on which node (with its name when
it has one), and the offending value.

Two engines give the same findings:
- "oxigraph": the shapes are translated, generically from the shapes graph,
  into SPARQL SELECTs run on Oxigraph (the cardinality constraints of a shape
  share one), plus tests of single values (sh:datatype, sh:in, sh:languageIn)
  run on the triples as parsed. About 14x faster than pySHACL at 2,000
  documents, linear in size, a quarter of the memory. It covers the SHACL Core
  features shapes.ttl uses; `compile_shapes` lists them.
- "pyshacl": pySHACL over the graph loaded into rdflib.
- "auto" (default): oxigraph, or pySHACL with a one-line note when the shapes
  (or the data) need something the translator does not support, so nothing is
  silently skipped.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = RDFS + "label"
ENGINES = ("auto", "oxigraph", "pyshacl")


def graph_path(path: str | Path) -> Path:
    """An output folder or a .ttl file -> the Turtle file."""
    p = Path(path)
    return p / "graph.ttl" if p.is_dir() else p


def shapes_path() -> Path:
    from .terms import ontology_dir
    return ontology_dir() / "shapes.ttl"


def _short(term) -> str:
    from rdflib import Literal
    text = str(term)
    if isinstance(term, Literal):
        return f'"{text}"' + (f"@{term.language}" if term.language else "")
    for ns, pfx in (("https://w3id.org/cnkg/ontology#", "cnkg:"), ("http://www.w3.org/2000/01/rdf-schema#", "rdfs:"),
                    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"), ("http://www.w3.org/ns/prov#", "prov:"),
                    ("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#", "nif:"),
                    ("http://www.w3.org/2005/11/its/rdf#", "itsrdf:")):
        if text.startswith(ns):
            return pfx + text[len(ns):]
    return f"<{text}>"


def _line(focus, label, message: str, path, value) -> str:
    """One finding in the words `_messages` uses (rdflib terms in, text out)."""
    from rdflib import URIRef
    line = f"{_short(focus)}{f' ({label})' if label is not None else ''}: {message}"
    if isinstance(path, URIRef):
        line += f" [property {_short(path)}]"
    if value is not None and value != focus:
        line += f" [value {_short(value)}]"
    return line


def _messages(data, results) -> list[str]:
    from rdflib import Namespace, URIRef
    sh = Namespace(SH)
    out = []
    for r in results.subjects(sh.resultSeverity, None):
        focus = results.value(r, sh.focusNode)
        msg = results.value(r, sh.resultMessage)
        name = data.value(focus, URIRef(RDFS_LABEL)) if focus is not None else None
        out.append(_line(focus, name, msg or "does not conform to " + _short(results.value(r, sh.sourceShape)),
                         results.value(r, sh.resultPath), results.value(r, sh.value)))
    return sorted(set(out))


# ---------------------------------------------------------------- whole-graph SPARQL checks (both engines)

def _select_with_prefixes(shapes, constraint) -> str:
    from rdflib import Namespace
    sh = Namespace(SH)
    prefixes = []
    for decl_of in shapes.objects(constraint, sh.prefixes):
        for decl in shapes.objects(decl_of, sh.declare):
            prefixes.append(f"PREFIX {shapes.value(decl, sh.prefix)}: <{shapes.value(decl, sh.namespace)}>")
    return "\n".join(sorted(prefixes)) + "\n" + str(shapes.value(constraint, sh.select))


def _split_whole_graph_checks(shapes):
    """Take out the SPARQL constraints of shapes aimed at one fixed node (sh:targetNode).

    Those are whole-graph checks (offsets of every mention); pySHACL would run
    them on rdflib's SPARQL engine, which is 20x slower than Oxigraph, so
    `_run_whole_graph_checks` runs them there with the same SHACL meaning.
    Returns [(target node IRI, select text with PREFIX lines, message)].
    """
    from rdflib import Namespace
    sh = Namespace(SH)
    checks = []
    for shape, target in list(shapes.subject_objects(sh.targetNode)):
        for constraint in list(shapes.objects(shape, sh.sparql)):
            checks.append((str(target), _select_with_prefixes(shapes, constraint),
                           str(shapes.value(constraint, sh.message) or "")))
            shapes.remove((shape, sh.sparql, constraint))
    return checks


def _whole_graph_queries(checks) -> list[str]:
    # Pre-bind $this as SHACL does: a VALUES block at the start of the WHERE pattern.
    return [re.sub(r"WHERE\s*\{", lambda m: f"{m.group()} VALUES $this {{ <{target}> }}", select,
                   count=1, flags=re.IGNORECASE) for target, select, _ in checks]


def _run_whole_graph_checks(store, checks) -> list[str]:
    return _whole_graph_lines(checks, _run_queries(store, _whole_graph_queries(checks)))


def _whole_graph_lines(checks, results) -> list[str]:
    out = []
    for (target, _, message), (names, rows) in zip(checks, results):
        for row in rows:
            binding = {v: t for v, t in zip(names, row) if t is not None}
            text = re.sub(r"\{[?$](\w+)\}", lambda m: binding[m.group(1)].value if m.group(1) in binding else "", message)
            node = binding.get("value")
            out.append(f"<{node.value if node else target}>: {text}")
    return out


# ---------------------------------------------------------------- shapes -> SPARQL and term tests

class Unsupported(ValueError):
    """shapes.ttl (or the data) needs something the Oxigraph engine does not translate."""


@dataclass(frozen=True)
class Check:
    """One SELECT whose rows (?this [?value]) are violations, and how to word them."""
    query: str
    message: str
    path: str | None = None          # IRI shown as [property …]

    @property
    def has_value(self) -> bool:
        return "?value" in self.query.split("WHERE", 1)[0]


@dataclass(frozen=True)
class CountCheck:
    """One SELECT over the focus nodes of a shape, with a boolean ?fN per cardinality constraint
    (true: violated); one pass over the focus nodes is 3x faster than a query per constraint."""
    query: str
    findings: tuple[tuple[str, str], ...]     # (message, property IRI) of ?f0, ?f1, ...


@dataclass(frozen=True)
class TermCheck:
    """A constraint on each value of a property that depends on the value alone (sh:datatype,
    sh:in, sh:languageIn). It is tested on the terms as written in graph.ttl, not on the store:
    Oxigraph stores literals in canonical form (xsd:nonNegativeInteger becomes xsd:integer)."""
    path: str
    focus: str                        # sub-SELECT of the focus nodes
    message: str
    accepts: Callable                 # rdflib term -> bool, with pySHACL's reading


@dataclass
class Compiled:
    checks: list[Check] = field(default_factory=list)
    count_checks: list[CountCheck] = field(default_factory=list)
    term_checks: list[TermCheck] = field(default_factory=list)
    whole_graph: list[tuple[str, str, str]] = field(default_factory=list)


# Predicates a shape may carry; anything else in the sh: namespace is refused.
_SHAPE_KEYS = {"targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode", "property", "path", "minCount",
               "maxCount", "class", "datatype", "languageIn", "in", "or", "message", "sparql", "name",
               "description", "order", "group", "deactivated", "severity"}
_SPARQL_KEYS = {"message", "prefixes", "select", "deactivated"}
_INNER_KEYS = {"class", "in", "languageIn"}   # what a shape inside sh:or may say
_UNSUPPORTED = ("node", "not", "and", "xone", "qualifiedValueShape", "rule", "target", "closed")


def _sh(name: str) -> str:
    return SH + name


def _objects(shapes, node, name: str) -> list:
    from rdflib import URIRef
    return list(shapes.objects(node, URIRef(_sh(name))))


def _one(shapes, node, name: str):
    values = _objects(shapes, node, name)
    if len(values) > 1:
        raise Unsupported(f"{_short(node)} has {len(values)} values of sh:{name}")
    return values[0] if values else None


def _sh_keys(shapes, node) -> set[str]:
    return {str(p)[len(SH):] for p in shapes.predicates(node, None) if str(p).startswith(SH)}


def _nt(term) -> str:
    """An rdflib term as SPARQL text."""
    from rdflib import BNode
    if isinstance(term, BNode):
        raise Unsupported(f"a blank node ({term}) as a value in a constraint")
    return term.n3()


# Subclass closures are looked up in the data graph once per class and spliced into the queries
# as VALUES lists: much faster on Oxigraph than a rdfs:subClassOf* path evaluated per node.
_CLASSES = re.compile(r"\$CLASSES\(([^)]*)\)")


def _classes(classes) -> str:
    """Placeholder for the listed classes and their subclasses in the data (see `_expand_classes`)."""
    return f"$CLASSES({' '.join(sorted(f'<{c}>' for c in classes))})"


def _expand_classes(query: str, store, cache: dict) -> str:
    def closure(match) -> str:
        found = set()
        for cls in match.group(1).split():
            if cls not in cache:
                cache[cls] = {str(sol["c"]) for sol in store.query(f"SELECT ?c WHERE {{ ?c <{RDFS}subClassOf>* {cls} }}")}
                cache[cls].add(cls)
            found |= cache[cls]
        return " ".join(sorted(found))
    return _CLASSES.sub(closure, query)


def _instance_of(var: str, cls: str, typevar: str = "?t_") -> str:
    """SHACL instance-of without inference: the class or a subclass of it in the data graph."""
    return f"VALUES {typevar} {{ {_classes([cls])} }} {var} a {typevar} ."


def _focus_pattern(shapes, shape) -> str | None:
    """A sub-SELECT binding ?this to each focus node of a shape; None when it has no targets."""
    parts = [f"{{ {_instance_of('?this', str(c), '?tc_')} }}" for c in _objects(shapes, shape, "targetClass")]
    parts += [f"{{ ?this <{p}> ?any_ }}" for p in _objects(shapes, shape, "targetSubjectsOf")]
    parts += [f"{{ ?any_ <{p}> ?this }}" for p in _objects(shapes, shape, "targetObjectsOf")]
    nodes = _objects(shapes, shape, "targetNode")
    if nodes:
        parts.append(f"{{ VALUES ?this {{ {' '.join(_nt(n) for n in nodes)} }} }}")
    if not parts:
        return None
    return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(parts)} }} }}"


def _rdf_list(shapes, head) -> list:
    from rdflib.collection import Collection
    return list(Collection(shapes, head))


def _wanted_languages(shapes, head) -> set[str]:
    return {str(x).lower() for x in _rdf_list(shapes, head)}


# -- value-node tests as SPARQL expressions over ?value (graph-dependent, or inside sh:or)

def _class_test(cls: str, var: str) -> str:
    return f"EXISTS {{ {_instance_of(var, cls)} }}"


def _language_test(shapes, head, var: str) -> str:
    # pySHACL's reading: the tag (lower-cased) or its first subtag is listed, or "*" is.
    wanted = sorted(_wanted_languages(shapes, head))
    tagged = f"isLiteral({var}) && LANG({var}) != \"\""
    if "*" in wanted:
        return f"({tagged})"
    listed = ", ".join(f'"{w}"' for w in wanted) or '""'
    return (f"({tagged} && (LCASE(LANG({var})) IN ({listed}) || "
            f"LCASE(STRBEFORE(LANG({var}), \"-\")) IN ({listed})))")


def _in_test(shapes, head, var: str) -> str:
    members = [f"sameTerm({var}, {_nt(x)})" for x in _rdf_list(shapes, head)]
    return f"({' || '.join(members) or 'false'})"


def _inner_shape_test(shapes, inner, var: str) -> str:
    keys = _sh_keys(shapes, inner)
    if keys - _INNER_KEYS:
        raise Unsupported(f"sh:or member with {', '.join('sh:' + k for k in sorted(keys - _INNER_KEYS))}")
    tests = [_class_test(str(c), var) for c in _objects(shapes, inner, "class")]
    tests += [_in_test(shapes, h, var) for h in _objects(shapes, inner, "in")]
    tests += [_language_test(shapes, h, var) for h in _objects(shapes, inner, "languageIn")]
    return f"({' && '.join(tests) or 'true'})"


def _sparql_value_tests(shapes, shape, node_level: bool) -> list[str | frozenset]:
    """What ?value must satisfy: a SPARQL expression, or a set of classes it must be an instance
    of one of (sh:class, or sh:or of single sh:class shapes). sh:class and sh:or; at node level
    also sh:in and sh:languageIn."""
    tests: list[str | frozenset] = [frozenset([str(c)]) for c in _objects(shapes, shape, "class")]
    for head in _objects(shapes, shape, "or"):
        members = _rdf_list(shapes, head)
        if members and all(_sh_keys(shapes, m) == {"class"} and len(_objects(shapes, m, "class")) == 1
                           for m in members):
            tests.append(frozenset(str(_one(shapes, m, "class")) for m in members))
            continue
        tests.append(f"({' || '.join(_inner_shape_test(shapes, m, '?value') for m in members) or 'false'})")
    if node_level:
        if _objects(shapes, shape, "datatype"):
            raise Unsupported("sh:datatype on a node shape")
        tests += [_language_test(shapes, h, "?value") for h in _objects(shapes, shape, "languageIn")]
        tests += [_in_test(shapes, h, "?value") for h in _objects(shapes, shape, "in")]
    return tests


def _failing(test: str | frozenset) -> str:
    """Pattern text that keeps the rows whose ?value fails the test."""
    if isinstance(test, frozenset):   # an anti-join: the fastest form on Oxigraph
        return f"MINUS {{ VALUES ?t_ {{ {_classes(test)} }} ?value a ?t_ }}"
    return f"FILTER (!{test})"


# -- value-node tests on rdflib terms, as pySHACL evaluates them

def _datatype_accepts(datatype: str) -> Callable:
    from datetime import date, datetime, time
    from decimal import Decimal

    from rdflib import Literal, URIRef
    if datatype in (RDFS + "Literal", RDFS + "Datatype"):
        raise Unsupported(f"sh:datatype {_short(URIRef(datatype))}")
    dt = URIRef(datatype)
    # pySHACL checks the parsed value's Python type for these; other datatypes only for ill-typedness.
    expected = {XSD + "string": (str, bytes), RDF + "langString": (str, bytes), XSD + "integer": int,
                XSD + "float": float, XSD + "decimal": Decimal, XSD + "boolean": bool, XSD + "date": date,
                XSD + "time": time, XSD + "dateTime": datetime}.get(datatype)

    def accepts(term) -> bool:
        if not isinstance(term, Literal):
            return False
        if term.datatype == dt:
            return getattr(term, "ill_typed", None) is not True and (expected is None or isinstance(term.value, expected))
        if term.datatype is None and term.language is None and datatype == XSD + "string":
            return True
        return bool(datatype == RDF + "langString" and term.language)
    return accepts


def _language_accepts(wanted: set[str]) -> Callable:
    from rdflib import Literal

    def accepts(term) -> bool:
        if not isinstance(term, Literal) or not term.language:
            return False
        lang = str(term.language).lower()
        return "*" in wanted or lang in wanted or lang.split("-")[0] in wanted
    return accepts


def _in_accepts(members: set) -> Callable:
    return lambda term: term in members


def _term_tests(shapes, prop) -> list[Callable]:
    tests = [_datatype_accepts(str(dt)) for dt in _objects(shapes, prop, "datatype")]
    tests += [_language_accepts(_wanted_languages(shapes, h)) for h in _objects(shapes, prop, "languageIn")]
    tests += [_in_accepts(set(_rdf_list(shapes, h))) for h in _objects(shapes, prop, "in")]
    return tests


# -- shapes

def _message(shapes, shape) -> str:
    msgs = _objects(shapes, shape, "message")
    if len(msgs) != 1:
        raise Unsupported(f"{_short(shape)} has {len(msgs)} sh:message (the translator needs exactly one)")
    text = str(msgs[0])
    if "{" in text:
        raise Unsupported(f"a template in the sh:message of {_short(shape)}")
    return text


def _check_shape_keys(shapes, shape) -> None:
    from rdflib import Literal, URIRef
    unknown = _sh_keys(shapes, shape) - _SHAPE_KEYS
    if unknown:
        raise Unsupported(", ".join("sh:" + k for k in sorted(unknown)))
    sev = _one(shapes, shape, "severity")
    if sev is not None and sev != URIRef(_sh("Violation")):
        raise Unsupported(f"sh:severity {_short(sev)}")
    if (shape, URIRef(RDF + "type"), URIRef(RDFS + "Class")) in shapes:
        raise Unsupported(f"implicit class target ({_short(shape)} is an rdfs:Class)")
    if _one(shapes, shape, "deactivated") not in (None, Literal(False), Literal(True)):
        raise Unsupported("sh:deactivated with a value other than true/false")


def _deactivated(shapes, node) -> bool:
    from rdflib import Literal
    return _one(shapes, node, "deactivated") == Literal(True)


def _count_condition(p: str, low: int, high: int | None) -> str | None:
    """A boolean SPARQL expression on ?this: true when the number of values of p is outside
    [low, high]; None when only a grouped count can say (bounds other than 0 and 1)."""
    parts = []
    if low == 1:
        parts.append(f"NOT EXISTS {{ ?this {p} ?v_ }}")
    elif low > 1:
        return None
    if high == 0:
        parts.append(f"EXISTS {{ ?this {p} ?v_ }}")
    elif high == 1:
        parts.append(f"EXISTS {{ ?this {p} ?v_, ?w_ FILTER (!sameTerm(?v_, ?w_)) }}")
    elif high is not None:
        return None
    return f"({' || '.join(parts)})" if parts else "false"


@dataclass
class PropertyChecks:
    checks: list[Check] = field(default_factory=list)
    counts: list[tuple[str, str, str]] = field(default_factory=list)   # (condition on ?this, message, path)
    term_checks: list[TermCheck] = field(default_factory=list)


def _count_check(focus: str, counts: list[tuple[str, str, str]]) -> CountCheck:
    flags = " ".join(f"?f{i}" for i in range(len(counts)))
    binds = " ".join(f"BIND ({cond} AS ?f{i})" for i, (cond, _, _) in enumerate(counts))
    anyone = " || ".join(f"?f{i}" for i in range(len(counts)))
    return CountCheck(f"SELECT ?this {flags} WHERE {{ {focus} {binds} FILTER ({anyone}) }}",
                      tuple((message, path) for _, message, path in counts))


def _property_checks(shapes, prop, focus: str) -> PropertyChecks:
    from rdflib import URIRef
    _check_shape_keys(shapes, prop)
    out = PropertyChecks()
    if _deactivated(shapes, prop):
        return out
    path = _one(shapes, prop, "path")
    if not isinstance(path, URIRef):
        raise Unsupported(f"sh:path {path!r} (only a plain IRI path is translated)")
    for key in ("property", "sparql"):
        if _objects(shapes, prop, key):
            raise Unsupported(f"sh:{key} on a property shape")
    message, p = _message(shapes, prop), f"<{path}>"
    # sh:minCount and sh:maxCount results read the same (no value), so one condition covers both.
    low, high = _one(shapes, prop, "minCount"), _one(shapes, prop, "maxCount")
    low, high = (int(low) if low is not None else 0), (int(high) if high is not None else None)
    condition = _count_condition(p, low, high)
    if condition is None:
        bad = " || ".join(([f"COUNT(?v) < {low}"] if low > 0 else []) + ([f"COUNT(?v) > {high}"] if high is not None else []))
        out.checks.append(Check(f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {p} ?v }} }} "
                                f"GROUP BY ?this HAVING ({bad})", message, str(path)))
    elif condition != "false":
        out.counts.append((condition, message, str(path)))
    for test in _sparql_value_tests(shapes, prop, node_level=False):
        out.checks.append(Check(f"SELECT ?this ?value WHERE {{ {focus} ?this {p} ?value {_failing(test)} }}",
                                message, str(path)))
    out.term_checks = [TermCheck(str(path), focus, message, t) for t in _term_tests(shapes, prop)]
    return out


def _shapes_with_targets(shapes):
    from rdflib import URIRef
    found = set()
    for key in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"):
        found.update(shapes.subjects(URIRef(_sh(key)), None))
    return sorted(found, key=str)


def _sparql_constraints(shapes, shape) -> list[tuple[str, str, str]]:
    """SPARQL constraints of a shape aimed at fixed nodes, as `_run_whole_graph_checks` takes them."""
    out = []
    if [k for k in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "path") if _objects(shapes, shape, k)]:
        raise Unsupported("sh:sparql on a shape that does not target fixed nodes only")
    for constraint in _objects(shapes, shape, "sparql"):
        if _sh_keys(shapes, constraint) - _SPARQL_KEYS or _one(shapes, constraint, "select") is None:
            raise Unsupported("a SPARQL constraint other than sh:select with sh:prefixes and sh:message")
        if not _deactivated(shapes, constraint):
            out += [(str(target), _select_with_prefixes(shapes, constraint),
                     str(_one(shapes, constraint, "message") or "")) for target in _objects(shapes, shape, "targetNode")]
    return out


def compile_shapes(shapes) -> Compiled:
    """Translate a shapes graph; raises Unsupported for anything outside: targets (sh:targetClass with
    subclasses, sh:targetSubjectsOf, sh:targetObjectsOf, sh:targetNode), sh:property with an IRI
    sh:path, sh:minCount, sh:maxCount, sh:class, sh:datatype, sh:languageIn, sh:in, sh:or (of shapes
    using sh:class/sh:in/sh:languageIn), exactly one plain sh:message per constraining shape, and
    SPARQL constraints (sh:select with sh:prefixes) on shapes that target fixed nodes."""
    from rdflib import URIRef
    out = Compiled()
    for key in _UNSUPPORTED:
        if any(shapes.subject_objects(URIRef(_sh(key)))):
            raise Unsupported(f"sh:{key}")
    for shape in _shapes_with_targets(shapes):
        _check_shape_keys(shapes, shape)
        if _deactivated(shapes, shape):
            continue
        if _objects(shapes, shape, "sparql"):
            out.whole_graph += _sparql_constraints(shapes, shape)
        focus = _focus_pattern(shapes, shape)
        if _objects(shapes, shape, "path"):   # a property shape with its own targets
            props = [_property_checks(shapes, shape, focus)]
        else:
            tests = _sparql_value_tests(shapes, shape, node_level=True)
            if tests:
                message = _message(shapes, shape)
                out.checks += [Check(f"SELECT ?this ?value WHERE {{ {focus} BIND (?this AS ?value) {_failing(t)} }}",
                                     message) for t in tests]
            props = [_property_checks(shapes, prop, focus) for prop in _objects(shapes, shape, "property")]
        for prop in props:
            out.checks += prop.checks
            out.term_checks += prop.term_checks
        counts = [c for prop in props for c in prop.counts]
        if counts:
            out.count_checks.append(_count_check(focus, counts))
    return out


# ---------------------------------------------------------------- running the checks

def _to_rdflib(term):
    """A pyoxigraph term as rdflib's Turtle parser would have made it."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    return Literal(term.value, datatype=None if dt == XSD + "string" else URIRef(dt))


@dataclass
class Loaded:
    store: object
    term_failures: list[list[tuple]]     # per TermCheck: [(subject, value)] as written in the file
    triples_in_file: int


def _scan_terms(path: Path, term_checks: list[TermCheck]) -> tuple[list[list[tuple]], int]:
    """Run the term checks over the triples as parsed (each distinct value is judged once)."""
    import pyoxigraph as ox
    by_path: dict = {}
    for i, check in enumerate(term_checks):
        by_path.setdefault(ox.NamedNode(check.path), []).append(i)
    failures: list[list[tuple]] = [[] for _ in term_checks]
    verdicts: dict = {}
    n = 0
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        n += 1
        for i in by_path.get(t.predicate, ()):
            ok = verdicts.get((i, t.object))
            if ok is None:
                ok = verdicts[(i, t.object)] = term_checks[i].accepts(_to_rdflib(t.object))
            if not ok:
                failures[i].append((t.subject, t.object))
    return failures, n


def _load(path: Path, term_checks: list[TermCheck]) -> Loaded:
    """Bulk-load the store and, at the same time (bulk_load releases the GIL), scan the terms.
    When the output folder has a SPARQL store (kg.store) the queries run on it instead, and only
    the term scan reads the file: a store keeps every integer subtype as xsd:integer, so the
    values sh:datatype judges are read as written."""
    import threading

    import pyoxigraph as ox

    from .store import open_store
    try:
        on_disk = open_store(path)
    except OSError:           # a damaged store: graph.ttl still says everything
        on_disk = None
    if on_disk is not None:
        failures, n = _scan_terms(path, term_checks)
        if n != len(on_disk):
            raise Unsupported(f"{path.name} repeats triples or has literals Oxigraph stores as one "
                              f"({n} triples parsed, {len(on_disk)} stored)")
        return Loaded(on_disk, failures, n)
    store = ox.Store()
    error: list[BaseException] = []

    def bulk_load():
        try:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        except BaseException as exc:   # re-raised in the caller's thread
            error.append(exc)
    loader = threading.Thread(target=bulk_load)
    loader.start()
    try:
        failures, n = _scan_terms(path, term_checks)
    finally:
        loader.join()
    if error:
        raise error[0]
    return Loaded(store, failures, n)


def _term_violations(store, check: TermCheck, failures: list[tuple]) -> list[tuple]:
    """[(focus, value)] of the failing (subject, value) pairs whose subject is a focus node."""
    import pyoxigraph as ox
    if not failures:
        return []
    if any(isinstance(s, ox.BlankNode) for s, _ in failures):
        raise Unsupported("a failing value on a blank node (blank node labels differ between parsers)")
    subjects = " ".join(sorted({str(s) for s, _ in failures}))
    query = _expand_classes(f"SELECT ?this WHERE {{ {check.focus} VALUES ?this {{ {subjects} }} }}", store, {})
    focus = {sol["this"] for sol in store.query(query)}
    return [(s, v) for s, v in failures if s in focus]


def _solutions(store, query: str) -> tuple[list[str], list[tuple]]:
    res = store.query(query)
    names = [v.value for v in res.variables]
    return names, [tuple(sol[n] for n in names) for sol in res]


def _run_queries(store, queries: list[str]) -> list[tuple[list[str], list[tuple]]]:
    """(variable names, rows) of each SELECT. Oxigraph evaluates queries in parallel threads (it
    releases the GIL), and even one worker thread runs them about twice as fast as the main thread."""
    import os
    from concurrent.futures import ThreadPoolExecutor
    if not queries:
        return []
    with ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
        return list(pool.map(lambda q: _solutions(store, q), queries))


def _first_labels(path: Path, store, nodes) -> dict:
    """rdfs:label of each node as rdflib's Graph.value gives it: the first one in the file."""
    import pyoxigraph as ox
    named = [n for n in nodes if isinstance(n, ox.NamedNode)]
    if not named:
        return {}
    res = store.query(f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {' '.join(str(n) for n in named)} }} ?s <{RDFS_LABEL}> ?l }}")
    labels: dict = {}
    for sol in res:
        labels.setdefault(sol["s"], []).append(sol["l"])
    first = {s: ls[0] for s, ls in labels.items()}
    several = {s for s, ls in labels.items() if len(ls) > 1}
    if several:   # rare (a violation itself): read the file in order, as rdflib does
        label, seen = ox.NamedNode(RDFS_LABEL), set()
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if t.predicate == label and t.subject in several and t.subject not in seen:
                first[t.subject] = t.object
                seen.add(t.subject)
                if seen == several:
                    break
    return {s: _to_rdflib(l) for s, l in first.items()}


def _validate_oxigraph(path: Path, shapes) -> list[str]:
    from rdflib import URIRef
    compiled = compile_shapes(shapes)
    loaded = _load(path, compiled.term_checks)
    store = loaded.store
    if loaded.triples_in_file != len(store):
        # Oxigraph keeps one copy of literals equal in canonical form ("1"^^xsd:int, "1"^^xsd:long),
        # which rdflib keeps apart: the counts of values would differ.
        raise Unsupported(f"{path.name} repeats triples or has literals Oxigraph stores as one "
                          f"({loaded.triples_in_file} triples parsed, {len(store)} stored)")
    closures: dict = {}
    queries = [_expand_classes(c.query, store, closures) for c in compiled.checks + compiled.count_checks]
    # One batch, so that the slow queries (whole-graph checks, counts over every mention) overlap.
    results = _run_queries(store, _whole_graph_queries(compiled.whole_graph) + queries)
    whole_graph = _whole_graph_lines(compiled.whole_graph, results[:len(compiled.whole_graph)])
    results = results[len(compiled.whole_graph):]
    found = [(c.message, c.path, row[0], row[1] if c.has_value else None)
             for c, (_, rows) in zip(compiled.checks, results) for row in rows]
    for c, (_, rows) in zip(compiled.count_checks, results[len(compiled.checks):]):
        found += [(message, path, row[0], None) for row in rows
                  for (message, path), flag in zip(c.findings, row[1:]) if flag is not None and flag.value == "true"]
    for check, failures in zip(compiled.term_checks, loaded.term_failures):
        found += [(check.message, check.path, focus, value) for focus, value in _term_violations(store, check, failures)]
    labels = _first_labels(path, store, {focus for _, _, focus, _ in found})
    out = {_line(_to_rdflib(focus), str(labels[focus]) if focus in labels else None, message,
                 URIRef(prop) if prop else None, _to_rdflib(value) if value is not None else None)
           for message, prop, focus, value in found}
    return sorted(out | set(whole_graph))


def _validate_pyshacl(path: Path, shapes) -> list[str]:
    import pyshacl
    from rdflib import Graph

    from .terms import load_oxigraph
    data = Graph()
    data.parse(path, format="turtle")
    whole_graph = _split_whole_graph_checks(shapes)
    # inplace: no inference runs, so pySHACL need not copy the data graph (a third of its time).
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                            inplace=True, allow_warnings=True)
    problems = [] if conforms else _messages(data, results)
    extra = _run_whole_graph_checks(load_oxigraph(path), whole_graph) if whole_graph else []
    return sorted(set(problems + extra))


def _load_shapes(path: Path):
    from rdflib import Graph
    shapes = Graph()
    shapes.parse(path, format="turtle")
    return shapes


def validate_graph(path: str | Path, engine: str = "auto", shapes: str | Path | None = None) -> list[str]:
    """Plain-language violation messages for graph.ttl (or an output folder); [] when it conforms.

    engine: "oxigraph" (SPARQL translation; raises Unsupported when the shapes go beyond it),
    "pyshacl", or "auto" (oxigraph, else pyshacl with a note on stderr).
    shapes: a SHACL shapes file (default: the ontology's shapes.ttl)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r} (one of {', '.join(ENGINES)})")
    path = graph_path(path)
    shapes = Path(shapes) if shapes is not None else shapes_path()
    if engine == "pyshacl":
        return _validate_pyshacl(path, _load_shapes(shapes))
    try:
        return _validate_oxigraph(path, _load_shapes(shapes))
    except Unsupported as exc:
        if engine == "oxigraph":
            raise
        print(f"kg: shapes use {exc}, which the SPARQL translator does not support; validating with pySHACL",
              file=sys.stderr)
        return _validate_pyshacl(path, _load_shapes(shapes))


def add_validate_arguments(parser) -> None:
    parser.add_argument("graph", metavar="GRAPH_OR_DIR", help="graph.ttl, or a kg build output folder holding one")
    parser.add_argument("--engine", choices=ENGINES, default="auto",
                        help="oxigraph: shapes as SPARQL (fast); pyshacl: pySHACL; auto (default): oxigraph "
                             "unless the shapes need pySHACL")


def run_validate_cli(args) -> int:
    path = graph_path(args.graph)
    if not path.is_file():
        print(f"kg: no graph at {path}", file=sys.stderr)
        return 2
    try:
        problems = validate_graph(path, getattr(args, "engine", "auto"))
    except Unsupported as exc:
        print(f"kg: the oxigraph engine cannot translate {exc}; use --engine pyshacl", file=sys.stderr)
        return 2
    except Exception as exc:  # a Turtle syntax error is a finding, not a crash
        print(f"kg: {path} could not be read as Turtle: {exc}", file=sys.stderr)
        return 1
    if not problems:
        print(f"{path}: conforms to {shapes_path().name}")
        return 0
    for line in problems:
        print(line)
    print(f"{path}: {len(problems)} violation(s)", file=sys.stderr)
    return 1


def main(argv=None) -> int:
    """`python -m kg.validate [--engine E] GRAPH_OR_DIR` (same as `kg validate`)."""
    import argparse
    parser = argparse.ArgumentParser(prog="python -m kg.validate",
                                     description="Check a graph against ontology/shapes.ttl (SHACL); same as kg validate.")
    add_validate_arguments(parser)
    return run_validate_cli(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
