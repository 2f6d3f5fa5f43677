"""The bundled sample corpus: `kg build` with no input, its documents, its gold, and score floors."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from kg.eval import fold
from kg.model import ENTITY_TYPES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "kg" / "sample"
GOLD = ROOT / "tests" / "gold_sample"

SAMPLE_IDS = {"auto_zone", "jingyue_gb18030", "hitech_big5", "kuancheng_pinyin", "nanguan_chaoyang",
              "shuangyang_jiutai"}
CONTRACT_FILES = ["graph.ttl", "graph.html", "entities.jsonl", "relations.jsonl", "figures.jsonl",
                  "documents.jsonl", "report.json"]
PREDICATES = {"locatedIn", "partOf", "implementedBy", "issuedBy"}
UNITS = {"CNY", "m2", "km", "t", "TEU", "percent", "count"}
PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", re.IGNORECASE)



@pytest.fixture(scope="module")
def sample_out(tmp_path_factory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("sample") / "out"
    res = build(None, out, progress=False)
    assert res.documents == len(SAMPLE_IDS)
    return out


@pytest.fixture(scope="module")
def documents(sample_out) -> dict[str, dict]:
    with open(sample_out / "documents.jsonl", encoding="utf-8") as fh:
        return {d["id"]: d for d in map(json.loads, fh)}


def _gold() -> dict[str, dict]:
    return {f.stem: json.loads(f.read_text(encoding="utf-8")) for f in sorted(GOLD.glob("*.json"))}


def test_sample_has_the_six_formats():
    names = sorted(p.name for p in SAMPLE.iterdir() if p.is_file())
    assert names == ["auto_zone.txt", "hitech_big5.txt", "jingyue_gb18030.txt", "kuancheng_pinyin.txt",
                     "nanguan_chaoyang.html", "shuangyang_jiutai.jsonl"]
    # the encodings are what the names say, so the reader really has to detect them
    with pytest.raises(UnicodeDecodeError):
        (SAMPLE / "hitech_big5.txt").read_bytes().decode("utf-8")
    (SAMPLE / "hitech_big5.txt").read_bytes().decode("big5")
    with pytest.raises(UnicodeDecodeError):
        (SAMPLE / "jingyue_gb18030.txt").read_bytes().decode("utf-8")
    assert "长春净月高新技术产业开发区" in (SAMPLE / "jingyue_gb18030.txt").read_bytes().decode("gb18030")
    assert PINYIN_GLOSS.search((SAMPLE / "kuancheng_pinyin.txt").read_text(encoding="utf-8"))


def test_build_without_input_writes_every_contract_file(sample_out):
    for name in CONTRACT_FILES:
        assert (sample_out / name).is_file(), name
        assert (sample_out / name).stat().st_size > 0, name
    report = json.loads((sample_out / "report.json").read_text(encoding="utf-8"))
    assert report["documents_read"] == len(SAMPLE_IDS)
    assert report["skipped"] == []


def test_documents_are_the_six_articles_in_clean_simplified_text(documents):
    from opencc_purepy import OpenCC

    t2s = OpenCC("t2s")
    assert set(documents) == SAMPLE_IDS
    for doc_id, d in documents.items():
        text = d["text"]
        assert "\ufffd" not in text, doc_id
        assert not PINYIN_GLOSS.search(text), doc_id
        assert t2s.convert(text) == text, f"{doc_id} is not simplified"
        assert not re.search(r"<[a-zA-Z/!][^>]*>", text), f"{doc_id} keeps markup"
    # HTML boilerplate stays out, the article stays in
    html = documents["nanguan_chaoyang"]
    for junk in ("首页", "关于我们", "console.log", "版权所有", "ICP", "相关阅读", "siteConfig"):
        assert junk not in html["text"], junk
    assert "环吉大科技创新集聚区项目" in html["text"]
    assert (html["date"] or "").startswith("2024-05-16")
    assert "南关区朝阳区优化营商环境" in (html["title"] or "")
    rec = documents["shuangyang_jiutai"]
    assert (rec["title"], rec["date"], rec["source"]) == (
        "双阳区梅花鹿产业提质增效 九台区现代农业和临空经济齐发力", "2024-08-02", "长春农经观察")


def test_gold_is_well_formed():
    gold = _gold()
    assert set(gold) == SAMPLE_IDS
    for doc_id, g in gold.items():
        assert g["doc"] == doc_id
        names = {}
        for e in g["entities"]:
            assert e["type"] in ENTITY_TYPES, e
            for n in [e["name"], *e["aliases"]]:
                assert fold(n) not in names or names[fold(n)] is e, f"{doc_id}: {n} names two entities"
                names[fold(n)] = e
        for r in g["relations"]:
            assert r["predicate"] in PREDICATES, r
            assert fold(r["subject"]) in names and fold(r["object"]) in names, r
        for f in g["figures"]:
            assert f["unit"] in UNITS, f
            assert isinstance(f["value"], (int, float)), f
            assert f["subject"] is None or fold(f["subject"]) in names, f


def test_gold_names_and_figures_occur_in_the_normalised_text(documents):
    for doc_id, g in _gold().items():
        doc = documents[doc_id]
        text = fold((doc["title"] or "") + "\n" + doc["text"])
        for e in g["entities"]:
            for n in [e["name"], *e["aliases"]]:
                assert fold(n) in text, f"{doc_id}: {e['type']} {n}"
        for f in g["figures"]:
            assert fold(f["text"]) in text, f"{doc_id}: figure {f['text']}"


# --- the benchmark corpus generator (bench/generate.py) ---------------------------

@pytest.fixture(scope="module")
def bench_generate():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up here
    spec.loader.exec_module(mod)
    return mod


def test_generator_is_deterministic_and_seeded(bench_generate, tmp_path):
    a = list(bench_generate.generate(300, seed=3))
    assert a == list(bench_generate.generate(300, seed=3))
    assert a != list(bench_generate.generate(300, seed=4))
    assert [r["id"] for r in a[:2]] == ["bench_3_000000", "bench_3_000001"]
    for r in a:
        assert set(r) == {"id", "title", "date", "source", "url", "text"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"])
        assert "总投资" in r["text"] and "同比增长" in r["text"]
    # files: sharded JSONL, byte-identical across runs; or one .txt per article
    for run in ("x", "y"):
        assert bench_generate.main(["300", str(tmp_path / run), "--seed", "3", "--shard-size", "100"]) == 0
    names = sorted(p.name for p in (tmp_path / "x").iterdir())
    assert names == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    for n in names:
        assert (tmp_path / "x" / n).read_bytes() == (tmp_path / "y" / n).read_bytes()
    first = json.loads((tmp_path / "x" / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first == a[0]
    assert bench_generate.main(["100", str(tmp_path / "t"), "--format", "txt"]) == 0
    txt = sorted((tmp_path / "t").glob("*.txt"))
    assert len(txt) == 100 and txt[0].name == "bench_0_000000.txt"


def test_generator_reuses_companies_by_full_and_short_name(bench_generate):
    recs = list(bench_generate.generate(600, seed=0))
    text = "\n".join(r["text"] for r in recs)
    companies = bench_generate.build_companies(random.Random(0), bench_generate.company_pool_size(600))
    full_seen = [c for c in companies if c.full in text]

    def short_only(c):  # mentions by short name that are not inside the full name
        return text.count(c.short) - (text.count(c.full) if c.short in c.full else 0)

    both = [c for c in full_seen if text.count(c.full) >= 2 and short_only(c) >= 2]
    assert len(companies) == 200 and len(full_seen) > 150   # many distinct entities
    assert len(both) > 100               # recurring under full and short names across documents
