"""Article metadata read off the page (issue 17): the date from datelines and page headers, the source
from 来源 lines and datelines, a title not cut at its colon. Every page here is invented."""
from __future__ import annotations

import csv
import json
import hashlib
import re
from pathlib import Path

import pytest

from kg.model import RawDocument
from kg.normalise import Normaliser
from kg import pipeline
from kg.pipeline import load_rules
from kg.read import read_inputs
from kg.rules import RuleError


@pytest.fixture(scope="module")
def norm(rules) -> Normaliser:
    return Normaliser(rules)


def meta(norm, text, fmt="txt", **fields):
    doc = norm.document(RawDocument(id="d", path=f"d.{fmt}", text=text, format=fmt, **fields))
    return doc.date, doc.source, doc.title


BODY = "示例区今年新开工项目12个，总投资30亿元，同比增长8.5%。\n项目涵盖新材料、装备制造等产业。"


@pytest.mark.parametrize("header, date", [
    ("发布日期：2019-06-08", "2019-06-08"),
    ("时间：2019年6月8日", "2019-06-08"),
    ("2019年6月8日", "2019-06-08"),
    ("2019年06月08日 星期六", "2019-06-08"),
    ("2019-06-08 13:15", "2019-06-08"),
    ("2019-06-08 13:15:02 来源：示例日报", "2019-06-08"),
    ("2019/6/8 13:15", "2019-06-08"),
    ("08.06.2019 09:01", "2019-06-08"),           # day first, as such headers print it
    ("2019-06-08 第03版：要闻", "2019-06-08"),
    ("【发布时间：2019-06-08】", "2019-06-08"),
    ("（2019年6月8日）", "2019-06-08"),
    ("发布时间 : 2019-06-08 浏览：120", "2019-06-08"),
])
def test_header_date_forms(norm, header, date):
    assert meta(norm, f"示例市高新区集中签约项目20个\n{header}\n{BODY}")[0] == date


def test_a_date_printed_over_lines_by_a_widget(norm):
    assert meta(norm, f"新闻\n示例经开区12个项目集中签约\n2022\n12/28\n13:54\n{BODY}")[:2] == ("2022-12-28", None)


@pytest.mark.parametrize("text", [
    "2019年6月8日，示例区举行重点项目集中开工仪式，共开工项目15个。\n" + BODY,    # an event in a sentence
    "示例区项目建设情况\n2022年1-12月，全区新开工亿元项目36个。\n" + BODY,          # a span of months
    "2019年6月8日上午\n" + BODY,                                                   # an event's time of day
    "示例区项目建设情况\n2023年2月30日\n" + BODY,                                   # no such day
    BODY + "\n相关新闻\n2019-06-08 另一篇文章的标题",
])
def test_a_date_about_an_event_is_not_the_articles_date(norm, text):
    assert meta(norm, text)[0] is None


def test_a_signed_notice_gives_its_date_at_the_end(norm):
    text = BODY + "\n示例市发展和改革委员会\n2020年9月23日"
    assert meta(norm, text)[0] == "2020-09-23"


@pytest.mark.parametrize("line, source", [
    ("来源：示例日报", "示例日报"),
    ("本文来源：示例晨报-某某新闻", "示例晨报-某某新闻"),
    ("2021-05-12 07:55:00 来源：示例新闻网 作者：", "示例新闻网"),
    ("时间：2022-07-28 10:21 来源：示例日报评论：0", "示例日报"),          # a label run into the name
    ("2019年11月27日 10:55 来源：示例日报海外版参与互动", "示例日报海外版"),
    ("来源：示例客户端2022-10-29 20:56", "示例客户端"),
    ("来源：北京时间", "北京时间"),                                       # an outlet's name, not a label
    ("来源：互联网", None),                                               # names no one
    ("来源：本站", None),
    ("来源：综合自网络", None),
    ("来源丨示例日报", "示例日报"),
    ("来源:   分类: 重点新闻", None),
])
def test_source_lines(norm, line, source):
    assert meta(norm, f"示例市高新区集中签约项目20个\n{line}\n{BODY}")[1] == source


@pytest.mark.parametrize("lead, source", [
    ("示例日报6月8日讯（记者 张某）", "示例日报"),
    ("新华社示例6月8日电（记者 李某）", "新华社"),
    ("【示例商报网讯】 6月8日上午，", "示例商报网"),
    ("示例新闻网讯（通讯员 王某）", "示例新闻网"),
    ("示例在线消息（记者 赵某）", "示例在线"),
    ("据示例晚报消息 岁末将至，", "示例晚报"),
    ("示例晚报全媒体记者昨日从现场获悉，", "示例晚报"),
    ("示例日报—示例网记者 赵某 ", "示例日报—示例网"),
    ("本报记者 孙某 ", None),
    ("本报讯（记者 孙某）", None),              # "this paper": no name
    ("本报示例6月8日电", None),
    ("示例电网公司6月8日宣布，", None),          # a company, not a dateline
])
def test_datelines_name_the_source(norm, lead, source):
    assert meta(norm, f"{lead}示例区新开工项目12个，总投资30亿元。")[1] == source


def test_a_photo_credit_is_not_the_source_and_a_closing_credit_is(norm):
    text = f"{BODY}\n（来源：示例区融媒体中心）\n示例区新开工项目12个。\n示例新闻网 示例APP\n记者 王某"
    assert meta(norm, text)[1] == "示例新闻网"


def test_a_footer_row_of_outlets_is_not_the_source(norm):
    assert meta(norm, f"{BODY}\n友情链接\n示例新闻网 示例日报 示例电视台 示例在线\n示例备案号")[1] is None


def test_an_outlet_beside_the_header_date(norm):
    assert meta(norm, f"第02版：要闻\n示例日报 2022年06月08日 星期三\n示例新区11个重大项目集中开工\n{BODY}")[:2] == \
        ("2022-06-08", "示例日报")


def test_a_garbled_source_is_none(norm):
    # a character lost to mojibake: "示例日?" is not a name
    assert meta(norm, f"示例区新闻\n2022年05月31日 07:18 来源:示例日?qǐng)?bào)\n{BODY}")[:2] == ("2022-05-31", None)


def test_title_with_a_colon_is_not_cut(norm):
    text = f"\n\n示例市某某区：\n\n以项目之“实”促产业之“新”\n\n小标题一则\n\n{BODY}"
    assert meta(norm, text)[2] == "示例市某某区：以项目之“实”促产业之“新”"


def test_title_beside_the_header_past_page_noise(norm):
    text = ("点击右上角分享给好友\n朋友圈\n首页 > 地方频道 > 要闻 > 正文\n会员登录 立即注册\n"
            "示例开发区41个项目集中签约!\n来源：示例日报客户端 2022-10-29 20:56\n" + BODY)
    assert meta(norm, text) == ("2022-10-29", "示例日报客户端", "示例开发区41个项目集中签约!")


def test_title_below_a_date_at_the_top(norm):
    text = "|\n|\n2016-07-25 第05版:经济\n| 【字体】 | 大 | | 默认 | | 小 |\n|\n示例省项目集中开工 总投资71亿 |\n" + BODY
    assert meta(norm, text) == ("2016-07-25", None, "示例省项目集中开工 总投资71亿")


def test_title_past_column_labels(norm):
    text = "\n\n看示例\n园区\n\n春风送暖 示例园区项目建设忙\n\n示例区推进项目建设纪实\n\n本报记者 某某\n" + BODY
    assert meta(norm, text)[2] == "春风送暖 示例园区项目建设忙"


def test_no_title_from_a_lead_sentence_or_a_signature(norm):
    assert meta(norm, BODY)[2] is None
    assert meta(norm, "放大图片\n" + BODY)[2] is None
    # the office that signs a notice is not its title
    long_lead = "示例省今年安排省重点建设项目300个，年度计划投资900亿元，1-6月全省重点项目完成投资500亿元，为年度计划的55.6%，进度快于时序"
    assert meta(norm, f"{long_lead}\n上半年完成投资情况\n示例省项目管理办公室\n2020年7月15日") == ("2020-07-15", None, None)


def test_traditional_script_with_pinyin_glosses(norm):
    text = ("示例經(jīng)開區(qū)：項(xiàng)目建設(shè)提速\n- 來(lái)源:示例日報(bào)\n- |\n- 2020-01-21\n"
            "- 0 條評(píng)論\n新開(kāi)工項(xiàng)目12個(gè)。")
    assert meta(norm, text) == ("2020-01-21", "示例日报", "示例经开区：项目建设提速")
    text = "示例新區上半年投資增長較快\n2021-09-10 13:59:33來源: 示例日報\n\n固定資產投資增長7.5%。"
    assert meta(norm, text) == ("2021-09-10", "示例日报", "示例新区上半年投资增长较快")


def test_the_inputs_own_fields_win(norm):
    text = f"页面上的标题行很长一些\n2019-06-08 13:15 来源：页面日报\n{BODY}"
    assert meta(norm, text, fmt="jsonl", title="记录的标题", date="2024年7月5日", source="记录日报") == \
        ("2024-07-05", "记录日报", "记录的标题")
    assert meta(norm, text, fmt="jsonl", date="2024年7月")[0] == "2024-07"     # a month only
    assert meta(norm, text, fmt="jsonl", date="第三季度")[0] == "第三季度"        # a record's field as written
    assert meta(norm, text, fmt="html", date="2021-06-30T08:00:00+08:00")[0] == "2021-06-30"
    assert meta(norm, text, fmt="html")[:2] == ("2019-06-08", "页面日报")        # none in the markup: the page's
    assert meta(norm, text, fmt="html")[2] is None                                 # HTML titles come from markup


def test_metadata_of_read_files(tmp_path, norm):
    (tmp_path / "a.txt").write_text(f"示例区：项目建设提速\n发布时间：2023-03-15 来源：示例融媒体中心\n{BODY}",
                                    encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "text": BODY, "date": "2023/3/16"}, ensure_ascii=False),
                                      encoding="utf-8")
    docs, problems = read_inputs([tmp_path])
    assert problems == []
    got = [(d.id, d.date, d.source, d.title) for d in map(norm.document, docs)]
    assert got == [("a", "2023-03-15", "示例融媒体中心", "示例区：项目建设提速"), ("b", "2023-03-16", None, None)]


def test_the_rule_pack_decides(tmp_path, norm):
    pack = tmp_path / "meta.yaml"
    pack.write_text("normalise:\n  meta_source_unnamed: '示例日报'\n  meta_head_lines: 1\n", encoding="utf-8")
    other = Normaliser(load_rules([pack], compile=False))
    text = f"示例市高新区集中签约项目20个\n2019-06-08 13:15 来源：示例日报\n{BODY}"
    assert meta(norm, text)[:2] == ("2019-06-08", "示例日报")
    assert meta(other, text)[:2] == (None, None)     # 示例日报 names no one here; one head line only


def test_a_date_pattern_without_its_groups_is_a_rule_error(tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text("normalise:\n  meta_dates: ['(\\d{4})年']\n", encoding="utf-8")
    with pytest.raises(RuleError, match="meta_dates.*named groups d, m, y"):
        pipeline.load_pipeline(load_rules([pack], compile=False))


def test_metadata_never_raises(norm):
    for text in ("", "\n\n", "来源：", "2019-", "：\n：", "|" * 500, "据《》消息", "2019\n13/45\n", "08.13.2019 25:61"):
        assert isinstance(norm.document(RawDocument("x", "x.txt", text)).text, str)


# ---------------------------------------------------------------- the real-news annotation

REALNEWS = Path(__file__).parent / "realnews"


def _tsv(name):
    with open(REALNEWS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_metadata_annotation_covers_the_corpus():
    rows = _tsv("metadata.tsv")
    manifest = {r["id"] for r in _tsv("manifest.tsv")}
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert manifest <= set(ids)                       # every real article, dev and test
    for r in rows:
        assert r["id"] in manifest or re.fullmatch(r"\d{3}_[0-9a-f]{16}", r["id"])    # or a seed
        assert re.fullmatch(r"|\d{4}-\d{2}(-\d{2})?", r["date"]), r
        assert re.fullmatch(r"|[0-9a-f]{64}", r["title_sha256"]) and r["source"] == r["source"].strip()


def test_dev_metadata_is_read_and_no_date_is_wrong(norm):
    """On the dev split (never the test split): the page's date, source and title, and no wrong date."""
    dev = [r["id"] for r in _tsv("manifest.tsv") if r["split"] == "dev"]
    texts = [REALNEWS / "texts" / f"{i}.txt" for i in dev]
    if not all(t.is_file() for t in texts):
        pytest.skip("real-news texts not materialised (tests/realnews/README.md)")
    gold = {r["id"]: r for r in _tsv("metadata.tsv")}
    docs, _ = read_inputs(texts)
    right = {"date": 0, "source": 0, "title": 0}
    wrong_dates = []
    for doc in map(norm.document, docs):
        g = gold[doc.id]
        for field in ("date", "source"):
            got = re.sub(r"\s+", "", getattr(doc, field) or "")
            right[field] += got == re.sub(r"\s+", "", g[field])
        # metadata.tsv keeps a hash of the title (third-party text), canonicalised as bench/metadata.py does
        title = re.sub(r"\s+", "", doc.title or "").translate(str.maketrans("：，！？；（）", ":,!?;()"))
        right["title"] += (hashlib.sha256(title.encode("utf-8")).hexdigest() if title else "") == g["title_sha256"]
        if doc.date and doc.date != g["date"]:
            wrong_dates.append((doc.id, doc.date, g["date"]))
    assert wrong_dates == []
    assert right["date"] >= 0.95 * len(docs) and right["title"] >= 0.9 * len(docs)
    assert right["source"] >= 0.85 * len(docs)
