"""Every query the README and docs/queries.md show runs as pasted against a built output (issue 19):
the SPARQL blocks, the inline `kg query OUT 'QUERY'` examples and the queries sent to `kg serve`
(which has no predefined prefixes); the saved queries they quote are the saved text; and every IRI
the tables show with a prefix can be typed back into a query."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.query import EXIT_OK, answer_query, saved_queries

from test_rdf import built

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "docs" / "queries.md"]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _fenced(path: Path) -> list[tuple[str, str, int]]:
    """(language, body, offset) of each fenced block."""
    text = path.read_text(encoding="utf-8")
    return [(m[1], m[2], m.start()) for m in FENCE.finditer(text)]


def _body(query: str) -> str:
    """A query without its comment and PREFIX lines (what the docs quote of a saved query)."""
    return "\n".join(line for line in query.strip().splitlines()
                     if not line.startswith("#") and not line.startswith("PREFIX ")).strip()


def doc_queries() -> list[tuple[str, str, bool]]:
    """(where, query, predefined prefixes apply) of every query the docs show."""
    found = []
    for path in DOCS:
        for lang, body, at in _fenced(path):
            where = f"{path.name} at character {at}"
            if lang == "sparql":
                found.append((where, body, True))
                continue
            for m in re.finditer(r"^kg query \S+ '([^']+)'", body, re.MULTILINE):
                found.append((where, m[1], True))
            for m in re.finditer(r"--data-urlencode 'query=([^']+)'", body):
                found.append((where, m[1], False))          # to the endpoint: no predefined prefixes
            for m in re.finditer(r'setQuery\("""(.*?)"""\)', body, re.DOTALL):
                found.append((where, m[1], False))
    return found


def test_the_docs_show_queries():
    where = {w.split(" ")[0] for w, _, _ in doc_queries()}
    assert where == {"README.md", "queries.md"}


@pytest.mark.parametrize("where, query, predefined", doc_queries(), ids=lambda v: str(v)[:40])
def test_each_query_in_the_docs_runs_as_pasted(where, query, predefined):
    out = built("sample")
    code, answer = answer_query(out, query, "csv", timeout=120, prefixes=None if predefined else {})
    assert code == EXIT_OK, f"{where}: {answer}"
    assert answer.count("\n") >= 1, f"{where}: no rows on the sample build"


def test_the_saved_queries_the_docs_quote_are_the_saved_text():
    bodies = {_body(text): name for name, (_, text) in saved_queries().items()}
    quoted = 0
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for lang, body, at in _fenced(path):
            heading = re.findall(r"^(?:## `(\w+)`|\*\*(\w+)\*\*)", text[:at], re.MULTILINE)
            name = next((a or b for a, b in heading[-1:]), None)
            if lang == "sparql" and name in saved_queries():
                assert body.strip() in bodies and bodies[body.strip()] == name, \
                    f"{path.name}: the query under {name} is not ontology/queries/{name}.rq"
                quoted += 1
    assert quoted >= 3


def test_every_prefixed_iri_in_the_docs_tables_can_be_typed_back():
    out = built("sample")
    names = set()
    for path in DOCS:
        for lang, body, _ in _fenced(path):
            if lang in ("", "text"):
                names |= set(re.findall(r"(?<![\w:])id:\S+", body))
    assert names, "the docs show no id: IRIs"
    values = " ".join(sorted(names))
    code, answer = answer_query(out, f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}", "csv", timeout=60)
    assert code == EXIT_OK, answer
