"""Bounded work per document (issue 15): a time budget per document, and numbers too large to be
figures. (The speed of one large document is measured in bench/large_document.py, not here.)"""
from __future__ import annotations

import json
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from kg.budget import DEFAULT_SECONDS, BudgetExceeded, budget_seconds, can_keep_time, time_budget
from kg.numbers import parse_number
from kg.pipeline import SAMPLE_DIR, build

needs_alarm = pytest.mark.skipif(not can_keep_time(), reason="no SIGALRM here (not POSIX, or not the main thread)")


def _spin(limit: float = 10.0) -> None:
    """Busy Python code for at most `limit` seconds (a safety stop, should the budget not fire)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        pass


# ---- the budget itself ----------------------------------------------------------------------

def test_budget_seconds_reads_the_variable():
    assert budget_seconds("30") == 30.0
    assert budget_seconds("0.5") == 0.5
    assert budget_seconds("0") is None and budget_seconds("off") is None and budget_seconds("None") is None
    assert budget_seconds("") == DEFAULT_SECONDS
    assert budget_seconds("soon") == DEFAULT_SECONDS          # not a number: the default, not no budget
    assert budget_seconds("-3") == DEFAULT_SECONDS


@needs_alarm
def test_time_budget_interrupts_python_code_and_puts_the_handler_back():
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(BudgetExceeded, match="exceeded the 0.05 s time budget"):
        with time_budget(0.05):
            _spin()
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@needs_alarm
def test_time_budget_within_budget_leaves_no_timer():
    with time_budget(60):
        total = sum(range(1000))
    assert total == 499500
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_budget_outside_the_main_thread_is_no_budget():
    done = []

    def work():
        with time_budget(0.01):
            _spin(0.1)
        done.append(True)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert done == [True]


# ---- the budget in a build ------------------------------------------------------------------

@needs_alarm
def test_a_document_over_budget_is_reported_and_the_build_goes_on(tmp_path, monkeypatch):
    """Two articles are cached by a first build; a third, added later, runs out of a tiny budget:
    it is reported as skipped, the other two are built."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for name in ("auto_zone.txt", "hitech_big5.txt"):
        shutil.copy(SAMPLE_DIR / name, inputs / name)
    monkeypatch.delenv("KG_DOC_TIMEOUT", raising=False)
    first = build([str(inputs)], out, progress=False, jobs=1, incremental=True)
    assert first.documents == 2 and not first.problems

    shutil.copy(SAMPLE_DIR / "kuancheng_pinyin.txt", inputs / "kuancheng_pinyin.txt")
    monkeypatch.setenv("KG_DOC_TIMEOUT", "0.000001")
    res = build([str(inputs)], out, progress=False, jobs=1, incremental=True)
    assert res.written and res.documents == 2 and res.cache_hits == 2
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents_read"] == 2
    [skipped] = report["skipped"]
    assert Path(skipped["path"]).name == "kuancheng_pinyin.txt"
    assert "exceeded the 1e-06 s time budget" in skipped["reason"] and "KG_DOC_TIMEOUT" in skipped["reason"]
    docs = [json.loads(line)["id"] for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(docs) == ["auto_zone", "hitech_big5"]


@needs_alarm
def test_the_budget_holds_in_worker_processes(tmp_path, monkeypatch):
    """Enough documents for worker processes: each one runs out of a tiny budget there and is
    reported; the build itself does not fail (nothing is left to write)."""
    text = (SAMPLE_DIR / "auto_zone.txt").read_text(encoding="utf-8")
    records = [{"id": f"doc{i:02d}", "title": f"第{i}篇", "text": text} for i in range(48)]
    (tmp_path / "many.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                         encoding="utf-8")
    monkeypatch.setenv("KG_DOC_TIMEOUT", "0.000001")
    res = build([str(tmp_path / "many.jsonl")], tmp_path / "out", progress=False, jobs=2)
    assert not res.written and res.documents == 0
    assert len(res.problems) == 48
    assert all("time budget" in p.reason and p.action == "skipped" for p in res.problems)


# ---- numbers too large to be figures --------------------------------------------------------

def test_numerals_too_long_to_be_one_number_are_none():
    assert parse_number("1" + "亿" * 200_000) is None           # (Decimal's exponent range)
    assert parse_number("九" + "亿" * 100_000) is None          # (the Chinese reading's recursion)
    assert parse_number("9" * 5000) is None                     # (int()'s digit limit)
    assert parse_number("9" * 40) == int("9" * 40)              # long, but one number


def test_a_document_with_an_absurd_number_builds_with_its_other_figures(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    huge = "9" * 320
    (inputs / "big_numbers.txt").write_text(
        "长春新区经济运行情况\n\n"
        "长春新区今年实现地区生产总值441.2亿元，同比增长14.9%。"
        f"新区引进项目总投资{huge}元。\n\n"
        "绿园区实现地区生产总值九千" + "万亿" * 3 + "亿" * 40 + "元，总投资20亿元。\n"
        "宽城区占地" + "1" * 400 + ".5平方公里的产业园开工。\n", encoding="utf-8")
    res = build([str(inputs)], tmp_path / "out", progress=False, jobs=1)
    assert res.written and res.documents == 1 and not res.problems
    figures = [json.loads(line) for line in (tmp_path / "out" / "figures.jsonl").read_text(encoding="utf-8").splitlines()]
    got = {(f["text"], f["value"], f["unit"]) for f in figures}
    assert {("441.2亿元", 44120000000, "CNY"), ("14.9%", 14.9, "percent"), ("20亿元", 2000000000, "CNY")} <= got
    assert all(abs(f["value"]) <= 10 ** 18 for f in figures)
    assert not any(huge in f["text"] or "亿亿" in f["text"] for f in figures)
    assert (tmp_path / "out" / "graph.html").stat().st_size > 0
