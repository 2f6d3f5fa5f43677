"""bench/same.py, the byte-identity check of two builds: its usage, and the SPARQL store (store/)
compared by content, since its RocksDB files differ between any two builds of the same tree."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main as kg_main
from kg.store import STAMP, STORE_DIR, read_stamp

pytest.importorskip("pyoxigraph")

ROOT = Path(__file__).resolve().parents[1]
SAME = ROOT / "bench" / "same.py"

# invented articles (invented places, firms and figures; never real news text)
ARTICLES = {
    "one.txt": "青禾县人民政府\n\n2022年，青禾县地区生产总值达到141.3亿元，同比增长5.4%。"
               "蓝桥光电有限公司投资9亿元建设的蓝桥光电产业园项目落户青禾县。\n",
    "two.txt": "白石经济开发区\n\n白石经济开发区位于青禾县。2023年，开发区新签约项目7个，总投资36亿元。\n",
}
EXTRA = {"three.txt": "青禾县招商动态\n\n青禾县与远舟储能科技有限公司签约，总投资4亿元的远舟储能电池项目落户白石经济开发区。\n"}


def write(corpus: Path, articles: dict[str, str]) -> Path:
    corpus.mkdir()
    for file, text in articles.items():
        (corpus / file).write_text(text, encoding="utf-8")
    return corpus


def build(corpus: Path, out: Path) -> Path:
    assert kg_main(["build", str(corpus), "-o", str(out), "--store", "-q", "-j", "1"]) == 0
    assert read_stamp(out) is not None
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Two builds of one corpus and one of a corpus with an article more, each with its store."""
    tmp = tmp_path_factory.mktemp("same")
    # one corpus folder for a and b: documents.jsonl records the input paths
    corpus = write(tmp / "in", ARTICLES)
    return {"a": build(corpus, tmp / "a"), "b": build(corpus, tmp / "b"),
            "other": build(write(tmp / "other-in", {**ARTICLES, **EXTRA}), tmp / "other")}


def same(a: Path, b: Path, *more: str) -> tuple[int, list[str]]:
    run = subprocess.run([sys.executable, str(SAME), str(a), str(b), *more],
                         capture_output=True, text=True, cwd=ROOT)
    return run.returncode, (run.stdout + run.stderr).splitlines()


def copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def test_help_prints_the_usage_and_exits_0():
    code, lines = same(Path("-h"), Path("x"))       # argparse acts on -h before the folders
    assert code == 0
    assert lines[0].startswith("usage: same.py") and "A B" in lines[0]
    code, lines = same(Path("--help"), Path("x"))
    assert code == 0 and lines[0].startswith("usage:")


def test_a_missing_argument_or_folder_is_a_usage_error(tmp_path):
    run = subprocess.run([sys.executable, str(SAME), str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 2 and "usage:" in run.stderr
    code, lines = same(tmp_path, tmp_path / "nowhere")
    assert code == 2 and "nowhere" in lines[-1]


def test_two_builds_of_one_corpus_with_stores_are_identical(builds):
    code, lines = same(builds["a"], builds["b"])
    assert code == 0, lines
    assert lines == [f"identical: {sum(1 for p in builds['a'].rglob('*') if p.is_file())} files "
                     f"under {builds['a']} vs {builds['b']}"]


def test_a_tree_of_builds_is_compared_store_by_store(builds, tmp_path):
    ta, tb = tmp_path / "ta", tmp_path / "tb"
    copy(builds["a"], ta / "x" / "out")
    copy(builds["b"], tb / "x" / "out")
    assert same(ta, tb)[0] == 0
    copy(builds["a"], ta / "y")
    copy(builds["other"], tb / "y")
    code, lines = same(ta, tb)
    assert code == 1
    store_lines = [ln for ln in lines if STORE_DIR in ln]
    assert len(store_lines) == 1 and store_lines[0].startswith(f"differs: y/{STORE_DIR}/ by content: ")
    assert not any("x/" in ln for ln in lines)


def test_a_store_of_another_corpus_is_one_line(builds, tmp_path):
    # build b with the store of the other corpus: the store is then the only difference
    b = copy(builds["b"], tmp_path / "b")
    shutil.rmtree(b / STORE_DIR)
    shutil.copytree(builds["other"] / STORE_DIR, b / STORE_DIR)
    code, lines = same(builds["a"], b)
    assert code == 1
    assert len(lines) == 2 and lines[1].startswith("1 difference(s): ")
    assert lines[0].startswith(f"differs: {STORE_DIR}/ by content: {STAMP} graph; quads (")


def test_the_whole_other_build_reports_its_store_once(builds):
    code, lines = same(builds["a"], builds["other"])
    assert code == 1
    assert "differs: graph.ttl" in lines
    assert len([ln for ln in lines if STORE_DIR in ln]) == 1


def test_the_stamp_is_compared_without_timing_and_mtime(builds, tmp_path):
    b = copy(builds["b"], tmp_path / "b")
    path = b / STORE_DIR / STAMP
    stamp = json.loads(path.read_text(encoding="utf-8"))
    stamp["seconds"] += 100.0
    stamp["graph"]["mtime_ns"] += 10**9
    path.write_text(json.dumps(stamp), encoding="utf-8")
    assert same(builds["a"], b)[0] == 0
    stamp["mode"] = "incremental"
    path.write_text(json.dumps(stamp), encoding="utf-8")
    code, lines = same(builds["a"], b)
    assert code == 1 and lines[0] == f"differs: {STORE_DIR}/ by content: {STAMP} mode"


def test_a_store_on_one_side_only_or_unreadable_is_named(builds, tmp_path):
    b = copy(builds["b"], tmp_path / "b")
    shutil.rmtree(b / STORE_DIR)
    code, lines = same(builds["a"], b)
    assert code == 1 and lines[0] == f"only in A: {STORE_DIR}/"
    c = copy(builds["b"], tmp_path / "c")
    (c / STORE_DIR / STAMP).write_text("{ not json", encoding="utf-8")
    code, lines = same(builds["a"], c)
    assert code == 1 and lines[0].startswith(f"differs: {STORE_DIR}/ by content: B: {STAMP}: ")


def test_one_quad_more_in_the_store_is_found(builds, tmp_path):
    import pyoxigraph as ox
    b = copy(builds["b"], tmp_path / "b")
    store = ox.Store(str(b / STORE_DIR / "oxigraph"))
    count = len(store)
    store.add(ox.Quad(ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"), ox.Literal("1")))
    store.flush()
    del store
    code, lines = same(builds["a"], b)
    assert code == 1
    assert lines[0] == f"differs: {STORE_DIR}/ by content: quads ({count:,} vs {count + 1:,})"
