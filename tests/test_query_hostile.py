"""`kg query` with hostile or broken input: SERVICE, SPARQL Update, runaway queries, syntax errors,
unreadable query files, corrupt graphs; and the first-contact --help of every command."""
from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kg.cli import main
from kg.export import rdf as R

from test_rdf import synthetic_graph

ROOT = Path(__file__).resolve().parents[1]
SERVICE_MESSAGE = "kg: SERVICE is not allowed (use --allow-service to let the query reach the network)\n"
UPDATE_MESSAGE = "kg: SPARQL Update is not allowed\n"
# every triple of the graph against every other, four times over: ~10^10 rows or more
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    R.write_turtle(synthetic_graph(), d / "graph.ttl")
    return d


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["query", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def endpoint():
    """A SPARQL endpoint on localhost that answers one row and records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            requests.append(self.path)
            body = json.dumps({"head": {"vars": ["remote"]}, "results": {"bindings": [
                {"remote": {"type": "uri", "value": "http://remote.example/row"}}]}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", requests
    server.shutdown()
    server.server_close()


# ------------------------------------------------------------------ 1. SERVICE

@pytest.mark.parametrize("pattern", [
    "SERVICE <{url}> {{ ?remote ?p ?o }}",
    "SERVICE SILENT <{url}> {{ ?remote ?p ?o }}",
    "?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?remote ?x ?y }} }}",
    "{{ SELECT ?remote WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?remote ?p ?o }} }} }} }}",
    "\\u0053ERVICE <{url}> {{ ?remote ?p ?o }}",              # an escape is still SERVICE
    "service <{url}> {{ ?remote ?p ?o }}",
])
def test_service_is_refused_and_reaches_no_endpoint(out_dir, capsys, endpoint, pattern):
    url, requests = endpoint
    code, out, err = _run(capsys, out_dir, "SELECT * WHERE { " + pattern.format(url=url) + " }")
    assert (code, out, err) == (2, "", SERVICE_MESSAGE)
    assert requests == []


def test_allow_service_lets_the_query_reach_the_endpoint(out_dir, capsys, endpoint):
    url, requests = endpoint
    code, out, err = _run(capsys, out_dir, f"SELECT ?remote WHERE {{ SERVICE <{url}> {{ ?remote ?p ?o }} }}",
                          "--allow-service", "--format", "csv")
    assert code == 0, err
    assert out == "remote\nhttp://remote.example/row\n"
    assert len(requests) == 1


def test_the_word_service_in_a_string_or_comment_is_harmless(out_dir, capsys):
    code, out, err = _run(capsys, out_dir, 'ASK { ?s ?p "SERVICE <http://x/> { }" } # SERVICE <http://x/>')
    assert (code, out, err) == (0, "no\n", "")


# ------------------------------------------------------------------ 2. time and memory bounds

def test_timeout_stops_a_runaway_query(out_dir, capsys):
    code, out, err = _run(capsys, out_dir, EXPLOSIVE, "--timeout", "1")
    assert (code, out) == (3, "")
    assert err == f"kg: query stopped after --timeout 1 s (graph {out_dir / 'graph.ttl'})\n"


needs_linux = pytest.mark.skipif(sys.platform != "linux", reason="the memory limit (RLIMIT_DATA) is enforced on Linux")


@needs_linux
def test_memory_limit_stops_a_query_that_holds_all_its_rows(out_dir, capsys):
    # ORDER BY keeps every row of the product before it gives the first one: a row cap would not help
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
    code, out, err = _run(capsys, out_dir, query, "--max-memory", "300", "--timeout", "600")
    assert (code, out) == (3, "")
    assert err == f"kg: query stopped: it needed more than --max-memory 300 MiB (graph {out_dir / 'graph.ttl'})\n"


@needs_linux
def test_graph_too_large_for_the_memory_limit_names_the_file(capsys, tmp_path):
    graph = tmp_path / "graph.ttl"       # 30 MB of triples: more than 20 MiB once indexed
    graph.write_text("".join(f'<http://x.example/s{i}> <http://x.example/p> "长春新区{i}" .\n'
                             for i in range(500_000)), encoding="utf-8")
    code, out, err = _run(capsys, tmp_path, "ASK { ?s ?p ?o }", "--max-memory", "20")
    assert (code, out) == (3, "")
    assert err == f"kg: {graph} is too large to load within --max-memory 20 MiB\n"


def test_limits_leave_ordinary_answers_alone(out_dir, capsys):
    q = "ASK { ?x a <https://w3id.org/cnkg/ontology#District> }"
    assert _run(capsys, out_dir, q, "--timeout", "0", "--max-memory", "0") == (0, "yes\n", "")
    assert _run(capsys, out_dir, q, "--timeout", "-1")[0] == 2


# ------------------------------------------------------------------ 3. SPARQL Update

@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://x/g>",
    "CREATE GRAPH <http://x/g>",
    "ADD DEFAULT TO <http://x/g>",
    "PREFIX x: <http://x/>\ninsert data { x:a x:b x:c }",
    "INSERT DATA { <http://x/a> <http://x/b> ",                  # broken, but an Update all the same
])
def test_update_is_refused_not_called_a_syntax_error(out_dir, capsys, update):
    before = (out_dir / "graph.ttl").read_bytes()
    assert _run(capsys, out_dir, update) == (2, "", UPDATE_MESSAGE)
    assert (out_dir / "graph.ttl").read_bytes() == before


# ------------------------------------------------------------------ 4. syntax errors

@pytest.mark.parametrize("query, where", [
    ("SELECT ?x WHERE {\n  ?x ?p\n}", "line 2, column 3"),
    ("SELECT WHERE {", "line 1, column 8"),
    ("PREFIX a: <http://x/>\nSELCT ?x WHERE { ?x ?p ?o }", "line 2, column 1"),
])
def test_syntax_error_is_one_line_with_the_position(out_dir, capsys, query, where):
    code, out, err = _run(capsys, out_dir, query)
    assert (code, out) == (2, "")
    assert err.startswith(f"kg: SPARQL syntax error at {where}: ") and err.count("\n") == 1


def test_undeclared_prefix_is_named(out_dir, capsys):
    code, out, err = _run(capsys, out_dir, "SELECT ?x WHERE { ?x nope:p ?o }")
    assert (code, out) == (2, "")
    assert err == "kg: SPARQL syntax error at line 1, column 28: undeclared prefix nope: (declare it with PREFIX)\n"


# ------------------------------------------------------------------ 5. query files

def test_non_utf8_query_file_is_named(out_dir, capsys, tmp_path):
    rq = tmp_path / "gbk.rq"
    rq.write_bytes('SELECT ?x WHERE { ?x ?p "长春" }'.encode("gbk"))
    code, out, err = _run(capsys, out_dir, "-f", rq)
    assert (code, out) == (2, "")
    assert err == f"kg: {rq} is not UTF-8 text (byte 0xb3 at offset 25); save the query as UTF-8\n"


def test_missing_query_file_is_named(out_dir, capsys, tmp_path):
    assert _run(capsys, out_dir, "-f", tmp_path / "nope.rq") == (
        2, "", f"kg: query file not found: {tmp_path / 'nope.rq'}\n")
    assert _run(capsys, out_dir, "-f", tmp_path) == (2, "", f"kg: {tmp_path} is a folder, not a query file\n")


def test_query_file_with_a_utf8_bom_runs(out_dir, capsys, tmp_path):
    rq = tmp_path / "bom.rq"
    rq.write_bytes("\ufeffASK { ?x a <https://w3id.org/cnkg/ontology#District> }".encode("utf-8"))
    assert _run(capsys, out_dir, "-f", rq) == (0, "yes\n", "")


# ------------------------------------------------------------------ 6. corrupt graphs

def test_truncated_graph_is_named_with_the_position(out_dir, capsys, tmp_path):
    graph = tmp_path / "graph.ttl"
    text = (out_dir / "graph.ttl").read_text(encoding="utf-8")
    graph.write_text(text[: text.index('"', len(text) // 2) + 3], encoding="utf-8")   # inside a literal
    code, out, err = _run(capsys, tmp_path, "ASK { ?s ?p ?o }")
    assert (code, out) == (3, "")
    assert err.startswith(f"kg: {graph} is not valid Turtle (Parser error at line ") and err.count("\n") == 1
    assert err.endswith("); rebuild it with kg build\n")


def test_binary_garbage_graph_is_named(capsys, tmp_path):
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(bytes(range(256)) * 16)
    code, out, err = _run(capsys, graph, "ASK { ?s ?p ?o }")
    assert (code, out) == (3, "")
    assert err.startswith(f"kg: {graph} is not valid Turtle (") and "Traceback" not in err
    assert err.count("\n") == 1


# ------------------------------------------------------------------ 7. first contact: --help

def _help(*argv) -> str:
    res = subprocess.run([sys.executable, *argv, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return res.stdout


def _positionals(help_text: str) -> dict[str, str]:
    """metavar -> its description, from the "positional arguments:" section of argparse's help."""
    section = help_text.split("positional arguments:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    out, last = {}, None
    for line in section:
        if line.startswith("  ") and not line.startswith("   "):
            last, _, text = line.strip().partition(" ")
            out[last] = text.strip()
        elif last:
            out[last] = (out[last] + " " + line.strip()).strip()
    return out


@pytest.mark.parametrize("argv, metavars", [
    (["-m", "kg.cli", "validate"], ["GRAPH_OR_DIR"]),
    (["-m", "kg.validate"], ["GRAPH_OR_DIR"]),
    (["-m", "kg.cli", "viz"], ["OUT_DIR"]),
    (["-m", "kg.cli", "eval"], ["OUT_DIR", "GOLD_DIR"]),
    (["-m", "kg.cli", "query"], ["GRAPH_OR_DIR", "QUERY"]),
])
def test_help_describes_every_positional(argv, metavars):
    described = _positionals(_help(*argv))
    assert sorted(described) == sorted(metavars)
    for metavar in metavars:
        assert len(described[metavar].split()) >= 3, (metavar, described)


def test_query_help_explains_format_limits_and_exit_codes():
    text = " ".join(_help("-m", "kg.cli", "query").split())
    assert "--format {table,csv,json,ttl} output:" in text
    for phrase in ("--timeout SECONDS", "--max-memory MIB", "--allow-service", "Exit codes: 0", "3 the graph"):
        assert phrase in text


def test_undecodable_bytes_on_the_command_line_are_named(out_dir, capsys):
    # Python hands undecodable argv bytes over as lone surrogates: here the byte 0xff
    assert _run(capsys, out_dir, 'ASK { ?s ?p "\udcff" }') == (
        2, "", "kg: the query is not UTF-8 text (byte 0xff at character 13)\n")
