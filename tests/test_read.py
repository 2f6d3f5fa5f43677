"""Reading inputs: formats, encodings and every kind of bad input (tests/data/bad plus generated files)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.model import Problem, RawDocument
from kg.normalise import Normaliser
from kg.read import (NoInputError, decode_bytes, detect_encoding, iter_input_files, parse_html,
                     parse_markdown, read_inputs)

BAD = Path(__file__).parent / "data" / "bad"
SIMPLIFIED = "吉林市船营区今年计划建设亿元以上项目45个，总投资320亿元，同比增长8.5%。\n产业园区新签约企业12家。\n"
TRADITIONAL = "吉林市船營區今年計劃建設億元以上項目45個，總投資320億元，同比增長8.5%。\n產業園區新簽約企業12家。\n"


def _problems_by_file(problems):
    return {(Path(p.path).name, p.line): (p.action, p.reason) for p in problems}


def test_bad_corpus_reports_each_file_and_keeps_the_good_parts():
    docs, problems = read_inputs([BAD])
    got = _problems_by_file(problems)
    assert got == {
        ("blank.md", None): ("skipped", "empty file"),
        ("empty.txt", None): ("skipped", "empty file"),
        ("nul.txt", None): ("skipped", "binary file (contains NUL bytes)"),
        ("photo.txt", None): ("skipped", "binary file (PNG image), not text"),
        ("report.txt", None): ("skipped", "binary file (PDF document), not text"),
        ("degraded.txt", None): ("degraded", "2 undecodable bytes replaced (read as utf-8)"),
        ("records.jsonl", 2): ("skipped", "not valid JSON at column 25: Unterminated string starting at"),
        ("records.jsonl", 3): ("skipped", "record has no 'text' field"),
        ("records.jsonl", 5): ("skipped", "field 'text' must be a string, got number"),
        ("records.jsonl", 6): ("skipped", "a record must be a JSON object, got array"),
        ("records.jsonl", 7): ("degraded", "non-string field 'title' (array) ignored"),
        ("records.jsonl", 8): ("skipped", "record has an empty 'text'"),
    }
    assert [d.id for d in docs] == ["degraded", "page", "rec-1", "rec-5"]
    degraded = docs[0]
    assert degraded.text == "吉林市船营区今年计划\ufffd\ufffd建设亿元以上项目45个，总投资320亿元。\n同比增长8.5%。\n"
    rec5 = docs[3]
    assert (rec5.title, rec5.text) == (None, "四平市铁西区总投资8亿元。")


def test_problem_message_names_file_and_line():
    _, problems = read_inputs([BAD / "records.jsonl"])
    assert Problem(str(BAD / "records.jsonl"), "record has no 'text' field", "skipped", 3) in problems
    assert any(p.message() == f"{BAD / 'records.jsonl'}:3: skipped: record has no 'text' field" for p in problems)


def test_jsonl_fields_and_line_numbers(tmp_path):
    f = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a1", "title": "标题", "date": "2023年7月5日", "source": "某日报", "url": "https://example.org/1",
         "text": "通化市东昌区签约项目7个。"},
        {"id": 17, "text": "数字编号的记录。"},
        {"text": "没有编号的记录。"},
    ]
    raw = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    f.write_text(raw + "\n{oops\n", encoding="utf-8")
    docs, problems = read_inputs([f])
    # the reader keeps the date field as written; the normaliser reads it (tests/test_metadata.py)
    assert [(d.id, d.title, d.date, d.source, d.url) for d in docs] == [
        ("a1", "标题", "2023年7月5日", "某日报", "https://example.org/1"),
        ("17", None, None, None, None),
        ("feed-3", None, None, None, None),
    ]
    assert docs[0].text == "标题\n通化市东昌区签约项目7个。"     # the headline leads the text, as in .txt
    assert docs[1].text == "数字编号的记录。"
    assert [(p.line, p.action) for p in problems] == [(4, "skipped")]
    assert problems[0].reason == "not valid JSON at column 2: Expecting property name enclosed in double quotes"


def test_jsonl_text_may_hold_line_separators(tmp_path):
    f = tmp_path / "sep.jsonl"
    f.write_text(json.dumps({"id": "x", "text": "第一段\u2028第二段"}, ensure_ascii=False) + "\n", encoding="utf-8")
    docs, problems = read_inputs([f])
    assert problems == [] and docs[0].text == "第一段\u2028第二段"


@pytest.mark.parametrize("encoding, text", [
    ("utf-8", SIMPLIFIED), ("utf-8-sig", SIMPLIFIED), ("utf-16", SIMPLIFIED), ("utf-16-le", SIMPLIFIED),
    ("gb18030", SIMPLIFIED), ("gbk", SIMPLIFIED), ("big5", TRADITIONAL), ("utf-8", TRADITIONAL),
    ("gb18030", TRADITIONAL),
])
def test_encodings_round_trip(tmp_path, encoding, text):
    f = tmp_path / "article.txt"
    f.write_bytes(text.encode(encoding))
    docs, problems = read_inputs([f])
    assert problems == []
    assert docs[0].text == text


def test_detector_picks_the_right_chinese_encoding():
    assert detect_encoding(SIMPLIFIED.encode("gb18030")) == "gb18030"
    assert detect_encoding(TRADITIONAL.encode("big5")) == "big5"
    assert detect_encoding(SIMPLIFIED.encode("utf-8")) == "utf-8"
    assert detect_encoding(b"\xff\xfe" + SIMPLIFIED.encode("utf-16-le")) == "utf-16-le"


def test_gb18030_with_a_bad_byte_is_degraded_not_lost(tmp_path):
    data = SIMPLIFIED.encode("gb18030")
    f = tmp_path / "gb.txt"
    f.write_bytes(data[:20] + b"\xff" + data[20:])
    docs, problems = read_inputs([f])
    assert [(p.action, p.reason) for p in problems] == [("degraded", "1 undecodable byte replaced (read as gb18030)")]
    assert docs[0].text.replace("\ufffd", "") == SIMPLIFIED


def test_html_main_text_title_and_date(rules):
    docs, _ = read_inputs([BAD / "page.html"])
    d = docs[0]
    assert d.title == "辽源市西安区开工项目23个"
    assert d.date == "2024-03-18T09:30:00+08:00"          # the <meta> as written ...
    assert Normaliser(rules).document(d).date == "2024-03-18"      # ... and as the document has it
    assert d.format == "html"
    assert d.text == ("辽源市西安区开工项目23个\n今年一季度，辽源市西安区开工建设项目23个，总投资41.5亿元。\n"
                      "其中新建项目15个，续建项目8个。\n区内企业产值同比增长12.3%。")
    for junk in ("脚本", "样式", "导航", "页眉", "注释", "侧栏", "页脚", "分享", "请启用"):
        assert junk not in d.text


def test_html_without_article_uses_body_and_finds_title_and_date(rules):
    page = ("<html><head><title>长白山保护开发区动态_某某网</title></head><body>"
            "<div>首页</div><div class='content'><p>发布时间：2022年11月3日</p>"
            "<p>池北区新建项目9个。</p><script>x()</script></div></body></html>")
    text, title, date = parse_html(page)
    assert title == "长白山保护开发区动态"
    assert date is None             # no date in the markup: the normaliser reads the page's dateline
    doc = Normaliser(rules).document(RawDocument("p", "p.html", text, title=title, format="html"))
    assert doc.date == "2022-11-03"
    assert text == "长白山保护开发区动态\n首页\n发布时间：2022年11月3日\n池北区新建项目9个。"


def test_html_og_title_and_unclosed_head():
    page = ('<html><head><meta property="og:title" content="白城市洮北区招商引资">'
            '<meta name="pubdate" content="2021/06/30"><body><p>洮北区引进企业6家。')
    text, title, date = parse_html(page)
    assert (title, date) == ("白城市洮北区招商引资", "2021/06/30")
    assert text == "白城市洮北区招商引资\n洮北区引进企业6家。"


def test_markdown_title_and_plain_text():
    md = "---\ntitle: 梅河口市项目建设\ndate: 2020-10-01\n---\n# 梅河口市项目建设\n\n**梅河口市**新开工[项目](http://x/)11个。\n\n- 第一项\n"
    text, title, date = parse_markdown(md)
    assert (title, date) == ("梅河口市项目建设", "2020-10-01")
    assert "梅河口市新开工项目11个。" in text and "http" not in text and "**" not in text
    assert "\n第一项" in text


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text(SIMPLIFIED, encoding="utf-8")
    missing = tmp_path / "nope.txt"
    docs, problems = read_inputs([good, missing])
    assert [d.id for d in docs] == ["ok"]
    assert problems == [Problem(str(missing), "no such file or folder", "skipped")]


def test_no_supported_file_at_all_raises(tmp_path):
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(NoInputError, match="no supported input files"):
        read_inputs([tmp_path])
    with pytest.raises(NoInputError, match="no such file or folder"):
        read_inputs([tmp_path / "missing"])
    with pytest.raises(NoInputError):
        read_inputs([])


def test_explicit_unsupported_file_is_reported(tmp_path):
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    good = tmp_path / "a.txt"
    good.write_text(SIMPLIFIED, encoding="utf-8")
    docs, problems = read_inputs([pdf, good])
    assert len(docs) == 1
    assert problems[0].path == str(pdf) and problems[0].reason.startswith("unsupported file type '.pdf'")


def test_broken_symlink_is_skipped(tmp_path):
    (tmp_path / "good.txt").write_text(SIMPLIFIED, encoding="utf-8")
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    docs, problems = read_inputs([tmp_path])
    assert [d.id for d in docs] == ["good"]
    assert problems == [Problem(str(link), "broken symbolic link", "skipped")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_skipped(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text(SIMPLIFIED, encoding="utf-8")
    f.chmod(0)
    try:
        docs, problems = read_inputs([tmp_path])
    finally:
        f.chmod(0o644)
    assert docs == [] and problems == [Problem(str(f), "cannot read: Permission denied", "skipped")]


def test_folder_walk_is_recursive_sorted_and_skips_other_files(tmp_path):
    for rel in ("b/z.txt", "b/a.md", "a.htm", "c/d/e.jsonl", "notes.json", ".hidden.txt", "img.png"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    names = [str(p.relative_to(tmp_path)) for p in iter_input_files([tmp_path])]
    assert names == ["a.htm", "b/a.md", "b/z.txt", "c/d/e.jsonl"]
    # the same file given twice is read once
    assert len(list(iter_input_files([tmp_path / "a.htm", tmp_path]))) == 4


def test_duplicate_ids_are_renamed_deterministically(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "a.txt").write_text("第一篇。", encoding="utf-8")
    (tmp_path / "two" / "a.txt").write_text("第二篇。", encoding="utf-8")
    (tmp_path / "two" / "feed.jsonl").write_text(
        "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                  for i, t in [("a", "第三篇。"), ("a~2", "本来就叫a~2。")]), encoding="utf-8")
    runs = [read_inputs([tmp_path]) for _ in range(2)]
    assert runs[0] == runs[1]
    docs, problems = runs[0]
    assert [(d.id, d.text) for d in docs] == [("a", "第一篇。"), ("a~3", "第二篇。"), ("a~4", "第三篇。"),
                                              ("a~2", "本来就叫a~2。")]
    assert [(Path(p.path).name, p.line, p.action) for p in problems] == [
        ("a.txt", None, "renamed"), ("feed.jsonl", 1, "renamed")]
    assert problems[0].reason == "duplicate document id 'a' renamed to 'a~3'"


def test_fifty_megabyte_file_is_read(tmp_path):
    line = "白山市浑江区计划建设项目64个，总投资212亿元，同比增长6.1%。\n"
    n = 50 * 2**20 // len(line.encode("utf-8")) + 1
    f = tmp_path / "huge.txt"
    f.write_text(line * n, encoding="utf-8")
    assert f.stat().st_size >= 50 * 2**20
    docs, problems = read_inputs([f])
    # read whole, then split at line breaks into parts under the size limit (issue 15): nothing lost
    assert [p.action for p in problems] == ["degraded"] and "split into" in problems[0].reason
    assert [d.id for d in docs] == [f"huge~part{i}" for i in range(1, len(docs) + 1)] and len(docs) > 1
    assert "".join(d.text for d in docs) == line * n


def test_random_bytes_are_not_text():
    import random
    rnd = random.Random(7)
    data = bytes(rnd.randrange(256) for _ in range(4096))
    with pytest.raises(Exception) as exc:
        decode_bytes(data)
    assert "binary" in str(exc.value)


def test_read_error_is_skipped_with_its_reason(tmp_path, monkeypatch):
    # Simulates an unreadable file even when the tests run as root.
    f = tmp_path / "locked.txt"
    f.write_text(SIMPLIFIED, encoding="utf-8")
    real = Path.read_bytes

    def deny(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    (tmp_path / "fine.txt").write_text(SIMPLIFIED, encoding="utf-8")
    docs, problems = read_inputs([tmp_path])
    assert [d.id for d in docs] == ["fine"]
    assert problems == [Problem(str(f), "cannot read: Permission denied", "skipped")]


def test_html_drops_link_menus_and_takes_the_longest_article():
    page = ("<html><body><div><a href=/>首页</a> <a href=/a>要闻</a> <a href=/b>经济</a></div>"
            "<article><h2><a href=/t>另一篇文章的标题</a></h2><p>一句摘要。</p></article>"
            "<article><p>敦化市今年实施重点项目58个，总投资260亿元，其中新开工项目21个。</p>"
            "<p>详见<a href=/more>相关报道</a>，项目进展顺利。<a href=/x>未闭合的链接</p>"
            "<p>第三段正文。</p></article></body></html>")
    text, title, date = parse_html(page)
    assert text == ("敦化市今年实施重点项目58个，总投资260亿元，其中新开工项目21个。\n"
                    "详见相关报道，项目进展顺利。未闭合的链接\n第三段正文。")
    assert (title, date) == (None, None)


def test_html_never_raises_on_garbage():
    for junk in ("<", "<<<>>>", "<p", "</div></div>", "<!--", "<script>", "<a href='x", "&#xffffff;", "\x00<p>x"):
        text, title, date = parse_html(junk)
        assert isinstance(text, str)


def test_saved_web_page_with_txt_name_is_read_as_html(tmp_path):
    f = tmp_path / "saved.txt"
    f.write_text("<!DOCTYPE html><html><head><title>珲春市口岸经济</title></head><body><script>x=1</script>"
                 "<p>珲春市口岸过货量增长15%。</p></body></html>", encoding="utf-8")
    docs, problems = read_inputs([f])
    assert problems == []
    assert (docs[0].format, docs[0].title, docs[0].text) == ("html", "珲春市口岸经济", "珲春市口岸经济\n珲春市口岸过货量增长15%。")


def test_gbk_web_page_with_gov_site_layout(tmp_path, rules):
    page = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>榆树市召开重点项目推进会_榆树市人民政府</title></head><body>
<table width="100%"><tr><td><a href="/">网站首页</a></td><td><a href="/zwgk">政务公开</a></td><td><a href="/xw">新闻中心</a></td></tr></table>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/xw">新闻中心</a></div>
<div id="zoom"><p>&nbsp;&nbsp;发布时间：2023-03-15 来源：榆树市融媒体中心</p>
<p>　　3月14日，榆树市召开重点项目推进会，全市谋划项目126个，总投资315亿元。</p>
<p>　　会议要求，各乡镇要压实责任。</p></div>
<div class="bottom">主办单位：榆树市人民政府办公室 <br>吉ICP备05000000号</div>
</body></html>"""
    f = tmp_path / "yushu.htm"
    f.write_bytes(page.encode("gbk"))
    docs, problems = read_inputs([f])
    assert problems == []
    d = Normaliser(rules).document(docs[0])
    assert (d.title, d.date, d.source) == ("榆树市召开重点项目推进会", "2023-03-15", "榆树市融媒体中心")
    assert "网站首页" not in d.text and "当前位置" not in d.text
    assert "3月14日，榆树市召开重点项目推进会，全市谋划项目126个，总投资315亿元。" in d.text


def test_html_story_inside_a_furniture_like_class_is_not_lost():
    page = '<html><body><div class="nav-article"><p>伊通县新建标准化厂房8栋，面积5.2万平方米，引进企业11家，带动就业600人。</p></div></body></html>'
    text, _, _ = parse_html(page)
    assert text == "伊通县新建标准化厂房8栋，面积5.2万平方米，引进企业11家，带动就业600人。"


@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl", ".md"])
def test_any_bytes_give_documents_or_problems_never_an_exception(tmp_path, suffix):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from kg.read import read_file

    chunks = st.one_of(st.binary(max_size=40), st.text(max_size=20).map(lambda s: s.encode("utf-8")),
                       st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"<p>", b"</a>", b"{\"text\": \"x\"}\n",
                                        "經開區".encode("big5"), "经开区".encode("gb18030"), b"\x00", b"\n"]))

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(chunks, max_size=8).map(b"".join))
    def check(data):
        f = tmp_path / f"x{suffix}"
        f.write_bytes(data)
        docs, problems = read_file(f)
        assert docs or problems
        for d, _line in docs:
            assert isinstance(d.text, str) and d.text.strip()

    check()


def test_encoding_is_judged_past_a_long_ascii_head(tmp_path):
    head = "<html><head>" + "<meta name='x' content='y'>\n" * 4000 + "</head><body><p>"
    f = tmp_path / "late.html"
    f.write_bytes(head.encode("ascii") + "蛟河市新签约项目9个，总投资27亿元。".encode("gb18030") + b"</p></body></html>")
    docs, problems = read_inputs([f])
    assert problems == [] and docs[0].text == "蛟河市新签约项目9个，总投资27亿元。"
