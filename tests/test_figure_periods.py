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
PROVINCE = ("福山省", "Region", "Province")


def _titled(text, title, rules, spec, date):
    doc = Document(id="t", path="t.txt", text=text, title=title, date=date)
    mentions = _mentions(text, spec)
    return extract_figures(doc, rules.seg.split_sentences(text), mentions, rules.figures,
                           topic_region(doc, mentions, rules.topic))


def _fields(fig, want):
    """The figure's fields that `want` names (`subject` as the subject's text)."""
    return {k: fig.subject.text if k == "subject" else getattr(fig, k) for k in want}


def case(id, text, spec, want, date=None, title=None):
    """One article (its text, the entities in it, its date and title) and what each figure it yields must
    say, in order: a dict a figure of the fields checked ({} where a figure is only counted)."""
    return pytest.param(text, spec, want, date, title, id=id)


FIGURES = [
    # ---- periods
    case("month-range-with-relative-year", "南河区：经济\n今年1至8月，南河区实现地区生产总值157亿元。", [DISTRICT],
         [dict(period="2024-01/2024-08", subject="南河区", metric="地区生产总值")], date="2024-09-10"),
    case("up-to-the-end-of-a-month-counts-from-january", "南河区：项目\n到4月底，南河区开工项目45个。", [DISTRICT],
         [dict(period="2024-01/2024-04", subject="南河区")], date="2024-05-06"),
    case("completion-date-is-no-period", "南河区：项目\n南河区新开工项目12个，计划2026年底前全部建成投产。", [DISTRICT],
         [dict(period=None, subject="南河区", metric="新开工项目数")]),
    case("year-followed-by-completion-verb-is-no-period", "南河区：项目\n南河区新开工项目12个，2026年三季度建成投产。",
         [DISTRICT], [dict(period=None)]),
    case("comparison-base-is-not-the-period", "南河区：招商\n今年南河区签约项目20个，较去年增长30%。", [DISTRICT],
         [dict(period="2024"), dict(period="2024", subject="南河区")], date="2024-09-10"),
    case("up-to-now-is-the-articles-year", "南河区：招商\n截至目前，南河区签约项目36个。", [DISTRICT],
         [dict(period="2024", metric="签约项目数")], date="2024-09-10"),
    case("only-the-year-carries-across-a-full-stop", "南河区：招商\n2023年上半年，南河区签约项目31个。全年新开工项目12个。",
         [DISTRICT], [dict(period="2023-H1"), dict(period="2023")]),
    case("a-projects-own-figures-take-no-period-from-the-sentence-after-them",
         "南河区：项目\n星光电子项目总投资20亿元，今年计划投资5亿元。", [DISTRICT, PROJECT],
         [dict(subject="星光电子项目", period=None, metric="总投资"), dict(subject="星光电子项目", period="2024")],
         date="2024-03-01"),
    case("a-projects-figures-take-no-period-from-the-paragraph", "南河区：项目\n今年南河区开工项目20个。星光电子项目总投资8亿元。",
         [DISTRICT, PROJECT], [dict(period="2024"), dict(subject="星光电子项目", period=None)], date="2024-03-01"),
    case("months-so-far-in-chinese-numerals", "南河区：经济\n今年前十一个月，南河区完成工业总产值44亿元。", [DISTRICT],
         [dict(period="2024-01/2024-11", metric="工业总产值")], date="2024-12-20"),
    case("figure-right-after-a-comparison-base-is-the-bases-value",
         "南河区：经济\n今年上半年，南河区地区生产总值在去年同期12.6%增速基础上增长17.4%。", [DISTRICT],
         [dict(text="12.6%", period="2023-H1"), dict(text="17.4%", period="2024-H1")], date="2024-08-01"),
    case("period-named-in-the-title-holds-for-the-article", "北川市一季度集中开工项目69个\n近日，北川市集中开工项目69个，总投资490亿元。",
         [("北川市", "Region", "City")],
         [dict(text="69个", period="2024-Q1"), dict(text="69个", period="2024-Q1"), dict(text="490亿元", period="2024-Q1")],
         date="2024-04-02", title="北川市一季度集中开工项目69个"),
    case("annual-plan-word-holds-only-in-its-clause", "南河区一季度开工项目\n近日，南河区开工项目395个，总投资2589亿元，年度计划投资457亿元。",
         [DISTRICT], [dict(text="395个", period="2024-Q1"), dict(text="2589亿元", period="2024-Q1"),
                      dict(text="457亿元", period="2024")], date="2024-03-20", title="南河区一季度开工项目"),
    case("whole-year-in-a-january-article-is-the-year-before", "南河区：回顾\n全年完成签约项目179个。", [DISTRICT],
         [dict(period="2019", metric="签约项目数")], date="2020-01-21"),
    case("whole-year-in-a-later-article-is-its-own-year", "南河区：回顾\n全年完成签约项目179个。", [DISTRICT],
         [dict(period="2020")], date="2020-07-21"),
    case("respectively-over-a-range-of-years", "南河区：经济\n2010年至2012年，南河区地区生产总值分别增长11.4%、12.7%和10.9%。",
         [DISTRICT], [dict(period="2010", subject="南河区"), dict(period="2011", subject="南河区"),
                      dict(period="2012", subject="南河区")]),
    case("news-agency-of-a-dateline-is-no-subject",
         "北川签约\n新华社北川2月5日电（记者某某）2024年北川市重大招商项目签约活动4日举行，61个重大项目集中签约。",
         [("新华社", "Organization", None), ("北川市", "Region", "City")],
         [dict(subject="北川市", period="2024", metric="重大项目数")], date="2024-02-05"),
    case("year-carried-from-the-paragraph-takes-the-titles-quarter",
         "福山一季度集中开竣工重大项目\n近日，福山举行2024年重大项目集中开竣工活动。东山市此次集中开竣工项目69个。",
         [("福山", "Region", "Province"), ("东山市", "Region", "City")], [dict(subject="东山市", period="2024-Q1")],
         date="2024-01-14", title="福山一季度集中开竣工重大项目"),
    case("year-so-far-keeps-no-titles-half-year", "南河区上半年招商成效明显\n截至目前，南河区签约项目300个。新开工项目28个。",
         [DISTRICT], [dict(period="2024"), dict(period="2024")], date="2024-10-30", title="南河区上半年招商成效明显"),
    case("five-year-plan-is-a-whole-period", "南河区：谋划\n南河区谋划“十五五”重大项目287项。", [DISTRICT],
         [dict(period="2026/2030", metric="“十五五”重大项目数")], date="2026-01-13"),
    case("five-year-plan-in-a-title-is-not-every-figures-period", "福山“十四五”时期首批重大项目集中开工\n近日，福山集中开工重大项目361个。",
         [("福山", "Region", "Province")], [dict(period=None)], title="福山“十四五”时期首批重大项目集中开工"),
    case("a-year-since-runs-to-the-articles-year", "南河区：招商\n2017年以来，南河区累计到位资金645亿元。", [DISTRICT],
         [dict(period="2017/2022", subject="南河区")], date="2022-11-04"),
    case("half-year-carries-across-a-full-stop", "南河区：经济\n今年上半年，南河区工业投资42亿元，同比增长11.5%。装备制造增加值增长7.5%。",
         [DISTRICT], [dict(period="2024-H1"), dict(period="2024-H1"), dict(period="2024-H1")], date="2024-07-20"),
    case("so-far-after-a-half-year-carries-only-the-year",
         "南河区：项目\n今年上半年，南河区新签约项目12个。目前，在建项目数同比增长17.5%。另有储备项目9个。", [DISTRICT],
         [dict(period="2024-H1"), dict(period="2024"), dict(period="2024")], date="2024-07-20"),
    case("five-year-plan-does-not-carry-across-a-full-stop",
         "南河区：规划\n“十四五”期间，南河区计划引进项目80个。今年签约项目12个。新增企业30家。", [DISTRICT],
         [dict(period="2021/2025"), dict(period="2024"), dict(period="2024")], date="2024-07-20"),
    # ---- subjects and labels
    case("province-level-article-reports-the-province",
         "福山省：集中开工\n近日，全省集中开工项目260个，总投资1463亿元。全省各地积极推进，锦河区开工仪式同步举行。",
         [PROVINCE, ("锦河区", "Region", "District")], [dict(subject="福山省"), dict(subject="福山省")]),
    case("city-inside-a-label-is-still-skipped", "南河区：企业\n南河区新增东山市科技小巨人企业24户。",
         [DISTRICT, ("东山市", "Region", "City")], [dict(subject="南河区")]),
    case("world-place-is-neither-topic-nor-subject", "东山市：外资\n新加坡企业在东山市签约项目3个。新加坡客商表示看好新加坡与东山市合作。",
         [("新加坡", "Region", None, "gazetteer"), ("东山市", "Region", "City")], [dict(subject="东山市")]),
    case("province-word-stands-for-the-province-named-before",
         "北川市：洽谈会\n福山省洽谈会在北川市举行。据了解，全省共有300多个重大合作项目签约。",
         [PROVINCE, ("北川市", "Region", "City")], [dict(subject="福山省", metric="重大合作项目数")]),
    case("respectively-over-industries", "福山省：工业\n全省装备制造、电子信息和新材料增加值分别增长9.5%、8.7%和6.1%。",
         [("装备制造", "Industry", None), ("电子信息", "Industry", None), ("新材料", "Industry", None), PROVINCE],
         [dict(subject="装备制造"), dict(subject="电子信息"), dict(subject="新材料")]),
    case("respectively-needs-as-many-entities-as-figures", "南河区：产业\n南河区项目的履约率、落地率和开工率分别为82%、32%和41%。",
         [DISTRICT], [dict(subject="南河区")] * 3),
    case("count-label-is-the-counted-phrase-after-the-classifier", "南河区：开工\n近日，南河区集中开工265个重大项目。", [DISTRICT],
         [dict(metric="重大项目数", subject="南河区")]),
    case("count-label-runs-to-its-head-noun-over-an-amount-range", "南河区：开工\n南河区16个亿元以上项目集中开工。", [DISTRICT],
         [dict(metric="亿元以上项目数")]),
    case("count-label-runs-to-its-head-noun", "南河区：签约\n南河区签订4个战略合作协议。", [DISTRICT],
         [dict(metric="战略合作协议数")]),
    case("title-naming-a-wider-region-than-the-articles-words",
         "福山：产业项目集中开竣工\n近日，全区集中开竣工项目28个，总投资455亿元。锦河区主会场设在锦河区工业园。",
         [("福山", "Region", "Province"), ("锦河区", "Region", "District")], [dict(subject="福山"), dict(subject="福山")]),
    case("a-verb-before-a-quantity-is-no-label", "南河区：厂房\n南河区全力推进60万平方米标准厂房建设，为项目落位提供保障。",
         [DISTRICT], [dict(metric="标准厂房", unit="m2")]),
    case("a-verb-before-a-bare-quantity-is-no-label", "南河区：厂房\n南河区今年新建8.2万平方米厂房。", [DISTRICT],
         [dict(metric="厂房", unit="m2")]),
    # ---- events, enumerations, builders (issue 17 §2)
    case("day-of-a-signing-gives-its-month-to-the-events-figures",
         "南河区：签约\n9月3日，南河区在月湖博览会签约仪式上签约了15个项目，签约金额达120亿元。\n"
         "南河区招商情况良好。\n此次签约的项目中，先进制造项目9个。", [DISTRICT],
         [dict(period="2024-09"), dict(period="2024-09"), dict(period="2024-09", subject="南河区")], date="2024-09-05"),
    case("a-year-named-after-the-day-is-the-events-period",
         "南河区：开工\n11月6日，2024年南河区重大项目集中开工活动举行。\n本次集中开工项目共38个。", [DISTRICT],
         [dict(period="2024")], date="2024-11-07"),
    case("the-day-a-reporter-learned-the-news-is-no-events-date",
         "南河区：签约\n12月5日，记者从南河区投促局获悉，南河区签约项目9个。\n此次签约项目涵盖多个产业。", [DISTRICT],
         [dict(period=None)], date="2024-12-06"),
    case("a-projects-own-figures-take-no-event-month", "南河区：签约\n9月3日，南河区集中签约项目15个。\n当天签约的星光电子项目总投资8亿元。",
         [DISTRICT, PROJECT], [dict(period="2024-09"), dict(subject="星光电子项目", period=None)], date="2024-09-05"),
    case("since-an-event-that-is-no-date-gives-no-period", "南河区：招商\n2023年初，南河区与北川区合并，两区合并以来，新签约项目96个。",
         [DISTRICT], [dict(period=None)]),
    case("an-undated-article-takes-the-year-an-event-is-named-by",
         "南河区：招商\n2024南河投资洽谈会在月湖举行。2019年以来，南河区累计引进项目320个。", [DISTRICT],
         [dict(period="2019/2024")]),
    case("amounts-listed-with-their-projects-belong-to-them",
         "南河区：签约\n今年南河区签约项目12个，其中：8亿元的星光电子项目、3亿元的月湖物流项目、1.5亿元的青松食品项目。",
         [DISTRICT, ("星光电子项目", "Project", None), ("月湖物流项目", "Project", None), ("青松食品项目", "Project", None)],
         [dict(text="12个", subject="南河区", period="2024"), dict(text="8亿元", subject="星光电子项目", period=None),
          dict(text="3亿元", subject="月湖物流项目", period=None), dict(text="1.5亿元", subject="青松食品项目", period=None)],
         date="2024-05-06"),
    case("an-amount-belongs-to-the-project-it-builds", "南河区：开工\n南河区投资30亿元启动建设月湖智造产业园，一期总投资12亿元。",
         [DISTRICT, ("月湖智造产业园", "Project", None)], [dict(subject="月湖智造产业园"), dict(subject="月湖智造产业园")]),
    case("a-company-written-onto-a-project-is-its-owner-not-the-subject",
         "南河区：开工\n在新材料领域，南河投资集团星光芯片项目动工，总投资15亿元，计划年产值25亿元。",
         [DISTRICT, ("南河投资集团", "Company", None), ("星光芯片项目", "Project", None)],
         [dict(subject="星光芯片项目"), dict(subject="星光芯片项目")]),
    case("a-day-written-alone-is-in-the-month-before-when-it-is-later-than-the-articles-day",
         "南河区：开工\n28日，星光电子等40个重点项目在南河区集中开工，总投资210亿元。", [DISTRICT],
         [dict(period="2024-02"), dict(period="2024-02")], date="2024-03-05"),
    case("a-day-written-alone-is-in-the-articles-month",
         "南河区：开工\n3日，星光电子等40个重点项目在南河区集中开工，总投资210亿元。", [DISTRICT],
         [dict(period="2024-03"), {}], date="2024-03-05"),
    case("a-day-written-alone-goes-with-the-year-its-sentence-names",
         "南河区：签约\n2024年南河区重大项目签约活动4日举行，32个项目集中签约。\n本次签约项目中，外资项目5个。", [DISTRICT],
         [dict(period="2024"), dict(period="2024")], date="2024-02-05"),
    case("a-month-written-after-its-year", "南河区：开工\n16日，南河区2024年一月份重点项目开工。本次开工项目27个。", [DISTRICT],
         [dict(period="2024-01")], date="2024-01-17"),
    case("a-batch-of-projects-own-figures-take-no-carried-period",
         "南河区：签约\n今年南河区签约项目15个。该批项目总建筑面积约12万平方米，总投资约3.2亿元。", [DISTRICT],
         [dict(period="2024"), dict(period=None), dict(period=None)], date="2024-05-06"),
    case("an-amount-listed-before-its-projects-name-is-its-attribute",
         "南河区：签约\n其中，最大的是南河区政府签订的总投资5.5亿元、年产8万吨星光纸业项目。",
         [DISTRICT, ("年产8万吨星光纸业项目", "Project", None)],
         [dict(text="5.5亿元", subject="年产8万吨星光纸业项目"), dict(text="8万吨", subject="年产8万吨星光纸业项目")]),
    case("a-projects-figure-after-a-regions-takes-no-earlier-period", "南河区：开工\n南河区今年开工项目30个，其中星光电子项目投资8亿元。",
         [DISTRICT, PROJECT], [dict(subject="南河区", period="2024"), dict(subject="星光电子项目", period=None)],
         date="2024-05-06"),
    case("an-investors-amount-goes-to-the-project-named-after-it",
         "南河区：开工\n由星光集团总投资8亿元，拟建设于南河区的星光电子项目今日开工。",
         [DISTRICT, PROJECT, ("星光集团", "Company", None)], [dict(subject="星光电子项目")]),
    case("a-region-written-onto-a-listed-member-is-not-the-counts-subject",
         "北川市：项目\n北川市今年计划开工项目300个。南河区星光材料研究中心等10亿元以上项目79个，同比增加62个。",
         [("北川市", "Region", "City"), DISTRICT], [dict(subject="北川市")] * 3, date="2024-02-11"),
    case("a-region-with-its-own-verb-before-a-list-is-the-counts-subject",
         "福山：开工\n北川市有星光电子项目、月湖物流项目等81个项目开竣工，总投资约480亿元。",
         [("福山", "Region", "Province"), ("北川市", "Region", "City"), PROJECT, ("月湖物流项目", "Project", None)],
         [dict(subject="北川市"), dict(subject="北川市")]),
    case("a-figure-of-a-lists-first-member-does-not-carry-on",
         "福山省：开工\n近日，全省集中开工项目500个。北川、东山项目投资总额均超过千亿元，重大产业项目投资占比达68%。",
         [PROVINCE, ("北川", "Region", "City"), ("东山", "Region", "City")],
         [dict(text="500个", subject="福山省"), dict(text="千亿元", subject="北川"), dict(text="68%", subject="福山省")]),
    case("the-past-years-run-to-the-year-before-the-articles",
         "福山省：工业\n过去的5年，是福山省工业投资最多的时期。全省5年累计建成工业项目8000个，工业投资年均增长21%。",
         [PROVINCE], [dict(period="2011/2015"), dict(period="2011/2015")], date="2016-08-20"),
    case("a-figure-with-no-period-before-it-takes-the-nearest-year-after-it",
         "北川市：招商\n新签约亿元以上项目210个、百亿元以上项目3个，2023年招商圆满收官，为2024年开局奠定基础。",
         [("北川市", "Region", "City")], [dict(period="2023"), dict(period="2023")]),
    case("a-capacity-in-a-projects-name-holds-for-no-period",
         "福山省：工业\n2016年，福山省头号制造业项目——星光集团80万吨板材工程投产。",
         [PROVINCE, ("星光集团80万吨板材工程", "Project", None)], [dict(subject="星光集团80万吨板材工程", period=None)]),
    case("a-count-closing-a-list-does-not-take-the-first-members-amount-subject",
         "北川县：开工\n北川县集中开工项目16个。投资超30亿元的月湖小镇、星光物流中心等4个项目来自省外。",
         [("北川县", "Region", "District"), ("月湖小镇", "Project", None), ("星光物流中心", "Project", None)],
         [dict(text="16个", subject="北川县"), dict(text="30亿元", subject="月湖小镇"), dict(text="4个", subject="北川县")]),
    case("a-lead-opening-with-a-province-holding-its-event-in-a-district-keeps-the-district",
         "福山：开工\n3月8日，福山省重大项目集中开工仪式在南河区举行。\n此次开工项目20个，总投资80亿元。"
         "南河区领导出席，南河区的招商势头良好。",
         [PROVINCE, ("南河区", "Region", "District")], [dict(subject="南河区"), dict(subject="南河区")]),
    case("respectively-over-a-list-whose-items-are-not-all-entities",
         "福山省：工业\n上半年，福山省工业增势较好，装备制造、高新技术、新材料增加值分别增长9.5%、8.2%、7.7%。",
         [PROVINCE, ("装备制造", "Industry", None), ("新材料", "Industry", None)],
         [dict(text="9.5%", subject="装备制造"), dict(text="8.2%", subject="福山省"), dict(text="7.7%", subject="新材料")],
         date="2024-07-20"),
    case("an-annual-plan-in-a-quarters-event-is-the-years",
         "福山：开工\n4月18日，2024年二季度福山省重大项目集中开工活动举行。\n这次集中开工项目300个，年度计划投资280亿元。",
         [PROVINCE], [dict(period="2024-Q2"), dict(period="2024")], date="2024-04-19"),
]


@pytest.mark.parametrize("text, spec, want, date, title", FIGURES)
def test_figures_period_subject_and_label(rules, text, spec, want, date, title):
    figs = _titled(text, title, rules, spec, date)
    assert len(figs) == len(want), [f.text for f in figs]
    assert [_fields(f, w) for f, w in zip(figs, want)] == want


# Articles where only some figures are checked: the figure's text -> its subject.
@pytest.mark.parametrize("text, spec, subjects", [
    pytest.param("北川市：重大项目集中签约\n近日，签约项目20个，总投资80亿元。锦河区承接其中3个。",
                 [("北川市", "Region", "City"), ("锦河区", "Region", "District")],
                 {"20个": "北川市", "80亿元": "北川市"}, id="region-named-in-the-head-is-the-topic"),
    pytest.param("南河区：开工\n南河区开工项目10个。东山市此次集中开竣工项目69个，总投资490亿元。",
                 [DISTRICT, ("东山市", "Region", "City")],
                 {"10个": "南河区", "69个": "东山市", "490亿元": "东山市"}, id="city-opening-its-clause-is-the-subject"),
    pytest.param("南河区：产业\n南河区、北山区和东湖区的项目落地率均超过30%，分别为51%、40%和39%。",
                 [DISTRICT, ("北山区", "Region", "District"), ("东湖区", "Region", "District")],
                 {"51%": "南河区", "40%": "北山区", "39%": "东湖区"},
                 id="respectively-gives-each-listed-entity-its-own-figure"),
    pytest.param("福山省：开工\n全省集中开工项目649个。东山市有星光电子项目等81个项目开竣工，总投资约480亿元。其中新开工44项，竣工37项。",
                 [PROVINCE, ("东山市", "Region", "City"), PROJECT],
                 {"81个": "东山市", "44项": "东山市", "37项": "东山市"},
                 id="sentence-opening-with-among-them-keeps-the-previous-subject"),
    pytest.param("北川市：项目\n北川市今年开工项目300个。南河区北川材料研究中心等10亿元以上项目79个。",
                 [("北川市", "Region", "City"), DISTRICT, ("北川材料研究中心", "Organization", None)],
                 {"79个": "北川市"}, id="region-written-onto-a-name-is-part-of-it"),
])
def test_figures_subject_by_their_text(rules, text, spec, subjects):
    figs = _by_text(_figs(text, rules, spec))
    assert {t: figs[t].subject.text for t in subjects} == subjects


@pytest.mark.parametrize("text, spec, topic", [
    pytest.param("来自美国的客商齐聚海门。本届洽谈会，海门市共签约项目130个。海门开放合作，海门发展迅速，浦东企业、浦东客商参与。",
                 [("海门市", "Region", "District"), ("浦东", "Region", "DevelopmentZone"),
                  ("美国", "Region", None, "gazetteer")], "海门市",
                 id="county-level-city-is-counted-by-its-bare-name"),
    pytest.param("对于吴江来说，转型是关键。昨日，在吴江区投资洽谈会上，签约项目95个。吴江开发区签约13个。吴江发展迅速。",
                 [("吴江区", "Region", "District"), ("吴江开发区", "Region", "DevelopmentZone")], "吴江区",
                 id="district-is-counted-by-its-bare-name"),
])
def test_article_topic_region(rules, text, spec, topic):
    doc = Document(id="t", path="t.txt", text=text, title=None, date=None)
    assert topic_region(doc, _mentions(text, spec), rules.topic).text == topic


def test_province_written_before_its_city_only_qualifies_it(rules):
    text = "福山北川：重大项目集中签约\n近日，福山北川签约项目61个。福山各地踊跃参与，福山全力支持。"
    spec = [("福山", "Region", "Province"), ("北川", "Region", "City")]
    doc = Document(id="t", path="t.txt", text=text, title=None, date=None)
    mentions = _mentions(text, spec)
    assert topic_region(doc, mentions, rules.topic).text == "北川"
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "北川"


def test_a_lead_opening_with_a_wider_region_named_often_gives_it_the_figures(rules):
    spec = [("月山土家族苗族自治州", "Region", "City"), ("青溪县", "Region", "District")]
    text = ("湖东日报6月10日讯（记者 某某）6月9日，月山土家族苗族自治州在东海举办投资洽谈会，月山州各县参加。\n"
            "洽谈会期间，月山州累计签约项目22个，其中青溪县的一个项目总投资12亿元。\n月山州将继续招商。")
    figs = _figs(text, rules, spec)
    assert figs[0].subject.text == "月山土家族苗族自治州"
