"""kg.doc: a rule pack's `pipeline.document` builds the components in order; mistakes are RuleErrors naming the
pack; a registry is extended by deriving a new one; a pipeline pickles (spawned workers rebuild it)."""
from __future__ import annotations

import pickle

import pytest

from kg import pipeline
from kg.components import default_registry
from kg.doc import Component, Pipeline, Registry
from kg.model import RawDocument
from kg.rules import RuleError

TEXT = "长春市南关区今年计划实施5000万元以上项目60个。吉林省远航科技有限公司投资3亿元建设的智能仪表项目落户南关区。"


class Counter(Component):
    """A component with its own rule section: it counts one character of the text."""
    name = "char_count"
    schema = {"char_count": {"char": "str"}}
    reads = ("document", "mentions")
    writes = ()

    def __init__(self, pack, peers):
        super().__init__(pack, peers)
        self.char = pack.get("char_count", "char", "区")
        self.seen: list[int] = []

    def __call__(self, doc):
        self.seen.append(doc.text.count(self.char))


def pack_file(tmp_path, text):
    p = tmp_path / "pack.yaml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_the_bundled_pipeline_runs_the_components_in_the_packs_order(nlp):
    assert [c.name for c in nlp.components] == list(nlp.pack.get("pipeline", "document"))
    doc = nlp(RawDocument("d", "d.txt", TEXT))
    assert doc.mentions and doc.figures and doc.relations and doc.summary is not None
    assert doc.result(keep_sentences=False).sentences == [] and doc.result().sentences == doc.sentences


def test_an_unknown_component_is_a_rule_error_naming_the_pack(tmp_path):
    rules = pipeline.load_rules([pack_file(tmp_path, "pipeline:\n  document: [no_such]\n")], compile=False)
    with pytest.raises(RuleError, match=r"pack\.yaml: pipeline\.document names an unknown component 'no_such'"):
        pipeline.load_pipeline(rules)


def test_a_component_that_reads_what_nothing_wrote_before_it_is_refused(rules):
    registry = default_registry()
    early = rules.data | {"pipeline": {"document": ["normalise", "figures"]}}
    pack = type(rules)(early, rules.version, ("early.yaml",))
    with pytest.raises(RuleError, match="early.yaml: pipeline.document: 'figures' reads sentences, mentions, "
                                        "topic, which no component before it writes"):
        Pipeline.from_rules(pack, registry)


def test_a_derived_registry_adds_a_component_and_its_rule_keys(tmp_path):
    registry = default_registry().with_component(Counter)
    assert "char_count" not in default_registry()            # deriving leaves the original as it was
    assert registry.schemas()["char_count"] == {"char": "str"}
    files = [pack_file(tmp_path, "pipeline:\n  document: [char_count]\nchar_count:\n  char: 项\n")]
    with pytest.raises(RuleError, match="unknown section 'char_count'"):
        pipeline.load_rules(files, compile=False)            # the bundled components know no such section
    nlp = pipeline.load_pipeline(pipeline.load_rules(files, compile=False, registry=registry), registry)
    plain = pipeline.load_pipeline(pipeline.load_rules(compile=False))
    raw = RawDocument("d", "d.txt", TEXT)
    assert nlp(raw).result() == plain(raw).result()           # an added component leaves the others' output
    assert nlp.get("char_count").seen == [TEXT.count("项")]


def test_a_registry_refuses_what_is_not_a_component():
    with pytest.raises(ValueError, match="not a Component class named 'x'"):
        Registry({"x": Counter})

    class Bad(Component):
        name, reads = "bad", ("no_field",)
    with pytest.raises(ValueError, match="no Doc field 'no_field'"):
        Registry({"bad": Bad})


def test_a_pipeline_pickles_by_rebuilding_from_its_rules(nlp):
    back = pickle.loads(pickle.dumps(nlp))
    assert back is not nlp and [c.name for c in back.components] == [c.name for c in nlp.components]
    raw = RawDocument("d", "d.txt", TEXT)
    assert back(raw).result() == nlp(raw).result()


def test_timings_are_summed_per_stage(nlp):
    timings: dict = {}
    nlp(RawDocument("d", "d.txt", TEXT), timings)
    assert set(timings) == {"normalise", "segment", "extract", "resolve_local"}
