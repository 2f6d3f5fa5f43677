"""Output and cache under hostile input (issue 15): a crafted cache file runs no code, document IRIs
are one per id, JSONL stays one record per line for every line-splitting reader, no direction
control reaches an IRI, and the output does not depend on the hash seed or the input order."""
from __future__ import annotations

import json
import marshal
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg import cache
from kg.export.jsonl import write_jsonl
from kg.export.rdf import write_turtle
from kg.graph import DEFAULT_BASE_IRI, IRICollisionError, build_graph, doc_iri, doc_iris
from kg.model import Document, Entity, Figure, Mention
from kg.pipeline import SAMPLE_DIR, build
from kg.resolve import entity_iri, figure_iri

ROOT = Path(__file__).resolve().parents[1]
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
TEXT = "长春新区总投资20亿元的长春国际陆港物流中心项目开工，由长春通达联运有限公司实施。"


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every output file but report.json (it holds timings), by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != "report.json"}


def _report(folder: Path, *drop: str) -> dict:
    rep = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    for key in ("seconds", "timings", "output_bytes", "incremental", *drop):
        rep.pop(key, None)
    return rep


# ---- 1. the incremental cache runs no code ---------------------------------------------------

class _Payload:
    """Unpickling this creates `marker`: what a crafted cache file would do with os.system."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_crafted_cache_files_run_no_code_and_change_nothing(tmp_path):
    cache_dir, out = tmp_path / "cache", tmp_path / "out"
    first = build(None, out, progress=False, jobs=1, incremental=True, cache_dir=cache_dir)
    assert first.cache_hits == 0 and first.extracted == 6
    assert (cache_dir / cache.CACHE_MARK).is_file()
    files = [p for p in cache_dir.rglob("*") if p.is_file() and p.name != cache.CACHE_MARK]
    assert len(files) >= 7                  # six results and the Turtle-part memo
    marker = tmp_path / "pwned"
    evil = pickle.dumps(_Payload(marker))
    for p in files:                         # every cache file, under its own name and the old one
        p.write_bytes(evil)
        p.with_suffix(".pkl").write_bytes(evil)
    again = build(None, out, progress=False, jobs=1, incremental=True, cache_dir=cache_dir)
    assert not marker.exists()
    assert again.cache_hits == 0            # every crafted file was a miss, the documents extracted again
    clean = build(None, tmp_path / "clean", progress=False, jobs=1)
    assert _outputs(out) == _outputs(tmp_path / "clean")
    assert _report(out) == _report(tmp_path / "clean")
    third = build(None, out, progress=False, jobs=1, incremental=True, cache_dir=cache_dir)
    assert third.cache_hits == 6 and not marker.exists()
    assert _outputs(out) == _outputs(tmp_path / "clean")


def test_cache_entries_are_checked_before_use(tmp_path):
    res = build(None, tmp_path / "out", progress=False, jobs=1, incremental=True,
                cache_dir=tmp_path / "cache")
    assert res.cache_hits == 0
    [path] = [p for p in (tmp_path / "cache").rglob("*.kgc") if p.name != cache.MEMO_FILE][:1]
    key, good = path.stem, path.read_bytes()
    loaded = cache.decode_result(key, good)
    assert loaded is not None and loaded.document.id and loaded.mentions
    assert cache.decode_result(key, cache.encode_result(key, loaded)) == loaded    # a faithful round trip
    code = compile("open('x', 'w')", "<cache>", "exec")
    stored = marshal.loads(good[len(cache.MAGIC):])[1]
    doc, sentences, mentions, figures, relations, summary = stored
    bad = {
        "another key": cache.MAGIC + marshal.dumps(("0" * 64, stored)),
        "no magic": good[len(cache.MAGIC):],
        "a pickle": pickle.dumps(loaded),
        "cut short": good[:len(good) // 2],
        "a code object": cache.MAGIC + marshal.dumps((key, code)),
        "code for a text": cache.MAGIC + marshal.dumps((key, ((doc[0], doc[1], code) + doc[3:],) + stored[1:])),
        "a str for an offset": cache.MAGIC + marshal.dumps(
            (key, stored[:2] + ([(m[0], "0") + m[2:] for m in mentions],) + stored[3:])),
        "a mention index out of range": cache.MAGIC + marshal.dumps(
            (key, stored[:3] + ([f[:8] + (10 ** 6,) + f[9:] for f in figures] or [None],) + stored[4:])),
        "a summary index out of range": cache.MAGIC + marshal.dumps(
            (key, stored[:5] + ((summary[0], tuple(10 ** 6 for _ in summary[1])) + summary[2:],))),
    }
    for why, data in bad.items():
        assert cache.decode_result(key, data) is None, why


def test_turtle_memo_is_checked(tmp_path):
    spans = {"d1": ("sig", 0, 10), "d2": ("sig", 10, 5)}
    data = cache.encode_memo((15, 123), "salt", spans)
    assert cache.decode_memo(data, (15, 123), "salt") == spans
    assert cache.decode_memo(data, (15, 124), "salt") is None              # graph.ttl changed since
    assert cache.decode_memo(data, (15, 123), "other") is None             # other code or rules
    assert cache.decode_memo(cache.encode_memo((14, 123), "salt", spans), (14, 123), "salt") is None  # past the end
    assert cache.decode_memo(pickle.dumps({"stamp": (15, 123)}), (15, 123), "salt") is None


# ---- 2. one IRI per document id -------------------------------------------------------------

def test_safe_ids_keep_their_iris():
    for doc_id in ("000_d47c2ffd270dd327", "auto_zone", "bench_0_000001", "a.b~c-d"):
        assert doc_iri(DEFAULT_BASE_IRI, doc_id) == f"{DEFAULT_BASE_IRI}doc/{doc_id}"


def test_document_iris_are_one_per_id():
    url = "http://www.jl.gov.cn/zw/yw/zwlb/sx/sz/202104/t20210416_8021341.html"
    ids = [url, url.replace("8021341", "8021342"), "t2 evil", "t2_evil", "t2%20evil", "长春新区", "長春新區",
           "", " ", "a\u202eb", "ab", "x" * 500, "x" * 501, "sha256-" + "0" * 64, "%73ha256-" + "0" * 64,
           # an id spelled as the old scheme's IRI of another id (the old 40 characters + 32-bit hash)
           "t2_evil_5f0c0e54"]
    ids += [iri.rsplit("/", 1)[1] for iri in (doc_iri(DEFAULT_BASE_IRI, i) for i in list(ids))]
    ids = list(dict.fromkeys(ids))
    iris = doc_iris(DEFAULT_BASE_IRI, ids)
    assert len(set(iris.values())) == len(ids)
    for iri in iris.values():
        assert re.fullmatch(r"[A-Za-z0-9._~%-]+", iri.rsplit("/", 1)[1]), iri


def test_an_iri_collision_is_an_error_naming_both_ids():
    with pytest.raises(IRICollisionError, match="'a'.*'b'"):
        doc_iris(DEFAULT_BASE_IRI, ["a", "b"], mint=lambda base, doc_id: f"{base}doc/same")


def test_documents_with_look_alike_ids_are_all_kept(tmp_path):
    # two ids that shared an IRI before: an id, and another spelled as the first one's old IRI segment
    ids = ["http://www.jl.gov.cn/zw/2021/a b.html"]
    import hashlib
    old = re.sub(r"[^A-Za-z0-9._~-]", "_", ids[0])
    ids.append(f"{old[:40]}_{hashlib.sha1(ids[0].encode('utf-8')).hexdigest()[:8]}")
    src = _write_jsonl(tmp_path / "in" / "docs.jsonl",
                       [{"id": i, "title": f"标题{n}", "text": TEXT} for n, i in enumerate(ids)])
    res = build([str(src)], tmp_path / "out", progress=False, jobs=1)
    assert res.documents == 2
    docs = [json.loads(x) for x in (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(d["id"] for d in docs) == sorted(ids)
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    subjects = set(re.findall(r"^(<[^>#]*/doc/[^>#]*>) a ", ttl, re.M))      # (mentions: <doc#char=b,e>)
    assert len(subjects) == 2


# ---- 3. and 4. JSONL lines and IRIs under hostile text -----------------------------------------
# (kg's reader already turns these characters into plain line breaks or drops them, so the writers
# are given a graph that holds them, as a caller of kg.graph.build_graph may)

BREAKERS = "\x85\u2028\u2029"


def _hostile_graph(base: str = DEFAULT_BASE_IRI):
    text = f"长春新区\u2028总投资20亿元。\x85{TEXT}\u2029"
    name = "长春\u2028新区\u202e"
    doc = Document("d\u202e1", f"in/a\u2028b{BREAKERS}.txt", text, title=f"标题{BREAKERS}", date="2024-07-01",
                   source="日报\u2029", url="http://www.example.cn/a\u202eb\u2066.html")
    at = text.index("长春新区")
    ents = [Entity(entity_iri(base, "Region", name), "Region", name, aliases=[f"新区{BREAKERS}"],
                   mentions=[Mention(doc.id, at, at + 4, text[at:at + 4], "Region")])]
    fig = Figure(figure_iri(base, doc.id, 9, 15), ents[0].iri, f"总投资{BREAKERS}", 2e9, "CNY", None,
                 "20亿元", doc.id, 9, 15, f"总投资\u2028句")
    return build_graph([doc], ents, [], [fig], base_iri=base)


def test_jsonl_lines_survive_every_line_splitter(tmp_path):
    write_jsonl(_hostile_graph(), tmp_path)
    for name in ("entities", "figures", "documents"):
        text = (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8")
        assert not set(BREAKERS) & set(text), name
        lines = text.splitlines()
        assert len(lines) == text.count("\n") == 1, name
        record = json.loads(lines[0])                        # the whole record, its text intact
        if name == "documents":
            assert record["text"].count("\u2028") == 1 and record["title"] == f"标题{BREAKERS}"
        elif name == "entities":
            assert record["aliases"] == [f"新区{BREAKERS}"]


def test_iris_hold_no_direction_controls(tmp_path):
    g = _hostile_graph()
    write_turtle(g, tmp_path / "graph.ttl")
    ttl = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    iris = re.findall(r"<[^<>\s]*>", ttl)
    assert len(iris) > 20 and not [i for i in iris if BIDI.search(i)]
    assert "<http://www.example.cn/ab.html>" in ttl            # the input's URL, its controls dropped
    write_jsonl(g, tmp_path)
    for name in ("entities", "figures"):
        for row in map(json.loads, (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()):
            assert not [v for k, v in row.items() if k in ("id", "subject") and BIDI.search(v or "")], row


# ---- 5. deterministic output ----------------------------------------------------------------

def _kg_build(out: Path, inputs: list[str], seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    env.pop("KG_PROGRESS", None)
    subprocess.run([sys.executable, "-m", "kg", "build", *inputs, "-o", str(out), "-q"], check=True, env=env,
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def test_output_is_the_same_whatever_the_hash_seed_or_input_order(tmp_path):
    files = sorted(str(p) for p in SAMPLE_DIR.iterdir() if p.is_file())
    runs = [("0", files), ("1", files[::-1]), ("32", files), ("random", files[3:] + files[:3])]
    outs = []
    for i, (seed, inputs) in enumerate(runs):
        out = tmp_path / f"out{i}"
        _kg_build(out, inputs, seed)
        outs.append(out)
    first = _outputs(outs[0])
    assert {"graph.ttl", "graph.html", "entities.jsonl", "documents.jsonl"} <= set(first)
    for out in outs[1:]:
        assert _outputs(out) == first, out.name
        assert _report(out, "inputs") == _report(outs[0], "inputs"), out.name
