"""kg eval: period accuracy as month intervals and the per-document table (output contract)."""
from __future__ import annotations

import json

import pytest

from kg.eval import evaluate, fold, format_table, period_interval


@pytest.mark.parametrize("a, b", [
    ("2015-Q1/2015-Q3", "2015-01/2015-09"),
    ("2015-Q1-Q3", "2015-01/2015-09"),           # v1 form
    ("2012-M1-M4", "2012-01/2012-04"),           # v1 form
    ("2021-2025", "2021/2025"),                  # v1 form
    ("2021-H1", "2021-01/2021-06"),
    ("2020-Q4", "2020-10/2020-12"),
    ("2019", "2019-01/2019-12"),
])
def test_equivalent_periods_are_one_interval(a, b):
    assert period_interval(a) == period_interval(b) is not None


@pytest.mark.parametrize("bad", [None, "", "soon", "2019-13", "2019-Q5", "2020/2019", "2019/2020/2021"])
def test_unreadable_periods_have_no_interval(bad):
    assert period_interval(bad) is None


def _write(folder, name, rows):
    (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_period_accuracy_and_given_where_none(tmp_path):
    out, gold = tmp_path / "out", tmp_path / "gold"
    out.mkdir()
    gold.mkdir()
    ent = {"id": "x:r", "type": "Region", "name": "甲区", "aliases": [],
           "mentions": [{"doc": "d1", "start": 0, "end": 2, "text": "甲区"}]}
    _write(out, "entities.jsonl", [ent])
    _write(out, "relations.jsonl", [])
    fig = {"subject": "x:r", "metric": "m", "unit": "CNY", "text": "", "doc": "d1", "start": 0, "end": 1}
    _write(out, "figures.jsonl", [
        {**fig, "id": "f1", "value": 100, "period": "2015-01/2015-09"},     # right (other notation)
        {**fig, "id": "f2", "value": 200, "period": "2016"},                # wrong
        {**fig, "id": "f3", "value": 300, "period": "2017"},                # given where gold has none
        {**fig, "id": "f4", "value": 400, "period": None},                  # left open, as gold
    ])
    gf = {"subject": "甲区", "metric": "m", "unit": "CNY", "text": "t"}
    (gold / "d1.json").write_text(json.dumps({"doc": "d1", "entities": [{"type": "Region", "name": "甲区"}],
                                              "relations": [], "figures": [
        {**gf, "value": 100, "period": "2015-Q1/2015-Q3"},
        {**gf, "value": 200, "period": "2015"},
        {**gf, "value": 300, "period": None},
        {**gf, "value": 400, "period": None},
    ]}, ensure_ascii=False), encoding="utf-8")
    scores = evaluate(out, gold)
    assert scores["period"] == {"accuracy": 0.5, "correct": 1, "total": 2,
                                "given_where_none": 0.5, "given": 1, "none": 2}
    assert scores["documents"]["d1"] == {"entities": 1.0, "relations": None, "figures": 1.0,
                                         "attachment": 1.0, "period": 0.5}
    table = format_table(scores, per_document=True, errors=True)
    assert "figure period right: 0.500 (1/2); given where gold has none: 0.500 (1/2)" in table
    assert any(line.startswith("d1 ") and line.split()[1:] == ["1.000", "-", "1.000", "1.000", "0.500"]
               for line in table.splitlines())
    assert "period t -> 2015 (got 2016)" in table


def test_names_are_compared_folded():
    """The contract's folding: simplified script, half-width, no whitespace or quotes of any kind."""
    assert fold("「示例」 《若干措施》") == "示例若干措施"
    assert fold("〈甲〉『乙』“丙”‘丁’\"戊\"'己'\u3000") == "甲乙丙丁戊己"
    assert fold("ＡＢ１號") == "AB1号" and fold("示例市發改委") == "示例市发改委"
    assert fold("（示例）") == "(示例)"          # brackets are not quotes: kept (half-width)
