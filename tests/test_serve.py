"""`kg serve` (issue 19): the store over the SPARQL 1.1 Protocol, read-only, CORS on. The round trip:
every saved query sent over HTTP with a plain standard-library client gives kg query's rows."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.commands.serve import oxigraph_program
from kg.pipeline import build
from kg.query import EXIT_OK, Term, answer_query, saved_queries

from test_store import corpus

pytestmark = pytest.mark.skipif(oxigraph_program() is None,
                                reason="the oxigraph server program is not installed (pip install oxigraph)")

JSON_RESULTS = "application/sparql-results+json"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(endpoint URL, output folder) of a `kg serve` on a free local port; stopped afterwards."""
    tmp = tmp_path_factory.mktemp("serve")
    out = tmp / "out"
    build([str(corpus(tmp / "in"))], out, progress=False, jobs=1, store=True)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(out), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        endpoint = None
        for line in proc.stdout:             # the URL is printed once the server answers
            if line.strip().startswith("endpoint"):
                endpoint = line.split()[-1]
                break
        assert endpoint, proc.stderr.read()
        yield endpoint, out
    finally:
        proc.terminate()
        proc.wait(10)
    assert proc.returncode == 0


def rows_of(doc: dict) -> list:
    if "boolean" in doc:
        return [doc["boolean"]]
    names = doc["head"]["vars"]
    return [tuple(Term.from_json(b[v]) if v in b else None for v in names) for b in doc["results"]["bindings"]]


def over_http(endpoint: str, text: str) -> dict:
    """A SPARQL 1.1 Protocol query by POST (form-encoded), JSON results."""
    data = urllib.parse.urlencode({"query": text}).encode("utf-8")
    req = urllib.request.Request(endpoint, data=data, headers={"Accept": JSON_RESULTS,
                                 "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read().decode("utf-8"))


def triples_over_http(endpoint: str, text: str) -> list:
    """A CONSTRUCT/DESCRIBE by POST, as N-Triples, in kg query's order (sorted, no duplicates)."""
    data = urllib.parse.urlencode({"query": text}).encode("utf-8")
    req = urllib.request.Request(endpoint, data=data, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        triples = ox.parse(resp.read(), format=ox.RdfFormat.N_TRIPLES)
        found = {tuple(Term.from_oxigraph(x) for x in (t.subject, t.predicate, t.object)) for t in triples}
    return sorted(found, key=lambda t: tuple(x.nt() for x in t))


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_over_http_gives_kg_querys_rows(served, name):
    endpoint, out = served
    text = saved_queries()[name][1]
    code, body = answer_query(out, text, "json")
    assert code == EXIT_OK, body
    expected = rows_of(json.loads(body))
    graph = re.search(r"^\s*(CONSTRUCT|DESCRIBE)\b", text, re.MULTILINE | re.IGNORECASE)
    assert (triples_over_http(endpoint, text) if graph else rows_of(over_http(endpoint, text))) == expected
    assert expected, f"{name} found nothing on the invented articles"


def test_a_get_request_works_too_and_allows_browsers(served):
    endpoint, _ = served
    url = endpoint + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    req = urllib.request.Request(url, headers={"Accept": JSON_RESULTS, "Origin": "http://example.org"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert json.loads(resp.read())["boolean"] is True
        assert resp.headers["Access-Control-Allow-Origin"] in ("*", "http://example.org")


def test_sparql_update_is_refused_with_a_clear_message(served):
    endpoint, _ = served
    update_url = endpoint.rsplit("/", 1)[0] + "/update"
    req = urllib.request.Request(update_url, data=b"INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(req, timeout=30)
    assert caught.value.code == 403
    assert "read-only" in caught.value.read().decode("utf-8")
    assert over_http(endpoint, "ASK { <urn:x:a> ?p ?o }")["boolean"] is False


def test_serve_without_a_store_says_how_to_make_one(tmp_path):
    out = tmp_path / "out"
    build([str(corpus(tmp_path / "in"))], out, progress=False, jobs=1, store=False)
    done = subprocess.run([sys.executable, "-m", "kg", "serve", str(out), "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "kg load" in done.stderr
