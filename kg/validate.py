"""`kg validate`: check graph.ttl against ontology/shapes.ttl with pySHACL.

graph.ttl already holds the ontology, so validation runs without inference
(sh:class and sh:targetClass follow rdfs:subClassOf in the data). Violations
are printed in plain words: what is wrong, on which node (with its name when
it has one), and the offending value.
"""
from __future__ import annotations

import sys
from pathlib import Path

SH = "http://www.w3.org/ns/shacl#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def graph_path(path: str | Path) -> Path:
    """An output folder or a .ttl file -> the Turtle file."""
    p = Path(path)
    return p / "graph.ttl" if p.is_dir() else p


def shapes_path() -> Path:
    from .export.rdf import ontology_dir
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


def _messages(data, results) -> list[str]:
    from rdflib import Namespace, URIRef
    sh = Namespace(SH)
    out = []
    for r in results.subjects(sh.resultSeverity, None):
        focus = results.value(r, sh.focusNode)
        msg = results.value(r, sh.resultMessage)
        path = results.value(r, sh.resultPath)
        value = results.value(r, sh.value)
        name = data.value(focus, URIRef(RDFS_LABEL)) if focus is not None else None
        where = _short(focus) + (f" ({name})" if name is not None else "")
        line = f"{where}: {msg or 'does not conform to ' + _short(results.value(r, sh.sourceShape))}"
        if isinstance(path, URIRef):
            line += f" [property {_short(path)}]"
        if value is not None and value != focus:
            line += f" [value {_short(value)}]"
        out.append(line)
    return sorted(set(out))


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
            prefixes = []
            for decl_of in shapes.objects(constraint, sh.prefixes):
                for decl in shapes.objects(decl_of, sh.declare):
                    prefixes.append(f"PREFIX {shapes.value(decl, sh.prefix)}: <{shapes.value(decl, sh.namespace)}>")
            select = "\n".join(sorted(prefixes)) + "\n" + str(shapes.value(constraint, sh.select))
            checks.append((str(target), select, str(shapes.value(constraint, sh.message) or "")))
            shapes.remove((shape, sh.sparql, constraint))
    return checks


def _run_whole_graph_checks(path: Path, checks) -> list[str]:
    import re

    from .query import load_oxigraph, query_oxigraph
    if not checks:
        return []
    store = load_oxigraph(path)
    out = []
    for target, select, message in checks:
        # Pre-bind $this as SHACL does: a VALUES block at the start of the WHERE pattern.
        bound = re.sub(r"WHERE\s*\{", lambda m: f"{m.group()} VALUES $this {{ <{target}> }}", select,
                       count=1, flags=re.IGNORECASE)
        res = query_oxigraph(store, bound)
        for row in res.rows:
            binding = {v: t for v, t in zip(res.vars, row) if t is not None}
            text = re.sub(r"\{[?$](\w+)\}", lambda m: binding[m.group(1)].value if m.group(1) in binding else "", message)
            node = binding.get("value")
            out.append(f"<{node.value if node else target}>: {text}")
    return out


def validate_graph(path: str | Path) -> list[str]:
    """Plain-language violation messages for graph.ttl (or an output folder); [] when it conforms."""
    import pyshacl
    from rdflib import Graph

    path = graph_path(path)
    data = Graph()
    data.parse(path, format="turtle")
    shapes = Graph()
    shapes.parse(shapes_path(), format="turtle")
    whole_graph = _split_whole_graph_checks(shapes)
    # inplace: no inference runs, so pySHACL need not copy the data graph (a third of its time).
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                            inplace=True, allow_warnings=True)
    problems = [] if conforms else _messages(data, results)
    return sorted(set(problems + _run_whole_graph_checks(path, whole_graph)))


def run_validate_cli(args) -> int:
    path = graph_path(args.graph)
    if not path.is_file():
        print(f"kg: no graph at {path}", file=sys.stderr)
        return 2
    try:
        problems = validate_graph(path)
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
