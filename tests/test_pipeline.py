"""End-to-end pipeline behaviour: contract files, determinism, incremental builds, atomic output, exit codes."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import pipeline
from kg.cli import main
from kg.components import default_registry
from kg.doc import Component

CONTRACT_FILES = ["graph.ttl", "graph.html", "entities.jsonl", "relations.jsonl", "figures.jsonl",
                  "documents.jsonl", "report.json"]

# Our own invented articles (not seed text).
ARTICLES = {
    "a1.txt": "长春市南关区今年计划实施5000万元以上项目60个。吉林省远航科技有限公司投资3亿元建设的智能仪表项目落户南关区，"
              "项目占地5万平方米，建成后年产值可达8亿元。",
    "a2.txt": "2023年上半年，长春市宽城区地区生产总值同比增长6.5%。宽城区推出“企业服务月”活动，走访企业120家。",
    "a3.txt": "長春市朝陽區今年新簽約項目25個，總投資86億元。",
}


def write_corpus(folder: Path, articles=ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def read_outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in CONTRACT_FILES if name != "report.json"}


def test_build_writes_every_contract_file(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    res = pipeline.build([str(corpus)], tmp_path / "out", progress=False)
    for name in CONTRACT_FILES:
        assert (tmp_path / "out" / name).is_file(), name
    assert res.documents == 3
    docs = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert [d["id"] for d in docs] == ["a1", "a2", "a3"]
    # traditional input is normalised to simplified, and offsets index into the normalised text
    assert docs[2]["text"].startswith("长春市朝阳区")
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert report["documents_read"] == 3 and report["skipped"] == []
    assert report["rules_version"] == res.rules_version


def test_mentions_and_figures_index_the_normalised_text(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    pipeline.build([str(corpus)], tmp_path / "out", progress=False)
    texts = {json.loads(l)["id"]: json.loads(l)["text"]
             for l in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()}
    for line in (tmp_path / "out" / "entities.jsonl").read_text("utf-8").splitlines():
        for m in json.loads(line)["mentions"]:
            assert texts[m["doc"]][m["start"]:m["end"]] == m["text"]
    figs = [json.loads(l) for l in (tmp_path / "out" / "figures.jsonl").read_text("utf-8").splitlines()]
    assert figs, "the corpus states several figures"
    for f in figs:
        assert texts[f["doc"]][f["start"]:f["end"]] == f["text"]


def test_output_is_deterministic_across_file_order_and_workers(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "in")
    pipeline.build([str(corpus)], tmp_path / "o1", progress=False, jobs=1)
    files = sorted(str(p) for p in corpus.iterdir())
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_DOCS", 1)
    pipeline.build(list(reversed(files)), tmp_path / "o2", progress=False, jobs=2)
    assert read_outputs(tmp_path / "o1") == read_outputs(tmp_path / "o2")


def test_incremental_rebuild_equals_full_build(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    first = pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True)
    assert first.cache_hits == 0
    (corpus / "a4.txt").write_text("长春市双阳区引进项目12个。", encoding="utf-8")
    again = pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True)
    assert again.cache_hits == 3 and again.extracted == 1
    pipeline.build([str(corpus)], tmp_path / "full", progress=False)
    assert read_outputs(tmp_path / "inc") == read_outputs(tmp_path / "full")


def test_the_build_summary_says_what_the_cache_saved(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "in")
    out = str(tmp_path / "out")
    assert main(["build", str(corpus), "-o", out]) == 0
    assert not [l for l in capsys.readouterr().out.splitlines() if l.startswith("  cache")]
    main(["build", str(corpus), "-o", out, "--incremental"])
    (corpus / "a4.txt").write_text("长春市双阳区引进项目12个。", encoding="utf-8")
    assert main(["build", str(corpus), "-o", out, "--incremental"]) == 0
    assert "  cache      3 reused, 1 extracted" in capsys.readouterr().out.splitlines()


def test_a_big_build_says_which_stage_it_is_in_after_the_progress_bar(tmp_path, monkeypatch, capsys):
    corpus = write_corpus(tmp_path / "in")
    monkeypatch.setattr(pipeline, "STAGE_NOTES_MIN_DOCS", 3)       # as if the corpus were big
    monkeypatch.setenv("KG_PROGRESS", "1")
    pipeline.build([str(corpus)], tmp_path / "out", progress=False)
    assert capsys.readouterr().err == ""                            # kg build -q
    pipeline.build([str(corpus)], tmp_path / "out")
    notes = [l for l in capsys.readouterr().err.splitlines() if l.startswith("kg: ")]
    assert [n.split(":")[1].split()[0] for n in notes] == ["resolving", "building", "writing"]
    assert notes[0] == "kg: resolving the entities of 3 documents ..."
    monkeypatch.setattr(pipeline, "STAGE_NOTES_MIN_DOCS", 4)
    pipeline.build([str(corpus)], tmp_path / "out")
    assert not [l for l in capsys.readouterr().err.splitlines() if l.startswith("kg: ")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_incremental_rebuild_after_adding_changing_and_removing_documents_equals_full_build(
        tmp_path, monkeypatch, jobs):
    from kg.export import rdf
    monkeypatch.setattr(rdf, "PARALLEL_MIN_DOCS", 1)          # Turtle parts rendered by workers too
    corpus = write_corpus(tmp_path / "in")
    pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True, jobs=jobs)
    (corpus / "a15.txt").write_text("长春市南关区远航科技有限公司新建厂房2万平方米。", encoding="utf-8")  # between a1, a2
    (corpus / "a2.txt").write_text("2023年，长春市宽城区地区生产总值同比增长7.1%。", encoding="utf-8")
    (corpus / "a3.txt").unlink()
    again = pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True, jobs=jobs)
    assert again.cache_hits == 1
    pipeline.build([str(corpus)], tmp_path / "full", progress=False)
    assert read_outputs(tmp_path / "inc") == read_outputs(tmp_path / "full")


def test_an_incremental_rebuild_with_nothing_new_never_compiles_the_rules(tmp_path, monkeypatch):
    from kg.doc import Pipeline
    corpus = write_corpus(tmp_path / "in")
    pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True, jobs=1)
    compiled = []
    real = Pipeline.from_rules.__func__

    def counted(cls, pack, registry):
        compiled.append(pack.version)
        return real(cls, pack, registry)
    monkeypatch.setattr(Pipeline, "from_rules", classmethod(counted))
    again = pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True, jobs=1)
    assert again.cache_hits == 3 and compiled == []
    (corpus / "a4.txt").write_text("长春市双阳区引进项目12个。", encoding="utf-8")
    pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True, jobs=1)
    assert compiled == [again.rules_version]


def test_a_rule_error_in_a_worker_that_compiles_late_fails_the_build(tmp_path, monkeypatch):
    """Workers that extract the new documents of an incremental build while the cache loads
    compile the rules themselves: their RuleError stops the build as the parent's would."""
    from kg.doc import Pipeline
    from kg.rules import RuleError
    corpus = write_corpus(tmp_path / "in")
    out = tmp_path / "inc"
    pipeline.build([str(corpus)], out, progress=False, incremental=True, jobs=2)
    before = read_outputs(out)

    def broken(cls, pack, registry):
        raise RuleError("extra.yaml: rules of section 'entities' cannot be compiled")
    monkeypatch.setattr(Pipeline, "from_rules", classmethod(broken))     # the forked workers inherit it
    (corpus / "a4.txt").write_text("长春市双阳区引进项目12个。", encoding="utf-8")
    with pytest.raises(RuleError, match="cannot be compiled"):
        pipeline.build([str(corpus)], out, progress=False, incremental=True, jobs=2)
    assert main(["build", str(corpus), "-o", str(out), "-q", "-j", "2", "--incremental"]) == 2
    assert read_outputs(out) == before


def test_the_cache_keeps_only_the_results_the_current_rules_can_use(tmp_path):
    from kg.pipeline import load_rules
    corpus = write_corpus(tmp_path / "in")
    cache = tmp_path / "cache"
    (cache / "notes").mkdir(parents=True)              # --cache-dir may hold other things: kept
    pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True, cache_dir=cache)
    pack = tmp_path / "extra.yaml"
    pack.write_text("resolve:\n  generic_names: [某某区]\n", encoding="utf-8")
    first = pipeline.cache_generation(cache, load_rules([]))
    second = pipeline.cache_generation(cache, load_rules([str(pack)]))
    assert first != second and len(list(first.rglob("*.kgc"))) == 3
    again = pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True, cache_dir=cache,
                           rule_files=[str(pack)])
    assert again.cache_hits == 0
    assert sorted(p.name for p in cache.iterdir() if p.is_dir()) == sorted(["notes", second.name])
    assert len(list(second.rglob("*.kgc"))) == 3


def test_a_cache_that_cannot_be_written_costs_a_warning_not_the_build(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "in")
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    res = pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True, cache_dir=blocked)
    assert res.documents == 3 and "cannot write the incremental cache" in res.cache_error
    report = json.loads((tmp_path / "inc" / "report.json").read_text("utf-8"))
    assert report["incremental"]["cache_error"] == res.cache_error
    pipeline.build([str(corpus)], tmp_path / "full", progress=False)
    assert read_outputs(tmp_path / "inc") == read_outputs(tmp_path / "full")
    assert main(["build", str(corpus), "-o", str(tmp_path / "inc"), "-q", "--incremental",
                 "--cache-dir", str(blocked)]) == 0
    assert "kg: warning: cannot write the incremental cache" in capsys.readouterr().err


def test_failed_export_leaves_previous_output_untouched(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    pipeline.build([str(corpus)], out, progress=False)
    before = read_outputs(out)

    def boom(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr("kg.export.rdf.write_turtle", boom)
    (corpus / "a1.txt").write_text("长春市绿园区新增企业10户。", encoding="utf-8")
    with pytest.raises(RuntimeError):
        pipeline.build([str(corpus)], out, progress=False)
    assert read_outputs(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]   # no temp folders left behind


def test_cli_exit_codes(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "in")
    assert main(["build", str(corpus), "-o", str(tmp_path / "ok"), "-q"]) == 0

    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.doc").write_text("x")
    assert main(["build", str(empty), "-o", str(tmp_path / "e"), "-q"]) == 2
    assert "no input" in capsys.readouterr().err

    (corpus / "blank.txt").write_bytes(b"")
    assert main(["build", str(corpus), "-o", str(tmp_path / "s"), "-q"]) == 1
    err = capsys.readouterr().err
    assert "blank.txt" in err
    assert (tmp_path / "s" / "graph.ttl").is_file()
    report = json.loads((tmp_path / "s" / "report.json").read_text("utf-8"))
    assert [Path(s["path"]).name for s in report["skipped"]] == ["blank.txt"]

    assert main(["build", str(corpus), "-o", str(tmp_path / "strict"), "-q", "--strict"]) == 1
    assert not (tmp_path / "strict").exists()

    bad = tmp_path / "bad.yaml"
    bad.write_text("lexicon:\n  no_such_key: [1]\n", encoding="utf-8")
    assert main(["build", str(corpus), "-o", str(tmp_path / "r"), "-q", "--rules", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "no_such_key" in err
    assert not (tmp_path / "r").exists()


def test_build_with_no_input_uses_bundled_sample(tmp_path, monkeypatch):
    sample = write_corpus(tmp_path / "sample")
    monkeypatch.setattr(pipeline, "SAMPLE_DIR", sample)
    res = pipeline.build(None, tmp_path / "out", progress=False)
    assert res.documents == 3


def test_bad_corpus_builds_the_good_parts_and_reports_the_rest(tmp_path, capsys):
    """The committed bad-input corpus end to end: exit 1, every bad file named, good text kept."""
    bad = Path(__file__).parent / "data" / "bad"
    out = tmp_path / "out"
    assert main(["build", str(bad), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    report = json.loads((out / "report.json").read_text("utf-8"))
    skipped = {Path(s["path"]).name for s in report["skipped"]}
    assert skipped == {"empty.txt", "blank.md", "nul.txt", "photo.txt", "report.txt", "records.jsonl"}
    for name in skipped:
        assert name in err
    assert any(Path(d["path"]).name == "degraded.txt" for d in report["degraded"])
    assert any(s.get("line") for s in report["skipped"] if s["path"].endswith("records.jsonl"))
    ids = [json.loads(l)["id"] for l in (out / "documents.jsonl").read_text("utf-8").splitlines()]
    assert ids == ["degraded", "page", "rec-1", "rec-5"]
    for name in CONTRACT_FILES:
        assert (out / name).is_file()


def test_base_iri_is_checked_and_used(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "in")
    assert main(["build", str(corpus), "-o", str(tmp_path / "bad"), "-q", "--base-iri", "http://x/a b/"]) == 2
    assert "--base-iri" in capsys.readouterr().err
    assert main(["build", str(corpus), "-o", str(tmp_path / "ok"), "-q", "--base-iri", "https://example.org/kg/"]) == 0
    ids = [json.loads(l)["id"] for l in (tmp_path / "ok" / "entities.jsonl").read_text("utf-8").splitlines()]
    assert ids and all(i.startswith("https://example.org/kg/") for i in ids)


def test_an_extraction_error_costs_one_document_not_the_build(tmp_path):
    from kg.components import default_registry
    from kg.doc import Component

    class Flaky(Component):
        name, reads = "flaky", ("document",)

        def __call__(self, doc):
            if doc.document.id == "a2":
                raise ValueError("odd article")

    corpus = write_corpus(tmp_path / "in")
    pack = tmp_path / "flaky.yaml"
    pack.write_text("pipeline:\n  document: [flaky]\n", encoding="utf-8")    # appended: runs last
    res = pipeline.build([str(corpus)], tmp_path / "out", rule_files=[str(pack)], progress=False, jobs=1,
                         registry=default_registry().with_component(Flaky))
    assert [(Path(p.path).name, p.reason) for p in res.problems] == [
        ("a2.txt", "internal error while extracting: ValueError: odd article")]
    ids = [json.loads(l)["id"] for l in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert ids == ["a1", "a3"]
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert [Path(s["path"]).name for s in report["skipped"]] == ["a2.txt"]


# Characters that drive the rules: region/company/project heads, digits, units, quotes, brackets.
_ALPHABET = st.sampled_from(list("长春市绿园区新区经开公司集团有限项目基地产业园“”《》（）()、，。；：总投资亿万元%个户增长0123456789.两百千上半年") + [" ", "\n"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_per_document_stages_never_raise_and_offsets_hold(nlp, text):
    from kg.model import RawDocument

    res = pipeline.process_document(RawDocument("fuzz", "fuzz.txt", text), nlp)
    t = res.document.text
    for m in res.mentions:
        assert t[m.start:m.end] == m.text
    for f in res.figures:
        assert t[f.start:f.end] == f.text
    for r in res.relations:
        assert t[r.start:r.end] == r.sentence


def test_document_results_survive_pickling_with_shared_mentions(nlp):
    import pickle

    from kg.model import RawDocument
    raw = RawDocument("d1", "d1.txt", ARTICLES["a1.txt"])
    res = pipeline.process_document(raw, nlp)
    assert res.figures and res.relations and res.summary
    back = pickle.loads(pickle.dumps(res))
    assert back == res
    # a figure's subject is the very mention object of the entity list, as before pickling
    kept = [f for f in back.figures if f.subject is not None and f.subject.rule != "anaphora"]
    assert kept and all(any(f.subject is m for m in back.mentions) for f in kept)



def test_incremental_rebuild_ignores_a_graph_ttl_edited_since(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True)
    ttl = tmp_path / "inc" / "graph.ttl"
    ttl.write_text(ttl.read_text(encoding="utf-8").replace("南关区", "XX关区"), encoding="utf-8")
    again = pipeline.build([str(corpus)], tmp_path / "inc", progress=False, incremental=True)
    assert again.cache_hits == 3
    pipeline.build([str(corpus)], tmp_path / "full", progress=False)
    assert read_outputs(tmp_path / "inc") == read_outputs(tmp_path / "full")


def _mark_parts(ttl: Path) -> None:
    """Change graph.ttl's document parts without changing its size or modification time: a rebuild that
    reads parts back from it (it trusts an unchanged size and time) carries the change over."""
    st = ttl.stat()
    data = ttl.read_bytes()
    assert "南关区".encode() in data
    ttl.write_bytes(data.replace("南关区".encode(), "北关区".encode()))     # same length in UTF-8
    os.utime(ttl, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_turtle_parts_of_a_build_with_other_rules_are_not_offered_again(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    pack = tmp_path / "extra.yaml"
    pack.write_text("resolve:\n  generic_names: [某某区]\n", encoding="utf-8")
    pipeline.build([str(corpus)], tmp_path / "full", progress=False, rule_files=[str(pack)])
    # same code and rules: every document's part is read back from the earlier graph.ttl
    pipeline.build([str(corpus)], tmp_path / "same", progress=False, incremental=True)
    _mark_parts(tmp_path / "same" / "graph.ttl")
    pipeline.build([str(corpus)], tmp_path / "same", progress=False, incremental=True)
    assert "北关区" in (tmp_path / "same" / "graph.ttl").read_text(encoding="utf-8")
    # other rules: none is, even where the graph is the same
    pipeline.build([str(corpus)], tmp_path / "other", progress=False, incremental=True)
    _mark_parts(tmp_path / "other" / "graph.ttl")
    pipeline.build([str(corpus)], tmp_path / "other", progress=False, incremental=True, rule_files=[str(pack)])
    assert read_outputs(tmp_path / "other") == read_outputs(tmp_path / "full")


class _Killed(Component):
    """A component that ends the worker process running it, as the kernel's out-of-memory killer would."""
    name, reads = "killed", ("document",)
    parent = os.getpid()

    def __call__(self, doc):
        if os.getpid() != self.parent:          # never the test's own process: there it does nothing
            os._exit(9)


def _killing(tmp_path) -> dict:
    """build() arguments that add _Killed to the end of the pipeline."""
    pack = tmp_path / "killed.yaml"
    pack.write_text("pipeline:\n  document: [killed]\n", encoding="utf-8")
    return {"rule_files": [str(pack)], "registry": default_registry().with_component(_Killed)}


def test_a_worker_that_dies_fails_the_build_with_a_message_instead_of_hanging(tmp_path):
    corpus = write_corpus(tmp_path / "in", {f"a{i}.txt": text for i, text in
                                             enumerate(list(ARTICLES.values()) * 15)})
    out = tmp_path / "out"
    with pytest.raises(pipeline.WorkerError, match="worker process died"):
        pipeline.build([str(corpus)], out, progress=False, jobs=2, **_killing(tmp_path))
    assert not out.exists()


def test_a_worker_that_dies_while_the_cache_loads_fails_the_rebuild_and_keeps_the_old_output(tmp_path):
    corpus = write_corpus(tmp_path / "in")
    out = tmp_path / "inc"
    pipeline.build([str(corpus)], out, progress=False, incremental=True, jobs=2, **_killing(tmp_path))
    before = read_outputs(out)           # 3 documents: extracted here, not in workers
    (corpus / "a4.txt").write_text("长春市双阳区引进项目12个。", encoding="utf-8")
    with pytest.raises(pipeline.WorkerError, match="worker process died while extracting"):
        pipeline.build([str(corpus)], out, progress=False, incremental=True, jobs=2, **_killing(tmp_path))
    assert read_outputs(out) == before


def _render_killed(context, task):
    import os
    os._exit(9)                # killed while rendering a range, as the out-of-memory killer would


def test_a_turtle_worker_that_dies_fails_the_build_and_keeps_the_old_output(tmp_path, monkeypatch):
    from kg.export import rdf
    corpus = write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    pipeline.build([str(corpus)], out, progress=False)
    before = read_outputs(out)
    monkeypatch.setattr(rdf, "PARALLEL_MIN_DOCS", 1)
    monkeypatch.setattr(rdf, "_render_range", _render_killed)
    assert main(["build", str(corpus), "-o", str(out), "-q", "-j", "3"]) == 3
    assert read_outputs(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]   # no temp folders left behind


def test_a_rule_packs_level_cues_decide_where_relations_place_things(tmp_path):
    """The article's level (city or district) comes from topic.level_cues, for figures and
    relations alike: one topic region per article."""
    from kg.model import RawDocument
    text = "南关区推进重点项目\n近日，长春市南关区召开重点项目推进会。全区新签约项目12个。会上，远航科技有限公司智能仪表项目签约。"
    pack = tmp_path / "cues.yaml"
    pack.write_text("topic:\n  level_cues:\n    City: [推进会, 签约]\n", encoding="utf-8")
    placed = []
    for files in ([], [str(pack)]):
        nlp = pipeline.load_pipeline(pipeline.load_rules(files, compile=False))
        res = pipeline.process_document(RawDocument(id="t", path="t.txt", text=text, format="txt"), nlp)
        placed.append({r.object.text for r in res.relations
                       if r.predicate == "locatedIn" and r.subject.text == "远航科技有限公司智能仪表项目"})
    assert placed == [{"长春市南关区"}, {"长春市"}]     # a district article, then (by the pack) a city one
