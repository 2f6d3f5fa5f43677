"""Figure periods and subjects on invented sentences (issue 17): month ranges, completion dates,
comparison bases, what carries from sentence to sentence, project figures, the article's level,
the head's region, cities opening a clause, world places."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from kg.extract.entities import lexicon_words
from kg.extract.figures import compile_figures, extract_figures
from kg.extract.topic import compile_topic, topic_region
from kg.model import Document, Mention
from kg.pipeline import load_rules
from kg.segment import Segmenter


@pytest.fixture(scope="module")
def rules():
    pack = load_rules()
    seg = Segmenter(pack, lexicon_words(pack))
    return SimpleNamespace(figures=compile_figures(pack, seg), topic=compile_topic(pack), seg=seg)


def _mentions(text, spec):
    """Mentions at every occurrence of each (surface, type, subtype[, rule])."""
    out = []
    for surface, type_, subtype, *rule in spec:
        i = text.find(surface)
        while i >= 0:
            out.append(Mention("t", i, i + len(surface), surface, type_, name=surface, subtype=subtype,
                               rule=rule[0] if rule else ""))
            i = text.find(surface, i + 1)
    return out


def _figs(text, rules, spec=(), date=None):
    doc = Document(id="t", path="t.txt", text=text, title=None, date=date)
    mentions = _mentions(text, list(spec))
    return extract_figures(doc, rules.seg.split_sentences(text), mentions, rules.figures,
                           topic_region(doc, mentions, rules.topic))


def _by_text(figs):
    return {f.text: f for f in figs}


DISTRICT = ("南河区", "Region", "District")
PROJECT = ("星光电子项目", "Project", None)


# ---- periods --------------------------------------------------------------------------------

def test_month_range_with_relative_year(rules):
    (f,) = _figs("南河区：经济\n今年1至8月，南河区实现地区生产总值157亿元。", rules, [DISTRICT], date="2024-09-10")
    assert (f.period, f.subject.text, f.metric) == ("2024-01/2024-08", "南河区", "地区生产总值")


def test_up_to_the_end_of_a_month_counts_from_january(rules):
    (f,) = _figs("南河区：项目\n到4月底，南河区开工项目45个。", rules, [DISTRICT], date="2024-05-06")
    assert (f.period, f.subject.text) == ("2024-01/2024-04", "南河区")


def test_completion_date_is_no_period(rules):
    (f,) = _figs("南河区：项目\n南河区新开工项目12个，计划2026年底前全部建成投产。", rules, [DISTRICT])
    assert (f.period, f.subject.text, f.metric) == (None, "南河区", "新开工项目数")


def test_year_followed_by_completion_verb_is_no_period(rules):
    (f,) = _figs("南河区：项目\n南河区新开工项目12个，2026年三季度建成投产。", rules, [DISTRICT])
    assert f.period is None


def test_comparison_base_is_not_the_period(rules):
    f1, f2 = _figs("南河区：招商\n今年南河区签约项目20个，较去年增长30%。", rules, [DISTRICT], date="2024-09-10")
    assert (f1.period, f2.period) == ("2024", "2024")
    assert f2.subject.text == "南河区"


def test_up_to_now_is_the_articles_year(rules):
    (f,) = _figs("南河区：招商\n截至目前，南河区签约项目36个。", rules, [DISTRICT], date="2024-09-10")
    assert (f.period, f.metric) == ("2024", "签约项目数")


def test_only_the_year_carries_across_a_full_stop(rules):
    text = "南河区：招商\n2023年上半年，南河区签约项目31个。全年新开工项目12个。"
    f1, f2 = _figs(text, rules, [DISTRICT])
    assert (f1.period, f2.period) == ("2023-H1", "2023")


def test_a_projects_own_figures_take_no_period_from_the_sentence_after_them(rules):
    text = "南河区：项目\n星光电子项目总投资20亿元，今年计划投资5亿元。"
    f1, f2 = _figs(text, rules, [DISTRICT, PROJECT], date="2024-03-01")
    assert (f1.subject.text, f1.period, f1.metric) == ("星光电子项目", None, "总投资")
    assert (f2.subject.text, f2.period) == ("星光电子项目", "2024")


def test_a_projects_figures_take_no_period_from_the_paragraph(rules):
    text = "南河区：项目\n今年南河区开工项目20个。星光电子项目总投资8亿元。"
    f1, f2 = _figs(text, rules, [DISTRICT, PROJECT], date="2024-03-01")
    assert (f1.period, f2.subject.text, f2.period) == ("2024", "星光电子项目", None)


# ---- subjects -------------------------------------------------------------------------------

def test_province_level_article_reports_the_province(rules):
    text = "福山省：集中开工\n近日，全省集中开工项目260个，总投资1463亿元。全省各地积极推进，锦河区开工仪式同步举行。"
    spec = [("福山省", "Region", "Province"), ("锦河区", "Region", "District")]
    f1, f2 = _figs(text, rules, spec)
    assert (f1.subject.text, f2.subject.text) == ("福山省", "福山省")


def test_region_named_in_the_head_is_the_topic(rules):
    text = "北川市：重大项目集中签约\n近日，签约项目20个，总投资80亿元。锦河区承接其中3个。"
    spec = [("北川市", "Region", "City"), ("锦河区", "Region", "District")]
    figs = _by_text(_figs(text, rules, spec))
    assert figs["20个"].subject.text == "北川市"
    assert figs["80亿元"].subject.text == "北川市"


def test_city_opening_its_clause_is_the_subject(rules):
    text = "南河区：开工\n南河区开工项目10个。东山市此次集中开竣工项目69个，总投资490亿元。"
    spec = [DISTRICT, ("东山市", "Region", "City")]
    figs = _by_text(_figs(text, rules, spec))
    assert figs["10个"].subject.text == "南河区"
    assert (figs["69个"].subject.text, figs["490亿元"].subject.text) == ("东山市", "东山市")


def test_city_inside_a_label_is_still_skipped(rules):
    text = "南河区：企业\n南河区新增东山市科技小巨人企业24户。"
    (f,) = _figs(text, rules, [DISTRICT, ("东山市", "Region", "City")])
    assert f.subject.text == "南河区"


def test_world_place_is_neither_topic_nor_subject(rules):
    text = "东山市：外资\n新加坡企业在东山市签约项目3个。新加坡客商表示看好新加坡与东山市合作。"
    spec = [("新加坡", "Region", None, "gazetteer"), ("东山市", "Region", "City")]
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "东山市"


def test_period_named_in_the_title_holds_for_the_article(rules):
    text = "北川市一季度集中开工项目69个\n近日，北川市集中开工项目69个，总投资490亿元。"
    doc = Document(id="t", path="t.txt", text=text, title="北川市一季度集中开工项目69个", date="2024-04-02")
    mentions = _mentions(text, [("北川市", "Region", "City")])
    figs = extract_figures(doc, rules.seg.split_sentences(text), mentions, rules.figures,
                           topic_region(doc, mentions, rules.topic))
    assert {f.text: f.period for f in figs} == {"69个": "2024-Q1", "490亿元": "2024-Q1"}


def test_months_so_far_in_chinese_numerals(rules):
    (f,) = _figs("南河区：经济\n今年前十一个月，南河区完成工业总产值44亿元。", rules, [DISTRICT], date="2024-12-20")
    assert (f.period, f.metric) == ("2024-01/2024-11", "工业总产值")


def test_figure_right_after_a_comparison_base_is_the_bases_value(rules):
    text = "南河区：经济\n今年上半年，南河区地区生产总值在去年同期12.6%增速基础上增长17.4%。"
    f1, f2 = _figs(text, rules, [DISTRICT], date="2024-08-01")
    assert (f1.text, f1.period) == ("12.6%", "2023-H1")
    assert (f2.text, f2.period) == ("17.4%", "2024-H1")


def test_annual_plan_word_holds_only_in_its_clause(rules):
    text = "南河区一季度开工项目\n近日，南河区开工项目395个，总投资2589亿元，年度计划投资457亿元。"
    doc = Document(id="t", path="t.txt", text=text, title="南河区一季度开工项目", date="2024-03-20")
    mentions = _mentions(text, [DISTRICT])
    figs = extract_figures(doc, rules.seg.split_sentences(text), mentions, rules.figures,
                           topic_region(doc, mentions, rules.topic))
    assert {f.text: f.period for f in figs} == {"395个": "2024-Q1", "2589亿元": "2024-Q1", "457亿元": "2024"}


# ---- subjects and labels of lists ---------------------------------------------------------------

def test_province_written_before_its_city_only_qualifies_it(rules):
    text = "福山北川：重大项目集中签约\n近日，福山北川签约项目61个。福山各地踊跃参与，福山全力支持。"
    spec = [("福山", "Region", "Province"), ("北川", "Region", "City")]
    doc = Document(id="t", path="t.txt", text=text, title=None, date=None)
    mentions = _mentions(text, spec)
    assert topic_region(doc, mentions, rules.topic).text == "北川"
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "北川"


def test_province_word_stands_for_the_province_named_before(rules):
    text = "北川市：洽谈会\n福山省洽谈会在北川市举行。据了解，全省共有300多个重大合作项目签约。"
    spec = [("福山省", "Region", "Province"), ("北川市", "Region", "City")]
    (f,) = _figs(text, rules, spec)
    assert (f.subject.text, f.metric) == ("福山省", "重大合作项目数")


def test_respectively_gives_each_listed_entity_its_own_figure(rules):
    text = "南河区：产业\n南河区、北山区和东湖区的项目落地率均超过30%，分别为51%、40%和39%。"
    spec = [DISTRICT, ("北山区", "Region", "District"), ("东湖区", "Region", "District")]
    figs = _by_text(_figs(text, rules, spec))
    assert [figs[t].subject.text for t in ("51%", "40%", "39%")] == ["南河区", "北山区", "东湖区"]


def test_respectively_over_industries(rules):
    text = "福山省：工业\n全省装备制造、电子信息和新材料增加值分别增长9.5%、8.7%和6.1%。"
    spec = [("装备制造", "Industry", None), ("电子信息", "Industry", None), ("新材料", "Industry", None),
            ("福山省", "Region", "Province")]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["装备制造", "电子信息", "新材料"]


def test_respectively_needs_as_many_entities_as_figures(rules):
    text = "南河区：产业\n南河区项目的履约率、落地率和开工率分别为82%、32%和41%。"
    figs = _figs(text, rules, [DISTRICT])
    assert [f.subject.text for f in figs] == ["南河区"] * 3


def test_count_label_is_the_counted_phrase_after_the_classifier(rules):
    (f,) = _figs("南河区：开工\n近日，南河区集中开工265个重大项目。", rules, [DISTRICT])
    assert (f.metric, f.subject.text) == ("重大项目数", "南河区")


@pytest.mark.parametrize("text, metric", [
    ("南河区：开工\n南河区16个亿元以上项目集中开工。", "亿元以上项目数"),
    ("南河区：签约\n南河区签订4个战略合作协议。", "战略合作协议数"),
])
def test_count_label_runs_to_its_head_noun(rules, text, metric):
    (f,) = _figs(text, rules, [DISTRICT])
    assert f.metric == metric


def test_whole_year_in_a_january_article_is_the_year_before(rules):
    text = "南河区：回顾\n全年完成签约项目179个。"
    (f,) = _figs(text, rules, [DISTRICT], date="2020-01-21")
    assert (f.period, f.metric) == ("2019", "签约项目数")
    (g,) = _figs(text, rules, [DISTRICT], date="2020-07-21")
    assert g.period == "2020"


def test_sentence_opening_with_among_them_keeps_the_previous_subject(rules):
    text = "福山省：开工\n全省集中开工项目649个。东山市有星光电子项目等81个项目开竣工，总投资约480亿元。其中新开工44项，竣工37项。"
    spec = [("福山省", "Region", "Province"), ("东山市", "Region", "City"), PROJECT]
    figs = _by_text(_figs(text, rules, spec))
    assert figs["81个"].subject.text == "东山市"
    assert (figs["44项"].subject.text, figs["37项"].subject.text) == ("东山市", "东山市")


def test_region_written_onto_a_name_is_part_of_it(rules):
    text = "北川市：项目\n北川市今年开工项目300个。南河区北川材料研究中心等10亿元以上项目79个。"
    spec = [("北川市", "Region", "City"), DISTRICT, ("北川材料研究中心", "Organization", None)]
    figs = _by_text(_figs(text, rules, spec))
    assert figs["79个"].subject.text == "北川市"


def test_county_level_city_is_counted_by_its_bare_name(rules):
    text = "来自美国的客商齐聚海门。本届洽谈会，海门市共签约项目130个。海门开放合作，海门发展迅速，浦东企业、浦东客商参与。"
    spec = [("海门市", "Region", "District"), ("浦东", "Region", "DevelopmentZone"),
            ("美国", "Region", None, "gazetteer")]
    doc = Document(id="t", path="t.txt", text=text, title=None, date=None)
    mentions = _mentions(text, spec)
    assert topic_region(doc, mentions, rules.topic).text == "海门市"


def test_title_naming_a_wider_region_than_the_articles_words(rules):
    # an autonomous region speaks of 全区: its title still says what the article is about
    text = "福山：产业项目集中开竣工\n近日，全区集中开竣工项目28个，总投资455亿元。锦河区主会场设在锦河区工业园。"
    spec = [("福山", "Region", "Province"), ("锦河区", "Region", "District")]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["福山", "福山"]


def test_respectively_over_a_range_of_years(rules):
    text = "南河区：经济\n2010年至2012年，南河区地区生产总值分别增长11.4%、12.7%和10.9%。"
    figs = _figs(text, rules, [DISTRICT])
    assert [(f.period, f.subject.text) for f in figs] == [("2010", "南河区"), ("2011", "南河区"), ("2012", "南河区")]


def test_news_agency_of_a_dateline_is_no_subject(rules):
    text = "北川签约\n新华社北川2月5日电（记者某某）2024年北川市重大招商项目签约活动4日举行，61个重大项目集中签约。"
    spec = [("新华社", "Organization", None), ("北川市", "Region", "City")]
    (f,) = _figs(text, rules, spec, date="2024-02-05")
    assert (f.subject.text, f.period, f.metric) == ("北川市", "2024", "重大项目数")


def _titled(text, title, rules, spec, date):
    doc = Document(id="t", path="t.txt", text=text, title=title, date=date)
    mentions = _mentions(text, spec)
    return extract_figures(doc, rules.seg.split_sentences(text), mentions, rules.figures,
                           topic_region(doc, mentions, rules.topic))


def test_year_carried_from_the_paragraph_takes_the_titles_quarter(rules):
    title = "福山一季度集中开竣工重大项目"
    text = title + "\n近日，福山举行2024年重大项目集中开竣工活动。东山市此次集中开竣工项目69个。"
    (f,) = _titled(text, title, rules, [("福山", "Region", "Province"), ("东山市", "Region", "City")], "2024-01-14")
    assert (f.subject.text, f.period) == ("东山市", "2024-Q1")


def test_year_so_far_keeps_no_titles_half_year(rules):
    title = "南河区上半年招商成效明显"
    text = title + "\n截至目前，南河区签约项目300个。新开工项目28个。"
    f1, f2 = _titled(text, title, rules, [DISTRICT], "2024-10-30")
    assert (f1.period, f2.period) == ("2024", "2024")


@pytest.mark.parametrize("text, metric", [
    ("南河区：厂房\n南河区全力推进60万平方米标准厂房建设，为项目落位提供保障。", "标准厂房"),
    ("南河区：厂房\n南河区今年新建8.2万平方米厂房。", "厂房"),
])
def test_a_verb_before_a_quantity_is_no_label(rules, text, metric):
    (f,) = _figs(text, rules, [DISTRICT])
    assert (f.metric, f.unit) == (metric, "m2")


def test_five_year_plan_is_a_whole_period(rules):
    (f,) = _figs("南河区：谋划\n南河区谋划“十五五”重大项目287项。", rules, [DISTRICT], date="2026-01-13")
    assert (f.period, f.metric) == ("2026/2030", "“十五五”重大项目数")


def test_five_year_plan_in_a_title_is_not_every_figures_period(rules):
    title = "福山“十四五”时期首批重大项目集中开工"
    text = title + "\n近日，福山集中开工重大项目361个。"
    figs = _titled(text, title, rules, [("福山", "Region", "Province")], None)
    assert [f.period for f in figs] == [None]


def test_a_year_since_runs_to_the_articles_year(rules):
    (f,) = _figs("南河区：招商\n2017年以来，南河区累计到位资金645亿元。", rules, [DISTRICT], date="2022-11-04")
    assert (f.period, f.subject.text) == ("2017/2022", "南河区")


def test_district_is_counted_by_its_bare_name(rules):
    text = "对于吴江来说，转型是关键。昨日，在吴江区投资洽谈会上，签约项目95个。吴江开发区签约13个。吴江发展迅速。"
    spec = [("吴江区", "Region", "District"), ("吴江开发区", "Region", "DevelopmentZone")]
    doc = Document(id="t", path="t.txt", text=text, title=None, date=None)
    assert topic_region(doc, _mentions(text, spec), rules.topic).text == "吴江区"


def test_half_year_carries_across_a_full_stop(rules):
    text = "南河区：经济\n今年上半年，南河区工业投资42亿元，同比增长11.5%。装备制造增加值增长7.5%。"
    f1, f2, f3 = _figs(text, rules, [DISTRICT], date="2024-07-20")
    assert (f1.period, f2.period, f3.period) == ("2024-H1", "2024-H1", "2024-H1")


def test_so_far_after_a_half_year_carries_only_the_year(rules):
    text = "南河区：项目\n今年上半年，南河区新签约项目12个。目前，在建项目数同比增长17.5%。另有储备项目9个。"
    f1, f2, f3 = _figs(text, rules, [DISTRICT], date="2024-07-20")
    assert (f1.period, f2.period, f3.period) == ("2024-H1", "2024", "2024")


def test_five_year_plan_does_not_carry_across_a_full_stop(rules):
    text = "南河区：规划\n“十四五”期间，南河区计划引进项目80个。今年签约项目12个。新增企业30家。"
    f1, f2, f3 = _figs(text, rules, [DISTRICT], date="2024-07-20")
    assert (f1.period, f2.period, f3.period) == ("2021/2025", "2024", "2024")


# ---- events, enumerations, builders (issue 17 §2) ---------------------------------------------

def test_day_of_a_signing_gives_its_month_to_the_events_figures(rules):
    text = ("南河区：签约\n9月3日，南河区在月湖博览会签约仪式上签约了15个项目，签约金额达120亿元。\n"
            "南河区招商情况良好。\n此次签约的项目中，先进制造项目9个。")
    f1, f2, f3 = _figs(text, rules, [DISTRICT], date="2024-09-05")
    assert (f1.period, f2.period, f3.period) == ("2024-09", "2024-09", "2024-09")
    assert f3.subject.text == "南河区"


def test_a_year_named_after_the_day_is_the_events_period(rules):
    text = "南河区：开工\n11月6日，2024年南河区重大项目集中开工活动举行。\n本次集中开工项目共38个。"
    (f,) = _figs(text, rules, [DISTRICT], date="2024-11-07")
    assert f.period == "2024"


def test_the_day_a_reporter_learned_the_news_is_no_events_date(rules):
    text = "南河区：签约\n12月5日，记者从南河区投促局获悉，南河区签约项目9个。\n此次签约项目涵盖多个产业。"
    (f,) = _figs(text, rules, [DISTRICT], date="2024-12-06")
    assert f.period is None


def test_a_projects_own_figures_take_no_event_month(rules):
    text = "南河区：签约\n9月3日，南河区集中签约项目15个。\n当天签约的星光电子项目总投资8亿元。"
    f1, f2 = _figs(text, rules, [DISTRICT, PROJECT], date="2024-09-05")
    assert (f1.period, f2.subject.text, f2.period) == ("2024-09", "星光电子项目", None)


def test_since_an_event_that_is_no_date_gives_no_period(rules):
    text = "南河区：招商\n2023年初，南河区与北川区合并，两区合并以来，新签约项目96个。"
    (f,) = _figs(text, rules, [DISTRICT])
    assert f.period is None


def test_an_undated_article_takes_the_year_an_event_is_named_by(rules):
    text = "南河区：招商\n2024南河投资洽谈会在月湖举行。2019年以来，南河区累计引进项目320个。"
    (f,) = _figs(text, rules, [DISTRICT])
    assert f.period == "2019/2024"


def test_amounts_listed_with_their_projects_belong_to_them(rules):
    projects = [("星光电子项目", "Project", None), ("月湖物流项目", "Project", None), ("青松食品项目", "Project", None)]
    text = "南河区：签约\n今年南河区签约项目12个，其中：8亿元的星光电子项目、3亿元的月湖物流项目、1.5亿元的青松食品项目。"
    figs = _figs(text, rules, [DISTRICT, *projects], date="2024-05-06")
    assert [(f.text, f.subject.text, f.period) for f in figs] == [
        ("12个", "南河区", "2024"), ("8亿元", "星光电子项目", None), ("3亿元", "月湖物流项目", None),
        ("1.5亿元", "青松食品项目", None)]


def test_an_amount_belongs_to_the_project_it_builds(rules):
    text = "南河区：开工\n南河区投资30亿元启动建设月湖智造产业园，一期总投资12亿元。"
    f1, f2 = _figs(text, rules, [DISTRICT, ("月湖智造产业园", "Project", None)])
    assert (f1.subject.text, f2.subject.text) == ("月湖智造产业园", "月湖智造产业园")


def test_a_company_written_onto_a_project_is_its_owner_not_the_subject(rules):
    text = "南河区：开工\n在新材料领域，南河投资集团星光芯片项目动工，总投资15亿元，计划年产值25亿元。"
    f1, f2 = _figs(text, rules, [DISTRICT, ("南河投资集团", "Company", None), ("星光芯片项目", "Project", None)])
    assert (f1.subject.text, f2.subject.text) == ("星光芯片项目", "星光芯片项目")


def test_a_day_written_alone_is_in_the_articles_month_or_the_one_before(rules):
    text = "南河区：开工\n28日，星光电子等40个重点项目在南河区集中开工，总投资210亿元。"
    f1, f2 = _figs(text, rules, [DISTRICT], date="2024-03-05")
    assert (f1.period, f2.period) == ("2024-02", "2024-02")
    (g, _) = _figs(text.replace("28日", "3日"), rules, [DISTRICT], date="2024-03-05")
    assert g.period == "2024-03"


def test_a_day_written_alone_goes_with_the_year_its_sentence_names(rules):
    text = "南河区：签约\n2024年南河区重大项目签约活动4日举行，32个项目集中签约。\n本次签约项目中，外资项目5个。"
    f1, f2 = _figs(text, rules, [DISTRICT], date="2024-02-05")
    assert (f1.period, f2.period) == ("2024", "2024")


def test_a_month_written_after_its_year(rules):
    text = "南河区：开工\n16日，南河区2024年一月份重点项目开工。本次开工项目27个。"
    (f,) = _figs(text, rules, [DISTRICT], date="2024-01-17")
    assert f.period == "2024-01"


def test_a_batch_of_projects_own_figures_take_no_carried_period(rules):
    text = "南河区：签约\n今年南河区签约项目15个。该批项目总建筑面积约12万平方米，总投资约3.2亿元。"
    f1, f2, f3 = _figs(text, rules, [DISTRICT], date="2024-05-06")
    assert (f1.period, f2.period, f3.period) == ("2024", None, None)


def test_an_amount_listed_before_its_projects_name_is_its_attribute(rules):
    project = ("年产8万吨星光纸业项目", "Project", None)
    text = "南河区：签约\n其中，最大的是南河区政府签订的总投资5.5亿元、年产8万吨星光纸业项目。"
    figs = _figs(text, rules, [DISTRICT, project])
    assert [(f.text, f.subject.text) for f in figs] == [("5.5亿元", "年产8万吨星光纸业项目"),
                                                       ("8万吨", "年产8万吨星光纸业项目")]


def test_a_projects_figure_after_a_regions_takes_no_earlier_period(rules):
    text = "南河区：开工\n南河区今年开工项目30个，其中星光电子项目投资8亿元。"
    f1, f2 = _figs(text, rules, [DISTRICT, PROJECT], date="2024-05-06")
    assert (f1.subject.text, f1.period, f2.subject.text, f2.period) == ("南河区", "2024", "星光电子项目", None)


def test_an_investors_amount_goes_to_the_project_named_after_it(rules):
    text = "南河区：开工\n由星光集团总投资8亿元，拟建设于南河区的星光电子项目今日开工。"
    (f,) = _figs(text, rules, [DISTRICT, PROJECT, ("星光集团", "Company", None)])
    assert f.subject.text == "星光电子项目"


def test_a_region_written_onto_a_listed_member_is_not_the_counts_subject(rules):
    city = ("北川市", "Region", "City")
    text = "北川市：项目\n北川市今年计划开工项目300个。南河区星光材料研究中心等10亿元以上项目79个，同比增加62个。"
    f1, f2, f3 = _figs(text, rules, [city, DISTRICT], date="2024-02-11")
    assert (f1.subject.text, f2.subject.text, f3.subject.text) == ("北川市", "北川市", "北川市")


def test_a_region_with_its_own_verb_before_a_list_is_the_counts_subject(rules):
    city = ("北川市", "Region", "City")
    text = "福山：开工\n北川市有星光电子项目、月湖物流项目等81个项目开竣工，总投资约480亿元。"
    f1, f2 = _figs(text, rules, [("福山", "Region", "Province"), city, PROJECT, ("月湖物流项目", "Project", None)])
    assert (f1.subject.text, f2.subject.text) == ("北川市", "北川市")


def test_a_figure_of_a_lists_first_member_does_not_carry_on(rules):
    spec = [("福山省", "Region", "Province"), ("北川", "Region", "City"), ("东山", "Region", "City")]
    text = "福山省：开工\n近日，全省集中开工项目500个。北川、东山项目投资总额均超过千亿元，重大产业项目投资占比达68%。"
    figs = _figs(text, rules, spec)
    assert [(f.text, f.subject.text) for f in figs] == [("500个", "福山省"), ("千亿元", "北川"), ("68%", "福山省")]


def test_the_past_years_run_to_the_year_before_the_articles(rules):
    text = "福山省：工业\n过去的5年，是福山省工业投资最多的时期。全省5年累计建成工业项目8000个，工业投资年均增长21%。"
    f1, f2 = _figs(text, rules, [("福山省", "Region", "Province")], date="2016-08-20")
    assert (f1.period, f2.period) == ("2011/2015", "2011/2015")


def test_a_figure_with_no_period_before_it_takes_the_nearest_year_after_it(rules):
    text = "北川市：招商\n新签约亿元以上项目210个、百亿元以上项目3个，2023年招商圆满收官，为2024年开局奠定基础。"
    f1, f2 = _figs(text, rules, [("北川市", "Region", "City")], date=None)
    assert (f1.period, f2.period) == ("2023", "2023")


def test_a_capacity_in_a_projects_name_holds_for_no_period(rules):
    project = ("星光集团300万吨薄板工程", "Project", None)
    text = "福山省：工业\n2019年，福山省投资最大的工业项目——星光集团300万吨薄板工程建成。"
    (f,) = _figs(text, rules, [("福山省", "Region", "Province"), project])
    assert (f.subject.text, f.period) == ("星光集团300万吨薄板工程", None)


def test_a_count_closing_a_list_does_not_take_the_first_members_amount_subject(rules):
    spec = [("北川县", "Region", "District"), ("月湖小镇", "Project", None), ("星光物流中心", "Project", None)]
    text = "北川县：开工\n北川县集中开工项目16个。投资超30亿元的月湖小镇、星光物流中心等4个项目来自省外。"
    figs = _figs(text, rules, spec)
    assert [(f.text, f.subject.text) for f in figs] == [("16个", "北川县"), ("30亿元", "月湖小镇"), ("4个", "北川县")]


def test_a_lead_opening_with_a_wider_region_named_often_gives_it_the_figures(rules):
    spec = [("月山土家族苗族自治州", "Region", "City"), ("青溪县", "Region", "District")]
    text = ("湖东日报11月4日讯（记者 某某）11月3日，月山土家族苗族自治州在东海举行招商推介会，月山州各县参加。\n"
            "推介会期间，月山州累计签约项目22个，其中青溪县的一个项目总投资12亿元。\n月山州将继续招商。")
    figs = _figs(text, rules, spec)
    assert figs[0].subject.text == "月山土家族苗族自治州"


def test_a_lead_opening_with_a_province_holding_its_event_in_a_district_keeps_the_district(rules):
    spec = [("福山省", "Region", "Province"), ("南河区", "Region", "District")]
    text = ("福山：开工\n3月8日，福山省重大项目集中开工仪式在南河区举行。\n此次开工项目20个，总投资80亿元。"
            "南河区领导出席，南河区的招商势头良好。")
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["南河区", "南河区"]


def test_respectively_over_a_list_whose_items_are_not_all_entities(rules):
    spec = [("福山省", "Region", "Province"), ("装备制造", "Industry", None), ("新材料", "Industry", None)]
    text = "福山省：工业\n上半年，福山省工业增势较好，装备制造、高新技术、新材料增加值分别增长9.5%、8.2%、7.7%。"
    figs = _figs(text, rules, spec, date="2024-07-20")
    assert [(f.text, f.subject.text) for f in figs] == [("9.5%", "装备制造"), ("8.2%", "福山省"), ("7.7%", "新材料")]


def test_an_annual_plan_in_a_quarters_event_is_the_years(rules):
    text = "福山：开工\n4月18日，2024年二季度福山省重大项目集中开工活动举行。\n这次集中开工项目300个，年度计划投资280亿元。"
    f1, f2 = _figs(text, rules, [("福山省", "Region", "Province")], date="2024-04-19")
    assert (f1.period, f2.period) == ("2024-Q2", "2024")
