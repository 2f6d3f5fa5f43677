"""Figure extraction on invented sentences: values, units, offsets, metric, period, subject, exclusions."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.entities import lexicon_words
from kg.extract.figures import Clauses, compile_figures, extract_figures, find_quantities
from kg.extract.topic import compile_topic, sentence_topic, topic_region
from kg.model import UNITS, Document, Mention
from kg.pipeline import load_rules
from kg.rules import RuleError
from kg.segment import Segmenter


@pytest.fixture(scope="module")
def pack():
    return load_rules()


@pytest.fixture(scope="module")
def seg(pack):
    """The bundled pack's tokenizer, with the entity lexicon's words as the pipeline builds it."""
    return Segmenter(pack, lexicon_words(pack))


@pytest.fixture(scope="module")
def rules(pack, seg):
    """What a figure test needs: the compiled figure and topic rules and the segmenter."""
    return SimpleNamespace(figures=compile_figures(pack, seg), topic=compile_topic(pack), seg=seg)


@pytest.fixture(scope="module")
def topic_rules(pack):
    return compile_topic(pack)


def _doc(text: str, title: str | None = None, date: str | None = None) -> Document:
    return Document(id="t", path="t.txt", text=text, title=title, date=date)


def _mentions(text: str, spec: list[tuple[str, str, str | None]]) -> list[Mention]:
    """Mentions at every occurrence of each (surface, type, subtype)."""
    out = []
    for surface, type_, subtype in spec:
        i = text.find(surface)
        while i >= 0:
            out.append(Mention("t", i, i + len(surface), surface, type_, name=surface, subtype=subtype))
            i = text.find(surface, i + 1)
    return out


def _figs(text, rules, spec=(), **doc_kw):
    doc = _doc(text, **doc_kw)
    mentions = _mentions(text, list(spec))
    figs = extract_figures(doc, rules.seg.split_sentences(text), mentions, rules.figures,
                           topic_region(doc, mentions, rules.topic))
    for f in figs:
        assert text[f.start:f.end] == f.text
        assert f.sentence_start <= f.start < f.end <= f.sentence_end
    return figs


def _pairs(text, rules):
    return [(q.value, q.unit) for q in find_quantities(text, rules.figures)]


@pytest.mark.parametrize("text, value, unit, written", [
    ("项目总投资13亿元。", 1_300_000_000, "CNY", "13亿元"),
    ("税收预计可实现0.6031亿元。", 60_310_000, "CNY", "0.6031亿元"),
    ("一期项目总投资9248.78万元。", 92_487_800, "CNY", "9248.78万元"),
    ("争取省预算内资金300多万元。", 3_000_000, "CNY", "300多万元"),
    ("全年产值百亿元以上。", 10_000_000_000, "CNY", "百亿元"),
    ("占地16.6万平方米。", 166_000, "m2", "16.6万平方米"),
    ("流转土地1200亩。", 800_004, "m2", "1200亩"),
    ("规划面积3.5平方公里。", 3_500_000, "m2", "3.5平方公里"),
    ("新建道路8.5公里。", 8.5, "km", "8.5公里"),
    ("管网延伸5千米。", 5, "km", "5千米"),
    ("粮食产量120亿斤。", 6_000_000, "t", "120亿斤"),
    ("年产5000吨。", 5000, "t", "5000吨"),
    ("吞吐量达30万标箱。", 300_000, "TEU", "30万标箱"),
    ("同比增长14.9%。", 14.9, "percent", "14.9%"),
    ("比重提高2.5个百分点。", 2.5, "percent", "2.5个百分点"),
    ("覆盖率达到百分之九十五。", 95, "percent", "百分之九十五"),
    ("入住率达95%以上。", 95, "percent", "95%"),
    ("累计办理业务超过20万件。", 200_000, "count", "20万件"),
    ("引进人才7000余人。", 7000, "count", "7000余人"),
    ("新增市场主体１２３户。", 123, "count", "１２３户"),
    ("新增企业1,234家。", 1234, "count", "1,234家"),
    ("发放补助两千余户。", 2000, "count", "两千余户"),
    ("申报专项债券3批次。", 3, "count", "3批次"),
])
def test_quantities(rules, text, value, unit, written):
    figs = _figs(text, rules)
    assert [(f.value, f.unit, f.text) for f in figs] == [(value, unit, written)]


@pytest.mark.parametrize("text", [
    "2019年，经济运行稳中有进。",                   # years and dates
    "会议于2021-09-10召开，电话0431-88888888。",     # dates, phone numbers
    "京ICP备2021034106号-51",                        # ICP numbers
    "连续7年获评标兵单位，利用两个月时间，只用了30分钟。",  # durations
    "连续5个月排名前三，营商环境排名第16位。",          # durations, ranks
    "产业发展水平全省第一，第3批次项目开工。",          # ordinals
    "计划建设5000万元以上项目。",                    # category thresholds
    "其中5亿元至10亿元项目较多。",                    # category ranges
    "引进10亿元以上大项目。",
    "围绕千亿元级产业集群。",
    "平均地价每平方米800元/平方米，租金30万元/亩。",    # prices per unit
    "打造一流营商环境，全国唯一一家，三大支柱产业，四个服务。",  # Chinese words that hold numerals
    "千家万户受益，百家争鸣。",
    "投资2.5亿美元。",                                # foreign money
    "新增装机规模100万千瓦，总投资额度120万立方米。",     # units outside the contract
    "阅读 1234次 评论 5条 浏览次数：888次",             # web page counters
    "年营业收入2000万元（含）以上的企业。",
    "二〇二三年，三一重工来了。",                       # digit-by-digit numerals
])
def test_not_figures(rules, text):
    assert _figs(text, rules) == []


def test_bare_amount_with_money_cue(rules):
    (f,) = _figs("签约项目总投资20亿！", rules)
    assert (f.value, f.unit, f.text, f.metric) == (2_000_000_000, "CNY", "20亿", "总投资")


def test_category_with_de_is_a_threshold_but_its_count_is_a_figure(rules):
    figs = _figs("总投资超1亿元的项目有15个。", rules)
    assert [(f.value, f.unit) for f in figs] == [(15, "count")]


def test_named_project_after_de_keeps_its_investment(rules):
    figs = _figs("总投资5亿元的智能制造产业园项目开工。", rules)
    assert [(f.value, f.unit) for f in figs] == [(500_000_000, "CNY")]


def test_bare_number_without_cue_is_not_money(rules):
    assert _figs("全区常住人口80万。", rules) == []


def test_number_cut_off_by_a_caption_takes_its_unit_from_a_later_line(rules):
    text = "项目总投资1234.5\n\n某某广场夜景。\n\n万元，占地面积2万平方米。"
    figs = _figs(text, rules)
    assert [(f.value, f.unit, f.text) for f in figs] == [(12_345_000, "CNY", "1234.5"), (20_000, "m2", "2万平方米")]


def test_offsets_and_metric(rules):
    text = "去年，某某区地区生产总值完成441.2亿元，固定资产投资同比增长7.5%。"
    f1, f2 = _figs(text, rules, date="2022-03-01")
    assert (f1.start, f1.end, f1.metric, f1.period) == (text.index("441.2"), text.index("，固定"), "地区生产总值", "2021")
    assert (f2.value, f2.unit, f2.metric) == (7.5, "percent", "固定资产投资同比增长")


def test_period_half_year_and_explicit_year(rules):
    text = "2023年上半年，新签约项目31个。今年一季度，引进人才20人。"
    f1, f2 = _figs(text, rules, date="2024-05-01")
    assert f1.period == "2023-H1"
    assert f2.period == "2024-Q1"


def test_count_metric_names_the_counted_noun(rules):
    (f,) = _figs("完成140条道路的维护。", rules)
    assert f.metric == "道路数"


# ---- subjects ------------------------------------------------------------------------------

def test_subject_is_nearest_entity_in_clause(rules):
    text = "新河经开区：开放\n综保区业务额突破100亿元，增长31%。"
    spec = [("新河经开区", "Region", "DevelopmentZone"), ("综保区", "Region", "DevelopmentZone")]
    f1, f2 = _figs(text, rules, spec)
    assert f1.subject.text == "综保区"
    assert f2.subject.text == "综保区"            # the next clause lists more figures of the same thing


def test_subject_after_de(rules):
    text = "像是总投资13亿元、占地16.6万平方米的南湖材料研究院园区项目，计划明年交付。"
    spec = [("南湖材料研究院园区项目", "Project", None)]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["南湖材料研究院园区项目"] * 2


def test_subject_falls_back_to_topic_region(rules):
    text = "青山区：项目建设提速\n全年完成签约项目179个，增长38%。"
    spec = [("青山区", "Region", "District")]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["青山区", "青山区"]


def test_listed_companies_are_members_not_subjects(rules):
    text = "青山区：稳增长\n指导甲乙科技、丙丁电气等33户企业申报，华东汽车等2户企业入选。"
    spec = [("青山区", "Region", "District"), ("甲乙科技", "Company", None), ("丙丁电气", "Company", None),
            ("华东汽车", "Company", None)]
    figs = _figs(text, rules, spec)
    assert [(f.value, f.subject.text) for f in figs] == [(33, "青山区"), (2, "青山区")]


def test_figure_inside_a_project_name(rules):
    text = "位于开发区的中研年产8000吨新材料三期项目正在建设。"
    spec = [("中研年产8000吨新材料三期项目", "Project", None)]
    (f,) = _figs(text, rules, spec)
    assert (f.value, f.unit, f.subject.text) == (8000, "t", "中研年产8000吨新材料三期项目")


def test_policy_closing_the_previous_clause(rules):
    text = "青山区：服务企业\n深入推进“千人助企”行动，收集企业反映问题535件，解决率90%。"
    spec = [("青山区", "Region", "District"), ("“千人助企”行动", "Policy", None)]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["“千人助企”行动"] * 2


def test_policy_used_as_modifier_is_not_a_subject(rules):
    text = "青山区：招商\n开展“请进来”考察对接153次。"
    spec = [("青山区", "Region", "District"), ("“请进来”", "Policy", None)]
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "青山区"


def test_paragraph_headed_by_a_policy(rules):
    text = "青山区：信用\n集中开展信用修复专项行动。截至目前，已有43家企业完成修复，占应完成企业的64%。"
    spec = [("青山区", "Region", "District"), ("信用修复专项行动", "Policy", None)]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["信用修复专项行动"] * 2


def test_province_is_not_the_subject(rules):
    text = "青山区：创新\n新增吉林省科技小巨人企业24户。"
    spec = [("青山区", "Region", "District"), ("吉林省", "Region", "Province")]
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "青山区"


# ---- topic region --------------------------------------------------------------------------

def test_topic_region_prefers_the_title(topic_rules):
    text = "看东江\n东江市南河区持续优化营商环境\n北山区也有项目。北山区很好。北山区不错。南河区加油。"
    ms = _mentions(text, [("东江", "Region", "City"), ("南河区", "Region", "District"),
                          ("北山区", "Region", "District")])
    assert topic_region(_doc(text), ms, topic_rules).key == "南河区"


def test_topic_region_by_frequency_without_title(topic_rules):
    text = "正文开始。" * 40 + "北山区很好。北山区不错。南河区加油。"
    ms = _mentions(text, [("南河区", "Region", "District"), ("北山区", "Region", "District")])
    assert topic_region(_doc(text), ms, topic_rules).key == "北山区"
    assert topic_region(_doc(text), [], topic_rules) is None


def test_article_level_cues_come_from_the_topic_rules(tmp_path, seg):
    # an article about 全市 has its city as the topic region; a user pack can add such words
    text = "东江市南河区召开推进会。推进会上，签约项目12个。"
    ms = _mentions(text, [("东江市", "Region", "City"), ("东江市南河区", "Region", "District")])
    assert topic_region(_doc(text), ms, compile_topic(load_rules())).key == "东江市南河区"
    extra = tmp_path / "extra.yaml"
    extra.write_text("topic:\n  level_cues:\n    City: [推进会, 签约]\n", encoding="utf-8")
    assert topic_region(_doc(text), ms, compile_topic(load_rules([extra]))).key == "东江市"


# ---- rule pack -----------------------------------------------------------------------------

def test_user_rule_pack_adds_a_unit(tmp_path, seg):
    pack = tmp_path / "extra.yaml"
    pack.write_text("figures:\n  units:\n    英亩: [m2, 4046.86]\n", encoding="utf-8")
    rules = SimpleNamespace(figures=compile_figures(load_rules([pack]), seg))
    assert _pairs("农场10英亩。", rules) == [(40468.6, "m2")]


def test_bad_unit_spec_is_a_rule_error(tmp_path, seg):
    pack = tmp_path / "bad.yaml"
    pack.write_text("figures:\n  units:\n    立方米: [m3, 1]\n", encoding="utf-8")
    with pytest.raises(RuleError, match="figures.units"):
        compile_figures(load_rules([pack]), seg)


def test_sentence_topic_skips_short_openers(topic_rules):
    text = "据了解，今年，南河区计划建设项目170个。全区新增企业20户，南河区很好。"
    ms = _mentions(text, [("南河区", "Region", "District")])
    first_end = text.index("。") + 1
    assert sentence_topic(_doc(text), 0, first_end, ms, topic_rules).text == "南河区"
    assert sentence_topic(_doc(text), first_end, len(text), ms, topic_rules) is None


def test_clause_after_a_cut_off_number_keeps_its_subject(rules):
    text = "北湖配套工程项目总投资1234.5\n\n某某广场夜景。\n\n万元，占地面积2万平方米。"
    spec = [("北湖配套工程项目", "Project", None)]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["北湖配套工程项目"] * 2


def test_policy_opening_a_clause_is_a_subject(rules):
    text = "青山区：改革\n“青山速办”改革深入推进，企业开办时间压缩至0.5个工作日，累计为1200余家企业提供帮办服务。"
    spec = [("青山区", "Region", "District"), ("“青山速办”改革", "Policy", None)]
    (f,) = _figs(text, rules, spec)
    assert (f.value, f.subject.text) == (1200, "“青山速办”改革")


def test_anaphor_points_back_to_the_last_project(rules):
    text = ("青山区：项目\n在青山区，北湖新材料产业园项目正在建设。该项目由甲乙集团投资建设，总投资约60亿元，"
            "占地约45万平方米。项目建成后，年产值可达100亿元。")
    spec = [("青山区", "Region", "District"), ("北湖新材料产业园项目", "Project", None),
            ("甲乙集团", "Company", None)]
    figs = _figs(text, rules, spec)
    assert [(f.value, f.subject.text) for f in figs] == [
        (6_000_000_000, "北湖新材料产业园项目"), (450_000, "北湖新材料产业园项目"),
        (10_000_000_000, "北湖新材料产业园项目")]


def test_region_opening_the_clause_is_the_actor(rules):
    text = "青山区：招商\n青山区开展“项目攻坚年”行动，全年签约亿元以上项目28个，签约总额达415亿元。"
    spec = [("青山区", "Region", "District"), ("“项目攻坚年”行动", "Policy", None)]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["青山区", "青山区"]


def test_project_after_a_relative_clause_is_not_overruled(rules):
    text = "南河区：创新\n北山区与某大学共同建设的科创走廊项目，改造沿线街区2.6公里，已引入科技型企业65家。"
    spec = [("南河区", "Region", "District"), ("北山区", "Region", "District"), ("科创走廊项目", "Project", None)]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["科创走廊项目", "科创走廊项目"]


def test_region_figures_carry_over_a_semicolon(rules):
    text = "南河区：开放\n前三季度，北山综保区完成进出口额86.4亿元，同比增长17.3%；跨境电商包裹量达到420万件。"
    spec = [("南河区", "Region", "District"), ("北山综保区", "Region", "DevelopmentZone")]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["北山综保区"] * 3


def test_vague_amounts_are_not_figures(rules):
    assert _figs("星座已有数十颗卫星在轨运行，几百家企业入驻。", rules) == []


_SOUP = "零一二两三五十百千万亿点0123456789.,%％元亩吨个户家项以上第每/年月日，。；、的总投资增长区项目该\n "


@given(text=st.text(alphabet=_SOUP, max_size=40))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_extraction_never_raises_and_offsets_hold(rules, text):
    spec = [("青山区", "Region", "District")]
    for f in _figs("青山区\n" + text, rules, spec):
        assert f.unit in UNITS and f.value > 0


def test_paragraph_opening_with_a_district_reports_its_figures(rules):
    text = "南河区：两区发展\n南河区加快发展。南河区很好。\n北山区位于城市东部。全年新增企业120户，增长8%。"
    spec = [("南河区", "Region", "District"), ("北山区", "Region", "District")]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["北山区", "北山区"]


# ---- round 2: attachment rules that generalise ---------------------------------------------

def test_topic_region_counts_short_forms_in_the_text(topic_rules):
    # entity mentions caught the district only once (full name); the text keeps using its short form
    text = ("首页 | 新闻\n北湖区上半年签约项目20个\n今年以来，东江市北湖区加快发展。同日，某某项目在东江北湖经济开发区开工。"
            "北湖区出台政策。北湖区很好。")
    ms = _mentions(text, [("东江市", "Region", "City"), ("东江市北湖区", "Region", "District"),
                          ("东江北湖经济开发区", "Region", "DevelopmentZone")])
    assert topic_region(_doc(text), ms, topic_rules).key == "东江市北湖区"


def test_count_inside_a_project_name_is_its_capacity(rules):
    text = "南河区：项目\n甲乙机械公司年产3000台精密机床项目开工。"
    spec = [("南河区", "Region", "District"), ("甲乙机械公司年产3000台精密机床项目", "Project", None)]
    (f,) = _figs(text, rules, spec)
    assert (f.value, f.subject.text) == (3000, "甲乙机械公司年产3000台精密机床项目")


def test_clause_opening_project_anaphor_skips_a_project_named_as_place(rules):
    text = "南河区：项目\n丙丁光电芯片项目在北湖科技城开工，项目总投资40亿元，占地300亩。"
    spec = [("南河区", "Region", "District"), ("丙丁光电芯片项目", "Project", None), ("北湖科技城", "Project", None)]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["丙丁光电芯片项目"] * 2


def test_project_located_in_a_park_keeps_its_figures(rules):
    text = "南河区：项目\n同期开工的还有甲乙精密部件项目。项目位于南河航空产业园，占地80亩，总投资12亿元。"
    spec = [("南河区", "Region", "District"), ("甲乙精密部件项目", "Project", None), ("南河航空产业园", "Project", None)]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["甲乙精密部件项目"] * 2


def test_issued_document_is_the_subject_of_later_clauses(rules):
    text = "南河区：政策\n南河区今年出台了《南河区支持总部经济发展若干措施》，对新落户的总部最高给予3000万元奖励。"
    spec = [("南河区", "Region", "District"), ("《南河区支持总部经济发展若干措施》", "Policy", None)]
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "《南河区支持总部经济发展若干措施》"


def test_campaign_is_the_subject_across_a_time_clause(rules):
    text = "南河区：服务\n南河区持续开展“干部进企业”服务行动，截至6月底，累计走访企业2300余家次，办结率达96.8%。"
    spec = [("南河区", "Region", "District"), ("“干部进企业”服务行动", "Policy", None)]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["“干部进企业”服务行动"] * 2


def test_speaker_is_not_the_subject(rules):
    text = "南河区：展望\n南河区管委会主任表示，明年将确保地区生产总值增长10%左右。"
    spec = [("南河区", "Region", "District"), ("南河区管委会", "Organization", None)]
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "南河区"


def test_numbers_inside_a_policy_name_are_not_figures(rules):
    text = "南河区：人才\n深入实施“北湖3551人才计划”，新引进人才团队120个。"
    spec = [("南河区", "Region", "District"), ("“北湖3551人才计划”", "Policy", None)]
    (f,) = _figs(text, rules, spec)
    assert (f.value, f.subject.text) == (120, "“北湖3551人才计划”")


def test_listed_companies_before_a_clause_break_are_members(rules):
    text = "南河区：物流\n甲冷链、乙冷链等一批企业的集聚，使冷链物流年处理能力突破500万吨。"
    spec = [("南河区", "Region", "District"), ("甲冷链", "Company", None), ("乙冷链", "Company", None)]
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "南河区"


@pytest.mark.parametrize("text, values", [
    ("今年新增总部企业两家。", [2]),
    ("工作分为五个环节推进。", [5]),
    ("以“四个服务”为抓手。", []),
    ("这三个字体现了决心。", []),
    ("围绕五个千亿元级产业集群。", []),
    ("具备两位数增长。", []),
])
def test_small_chinese_counts(rules, text, values):
    assert [v for v, _ in _pairs(text, rules)] == values


def test_bare_amounts_listed_after_one_with_a_money_cue_are_money(rules):
    text = "北川、东山、南河三县已分别到位资金40.7亿、39.05亿和27亿元。"
    assert [(f.value, f.unit) for f in _figs(text, rules)] == [
        (4_070_000_000, "CNY"), (3_905_000_000, "CNY"), (2_700_000_000, "CNY")]


@pytest.mark.parametrize("text, metrics", [
    ("全区实现地区生产总值812.4亿元，同比增长8.7%；固定资产投资同比增长9.6%。",
     ["地区生产总值", "地区生产总值同比增长", "固定资产投资同比增长"]),
    ("项目占地约150亩，年产值超过25亿元。", ["占地面积", "年产值"]),
    ("甲乙公司年产5000台机床项目开工，年产5000吨。", ["年产能", "年产能"]),
    ("建成后可新增标准机柜6000个。", ["新增标准机柜数"]),
    ("还建成创业咖啡等众创空间68家。", ["众创空间数"]),
    # whole phrases, never a fragment of one (协议投资总额, not 投资; 资金到位率, not 资金)
    ("全年签约项目41个，协议投资总额2154亿元。", ["签约项目数", "协议投资总额"]),
    ("新签约项目资金到位率为31%。", ["资金到位率"]),
    ("此次总部类项目达8个。", ["总部类项目数"]),
    ("将新建14.2万平方米的研发楼宇。", ["研发楼宇"]),
    ("活动在主会场以及13个分会场同时举行。", ["分会场数"]),
    ("其中产业项目69个，包括动工项目19个。", ["产业项目数", "动工项目数"]),
])
def test_metric_labels_are_short_and_clean(rules, text, metrics):
    assert [f.metric for f in _figs(text, rules)] == metrics


def test_quoted_figure_belongs_to_the_speakers_company(rules):
    text = "南河区：冰雪\n“今年我们的订单同比增长了62%，生产线满负荷运转。”甲乙装备总经理王某说。"
    spec = [("南河区", "Region", "District"), ("甲乙装备", "Company", None)]
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "甲乙装备"


def test_sentence_opening_policy_anaphor(rules):
    text = "南河区：政策\n南河区印发《南河区人才新政》。政策实施以来，已有两家企业获得首批支持资金。"
    spec = [("南河区", "Region", "District"), ("《南河区人才新政》", "Policy", None)]
    (f,) = _figs(text, rules, spec)
    assert (f.value, f.subject.text) == (2, "《南河区人才新政》")


def test_mechanism_is_the_subject_of_later_clauses(rules):
    text = "南河区：服务\n南河区推行“企业吹哨”服务机制，让企业诉求平均办理时长缩短了40%以上。"
    spec = [("南河区", "Region", "District"), ("“企业吹哨”服务机制", "Policy", None)]
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "“企业吹哨”服务机制"


def test_project_receiving_money_is_its_subject(rules):
    text = "南河区：资金\n南河区为北湖老旧小区改造项目争取中央预算内资金4090万元。"
    spec = [("南河区", "Region", "District"), ("北湖老旧小区改造项目", "Project", None)]
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "北湖老旧小区改造项目"


@pytest.mark.parametrize("text, metric", [
    ("开展线下“政企银担”融资对接会5次。", "融资对接会数"),
    ("累计走访企业2300余家次，办结率达96.8%。", "办结率"),
])
def test_metric_labels_drop_half_quotes_and_glued_verbs(rules, text, metric):
    assert _figs(text, rules)[-1].metric == metric


def test_period_carries_over_a_semicolon(rules):
    text = "一季度，全县实现地区生产总值86.3亿元；规上工业增加值同比增长9.1%。"
    assert [f.period for f in _figs(text, rules, date="2024-04-20")] == ["2024-Q1", "2024-Q1"]


def test_built_object_measured_by_the_figure_is_not_its_subject(rules):
    text = "南河区：项目\n北湖芯片项目开工。该项目总投资12亿元，新建厂房及配套用房8.2万平方米。"
    spec = [("南河区", "Region", "District"), ("北湖芯片项目", "Project", None), ("厂房及配套用房", "Project", None)]
    figs = _figs(text, rules, spec)
    assert [f.subject.text for f in figs] == ["北湖芯片项目"] * 2


def test_newly_built_named_project_keeps_its_figures(rules):
    text = "南河区：项目\n今年新建北湖物流园项目，总投资5亿元。"
    spec = [("南河区", "Region", "District"), ("北湖物流园项目", "Project", None)]
    (f,) = _figs(text, rules, spec)
    assert f.subject.text == "北湖物流园项目"


def test_clause_starts_follow_the_text_asked_about(rules):
    # the clause-end index is per text: a second document must not reuse the first one's
    assert Clauses("甲，乙丙", rules.figures).start(3, 0) == 2
    assert Clauses("甲乙丙丁", rules.figures).start(3, 0) == 0
    assert Clauses("甲，乙丙", rules.figures).start(3, 3) == 3


def test_two_documents_in_turn_keep_their_own_clauses(rules):
    # the same sentence after a document with other clause ends: same figures, same subjects
    spec = [("南河区", "Region", "District"), ("北湖物流园项目", "Project", None)]
    text = "南河区新建北湖物流园项目，总投资5亿元，占地200亩。"
    first = _figs(text, rules, spec)
    _figs("甲乙丙丁，北山区新增企业20户。", rules, [("北山区", "Region", "District")])
    assert [(f.text, f.subject.text, f.metric) for f in _figs(text, rules, spec)] == \
        [(f.text, f.subject.text, f.metric) for f in first]
