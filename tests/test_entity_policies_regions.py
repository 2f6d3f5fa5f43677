"""Policies, regions and industries on short invented sentences (issue 17): one test per rule, asserting
type, name and offsets of the mentions the entity families make."""
import pytest

from entity_run import bundled_pipeline, entity_mentions as mentions


@pytest.fixture(scope="module")
def pipe():
    return bundled_pipeline()


def find(ms, type_, text, full=None):
    hits = [m for m in ms if m.type == type_ and m.text == text]
    assert hits, f"no {type_} {text!r} in {[(m.type, m.text) for m in ms]}"
    if full is not None:
        assert hits[0].start == full.index(text) and hits[0].end == full.index(text) + len(text)
    return hits[0]


def none_of(ms, type_, text):
    assert not [m for m in ms if m.type == type_ and m.text == text], f"{type_} {text!r} should not be named"


def has(pipe, text, type_, name):
    find(mentions(text, pipe), type_, name, text)


# ---------------------------------------------------------------- policies

def test_quoted_target_and_measure_heads(pipe):
    has(pipe, "全力推动“双碳”目标实现。", "Policy", "“双碳”目标")
    has(pipe, "该县推行“内外联动、上下协同”工作举措，成效明显。", "Policy", "“内外联动、上下协同”工作举措")


def test_new_pattern_joined_by_de(pipe):
    has(pipe, "着力构建“一核、两带、多点”的产业发展新格局。", "Policy", "“一核、两带、多点”的产业发展新格局")


def test_manner_joined_by_de_is_no_policy(pipe):
    ms = mentions("签约仪式以“线上+线下”的方式举行。", pipe)
    assert not [m for m in ms if m.type == "Policy"]


def test_qualifier_opening_with_a_function_word_makes_no_name(pipe):
    ms = mentions("全区以“建设一流园区、一流队伍”为目标，狠抓落实。", pipe)
    assert not [m for m in ms if m.type == "Policy" and m.text.endswith("为目标")]


def test_counted_slogans_quoted_and_unquoted(pipe):
    has(pipe, "去年全市“双招双引”成效明显。", "Policy", "“双招双引”")
    has(pipe, "全县坚定实施一核两翼布局。", "Policy", "一核两翼")
    ms = mentions("检查组一年两次到园区走访。", pipe)
    assert not [m for m in ms if m.type == "Policy"]


def test_counted_short_core_takes_the_weak_head(pipe):
    has(pipe, "为推进“五园”建设，该区成立专班。", "Policy", "“五园”建设")


def test_cued_bare_quote(pipe):
    has(pipe, "园区落实“先用后审”，项目当月开工。", "Policy", "“先用后审”")


def test_unquoted_strategy_and_campaign(pipe):
    has(pipe, "该区大力实施人才强市战略，经济稳步增长。", "Policy", "人才强市战略")
    has(pipe, "三大产业开展技改专项行动，推动升级。", "Policy", "技改专项行动")
    ms = mentions("公司千方百计引进战略投资者。", pipe)
    assert not [m for m in ms if m.type == "Policy"]


def test_slogan_word_before_a_region_names_a_strategy(pipe):
    text = "全省围绕数字江苏，推进数字南京建设。"
    ms = mentions(text, pipe)
    find(ms, "Policy", "数字江苏", text)
    find(ms, "Policy", "数字南京", text)
    assert not [m for m in ms if m.type == "Region"]


def test_corner_bracket_quotes_and_speech(pipe):
    has(pipe, "该项目是推进『气化江城』战略的重点项目。", "Policy", "『气化江城』战略")
    ms = mentions("他说：『这里项目很多，前景很好。』集团战略清晰。", pipe)
    assert not [m for m in ms if m.type == "Policy"]


def test_no_verb_or_cause_glued_on(pipe):
    ms = mentions("班列首次采用海铁联运“一单到底”模式。该区因改革而生。", pipe)
    assert [m for m in ms if m.type == "Policy" and m.text.endswith("“一单到底”模式")]
    assert not [m for m in ms if m.type == "Policy" and (m.text.startswith("采用") or "因" in m.text)]


def test_plan_list_items_and_known_reforms(pipe):
    text = "市里出台土地收储、容缺审批等方案，深化供给侧结构性改革。"
    ms = mentions(text, pipe)
    find(ms, "Policy", "土地收储", text)
    find(ms, "Policy", "供给侧结构性改革", text)


# ---------------------------------------------------------------- regions

def test_route_ends_are_no_regions(pipe):
    ms = mentions("广州至湛江高铁、深圳至中山通道加快建设。", pipe)
    assert not [m for m in ms if m.type == "Region"]


def test_places_abroad_need_something_happening_there(pipe):
    ms = mentions("来自美国、德国等国家的客商参加了活动。", pipe)
    assert not [m for m in ms if m.type == "Region"]
    text = "该公司的产品首次出口德国。"
    assert find(mentions(text, pipe), "Region", "德国", text).subtype is None


def test_datelines_are_no_regions(pipe):
    ms = mentions("北京时间9月1日，据湖南日报报道，项目开工。", pipe)
    assert not [m for m in ms if m.type == "Region"]


def test_city_named_only_in_zone_names_is_no_region(pipe):
    text = "近日，芜湖经开区签约5个项目。芜湖经开区今年新签约项目20个。"
    ms = mentions(text, pipe)
    assert find(ms, "Region", "芜湖经开区", text).subtype == "DevelopmentZone"
    assert not [m for m in ms if m.type == "Region" and m.name == "芜湖市"]
    ms = mentions("芜湖经开区签约5个项目，芜湖今年签约项目20个。", pipe)
    assert [m for m in ms if m.type == "Region" and m.name == "芜湖市"]


def test_vague_areas_are_no_regions(pipe):
    ms = mentions("湖南打造内陆地区改革开放高地。", pipe)
    none_of(ms, "Region", "内陆地区")


def test_zone_on_a_county_stem_or_an_unknown_name(pipe):
    has(pipe, "另外，吴江开发区也举行了开工仪式。", "Region", "吴江开发区")
    has(pipe, "据悉，岚溪经开区又有8个项目签约。", "Region", "岚溪经开区")
    ms = mentions("在岚溪经开区，又有8个项目签约。", pipe)
    assert not [m for m in ms if m.type == "Region" and m.text.startswith("在")]


def test_divisions_beyond_the_gazetteer_files(pipe):
    text = "潜山市签约项目3个，容县新签约项目5个。"
    ms = mentions(text, pipe)
    find(ms, "Region", "潜山市", text)
    assert find(ms, "Region", "容县", text).subtype == "District"


def test_division_short_forms_need_a_place_clue(pipe):
    text = "开工项目中，贵港平南纺织产业园进展顺利。"
    assert find(mentions(text, pipe), "Region", "平南", text).name == "平南县"
    text = "昭通、文山、大理等州市项目落地率较高。"
    ms = mentions(text, pipe)
    find(ms, "Region", "文山", text)
    find(ms, "Region", "大理", text)


# ---------------------------------------------------------------- industries

def test_broad_sector_categories(pipe):
    has(pipe, "全区大力培育战略性新兴产业和先进制造业。", "Industry", "战略性新兴产业")


def test_place_and_verb_fronts_and_count_tails_go(pipe):
    text = "签约项目涵盖集成电路、生物医药两大先导产业。"
    find(mentions(text, pipe), "Industry", "生物医药", text)
    ms = mentions("该项目将助推岚溪产业加速升级。", pipe)
    assert not [m for m in ms if m.type == "Industry" and m.text.startswith("助推")]


def test_list_items_keep_their_modifier_and_activity(pipe):
    text = "项目主要集中在汽车零部件制造、现代物流等行业。"
    find(mentions(text, pipe), "Industry", "汽车零部件制造", text)
    text = "签约项目涵盖新能源、新材料、新医药等领域。"
    find(mentions(text, pipe), "Industry", "新医药", text)


def test_non_sectors_in_field_lists(pipe):
    ms = mentions("签约项目涉及智能制造、基础设施建设、外贸等领域。", pipe)
    none_of(ms, "Industry", "外贸")
    none_of(ms, "Industry", "基础设施建设")


def test_two_places_joined_are_no_one_region(pipe):
    ms = mentions("发布会重点介绍朝阳区及临空经济开发区的投资环境。", pipe)
    assert not [m for m in ms if m.type == "Region" and "及" in m.text]


def test_taiwanese_investment_zone_is_a_zone(pipe):
    text = "当天，漳州台商投资区签约项目12个。"
    assert find(mentions(text, pipe), "Region", "漳州台商投资区", text).subtype == "DevelopmentZone"
