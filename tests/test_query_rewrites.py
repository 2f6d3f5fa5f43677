"""Saved queries rewritten for Oxigraph's planner (issue 19: every saved query fast from the store at
20,000 documents) give the same rows, in the same order, as the text they replaced, on the bundled
sample, on a small generated corpus and on the seeds. The replaced texts are kept here as data."""
from __future__ import annotations

import pytest

from kg.pipeline import build
from kg.query import load_oxigraph, query_oxigraph, saved_queries

from test_rdf import built
from test_sample import bench_generate  # noqa: F401  (the fixture: bench/generate.py as a module)

# name -> the query text before the rewrite (the predefined prefixes apply)
BEFORE = {
    "region_hierarchy": """
SELECT ?region ?regionName ?class ?parent ?parentName
WHERE {
  ?region a ?class ;
          rdfs:label ?regionName ;
          cnkg:partOf+ ?parent .
  ?class rdfs:subClassOf* cnkg:Region .
  ?parent rdfs:label ?parentName .
}
ORDER BY ?regionName ?region ?parentName ?parent
""",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory, bench_generate):
    tmp = tmp_path_factory.mktemp("rewrites")
    assert bench_generate.main(["60", str(tmp / "in"), "--seed", "7"]) == 0
    build([str(tmp / "in")], tmp / "out", progress=False, jobs=1)
    return tmp / "out"


def _same_rows(out, name):
    from kg.query import default_prefixes
    store, prefixes = load_oxigraph(out / "graph.ttl"), default_prefixes(out)
    before = query_oxigraph(store, BEFORE[name], prefixes)
    after = query_oxigraph(store, saved_queries()[name][1], prefixes)
    assert (after.vars, after.rows) == (before.vars, before.rows), name
    return after.rows


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_rewritten_query_gives_the_rows_it_gave_before(name, generated, request):
    assert _same_rows(built("sample"), name), f"{name}: nothing on the sample"
    assert _same_rows(generated, name), f"{name}: nothing on the generated corpus"


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_rewritten_query_gives_the_rows_it_gave_before_on_the_seeds(name, shared_dir):
    _same_rows(built("seeds"), name)
