"""Organisations, media and projects by their heads (heads.py, media.py, scan.py): one invented
sentence per rule, asserting the entity's type, name and offsets."""
import pytest

from entity_run import bundled_pipeline, entity_mentions as mentions


@pytest.fixture(scope="module")
def pipe():
    return bundled_pipeline()


def find(text, pipe, type_, name):
    ms = mentions(text, pipe)
    hits = [m for m in ms if m.type == type_ and m.text == name]
    assert hits, f"no {type_} {name!r} in {[(m.type, m.text) for m in ms]}"
    assert hits[0].start == text.index(name)
    return hits[0]


def none_of(text, pipe, type_, *names):
    ms = mentions(text, pipe)
    got = [m.text for m in ms if m.type == type_]
    for n in names:
        assert n not in got, f"{type_} {n!r} should not be found: {got}"
    return got


# ---------------------------------------------------------------- organisations

def test_party_committee_before_a_glued_title(pipe):
    find("洛阳市委副书记张某出席会议。", pipe, "Organization", "洛阳市委")


def test_standing_committee_member_is_a_title(pipe):
    text = "河南省委常委、洛阳市委书记张某出席。"
    find(text, pipe, "Organization", "河南省委")
    none_of(text, pipe, "Organization", "河南省委常委")


def test_short_bureau_names_after_a_level_word(pipe):
    text = "市投促局负责人介绍，省发改委主任在会上发言。"
    find(text, pipe, "Organization", "市投促局")
    find(text, pipe, "Organization", "省发改委")


def test_bare_level_government_stays_a_pronoun(pipe):
    none_of("区政府和该局负责人到场。", pipe, "Organization", "区政府", "该局")


def test_year_before_a_government_is_dropped(pipe):
    text = "2021年洛阳市政府下达计划。"
    find(text, pipe, "Organization", "洛阳市政府")
    none_of(text, pipe, "Organization", "2021年洛阳市政府")


def test_governing_idiom_is_no_part_of_the_body(pipe):
    got = none_of("各地贯彻落实省委部署。", pipe, "Organization", "贯彻落实省委")
    assert not any(g.startswith("贯彻") for g in got)


def test_kind_of_body_is_no_organisation(pipe):
    assert none_of("国家有关部委领导出席仪式。", pipe, "Organization") == []


def test_photo_credit_names_no_organisation(pipe):
    assert none_of("产业园效果图 供图 洛阳市委宣传部", pipe, "Organization") == []


def test_office_head_inside_a_longer_head_word(pipe):
    find("记者从洛阳市人民政府新闻办公室主办的发布会上获悉。", pipe, "Organization", "洛阳市人民政府新闻办公室")


def test_agency_middle_with_a_conjunction(pipe):
    find("洛阳市企业和投资服务局副局长介绍。", pipe, "Organization", "洛阳市企业和投资服务局")


def test_body_before_a_project_word_names_the_project(pipe):
    text = "洛阳市第一人民医院项目开工。"
    assert none_of(text, pipe, "Organization") == []
    find(text, pipe, "Project", "洛阳市第一人民医院项目")


def test_ju_after_a_verb_complement_is_no_bureau(pipe):
    assert none_of("全市上下奋力开好局。", pipe, "Organization") == []


# ---------------------------------------------------------------- media

def test_dateline_with_a_date(pipe):
    find("滨海在线4月16日讯（记者 张三）近日", pipe, "Organization", "滨海在线")


def test_byline_outlets(pipe):
    text = "滨海日报、滨报全媒体记者 张三"
    find(text, pipe, "Organization", "滨海日报")
    find(text, pipe, "Organization", "滨报全媒体")


def test_byline_in_brackets(pipe):
    find("（滨海新闻记者 张三）近日，", pipe, "Organization", "滨海新闻")


def test_report_cue(pipe):
    find("据滨海新闻联播报道，该区项目开工。", pipe, "Organization", "滨海新闻联播")


def test_newspaper_title(pipe):
    find("该市位居《滨海时报》榜单前列。", pipe, "Organization", "滨海时报")


def test_source_site_names_its_body(pipe):
    text = "来源：洛阳市发展和改革委员会网站"
    find(text, pipe, "Organization", "洛阳市发展和改革委员会")
    none_of(text, pipe, "Organization", "洛阳市发展和改革委员会网")


def test_own_paper_and_hotline_are_no_outlets(pipe):
    assert none_of("本报洛阳电（记者 张三）", pipe, "Organization") == []
    assert none_of("举报电话：12345", pipe, "Organization") == []


# ---------------------------------------------------------------- projects

def test_routes_between_two_places(pipe):
    text = "洛阳至郑州高速一期、开封至商丘跨江通道等项目加快建设。"
    find(text, pipe, "Project", "洛阳至郑州高速一期")
    find(text, pipe, "Project", "开封至商丘跨江通道")


def test_route_section_of_a_named_line(pipe):
    find("东西城际甲村至乙镇段等项目开工。", pipe, "Project", "东西城际甲村至乙镇段")


def test_no_route_after_from(pipe):
    assert none_of("货物从洛阳至郑州高速运达。", pipe, "Project") == []


def test_two_heads_joined_by_ji(pipe):
    find("建设滨江新能源产业基地暨总部项目。", pipe, "Project", "滨江新能源产业基地暨总部项目")


def test_bare_company_head_in_front_is_dropped(pipe):
    find("洛阳投资集团高清显示芯片项目动工。", pipe, "Project", "高清显示芯片项目")


def test_place_in_front_gives_an_alias(pipe):
    m = find("铁西区宏达置业金融中心项目开工。", pipe, "Project", "铁西区宏达置业金融中心项目")
    assert "宏达置业金融中心项目" in m.aliases


def test_two_single_characters_open_a_name(pipe):
    find("为总投资50亿元的鹏岳年产10万吨铜箔项目。", pipe, "Project", "鹏岳年产10万吨铜箔项目")


def test_adverb_character_opens_a_name(pipe):
    find("在正岳新材料产业园施工现场", pipe, "Project", "正岳新材料产业园")


def test_locative_verb_ends_a_name(pipe):
    text = "主会场设在洛阳市智能装备产业园项目现场。"
    find(text, pipe, "Project", "洛阳市智能装备产业园项目")
    assert not any(g.startswith("主会场") for g in none_of(text, pipe, "Project"))


def test_national_front_stays(pipe):
    find("国家遥感数据中心落户洛阳。", pipe, "Project", "国家遥感数据中心")


def test_generic_phrase_with_national_front_is_dropped(pipe):
    assert none_of("推进国家重点项目建设。", pipe, "Project") == []


def test_project_word_opening_a_longer_noun_is_no_project(pipe):
    assert none_of("加快形成洛阳高质量项目群。", pipe, "Project") == []


def test_counted_category_is_no_project(pipe):
    assert none_of("全年完成新产品研发攻关项目24个。", pipe, "Project") == []


def test_amount_or_session_in_a_core_is_a_category(pipe):
    assert none_of("投资额超50亿元项目中有三个落地。", pipe, "Project") == []
    assert none_of("第9届博览会经贸合作项目签约100个。", pipe, "Project") == []


def test_two_names_with_one_head_are_two_projects(pipe):
    text = "建设甲乙汽配交易物流中心及丙丁家具交易物流中心。"
    find(text, pipe, "Project", "甲乙汽配交易物流中心")
    find(text, pipe, "Project", "丙丁家具交易物流中心")


def test_different_heads_after_ji_stay_one_project(pipe):
    find("建设宏达精工汽车零部件数字化工厂及研发中心项目。", pipe, "Project", "宏达精工汽车零部件数字化工厂及研发中心项目")


def test_idiom_word_right_before_a_park_head_stays(pipe):
    find("园区包括数字电视产业园等。", pipe, "Project", "数字电视产业园")


def test_governing_idiom_before_project_is_still_dropped(pipe):
    assert none_of("积极推进项目建设。", pipe, "Project") == []


def test_new_opens_a_park_name(pipe):
    find("三园包括新媒体产业园、新能源汽车产业园。", pipe, "Project", "新媒体产业园")


def test_session_ordinal_belongs_to_a_committee(pipe):
    find("我市在第五届滨海博览会执委会举行的仪式上签约。", pipe, "Organization", "第五届滨海博览会执委会")


def test_central_party_bodies_from_the_gazetteer(pipe):
    find("按照党中央决策部署，全力推进。", pipe, "Organization", "党中央")


def test_level_word_before_a_long_head_stays_a_pronoun(pipe):
    none_of("企业可到区政务服务中心办理。", pipe, "Organization", "区政务服务中心")


def test_what_a_project_will_build_are_its_parts(pipe):
    text = "甲乙产业园项目将建设甲乙自主创新基地和新型产业基地;丙丁国际创新中心项目开工。"
    got = none_of(text, pipe, "Project", "甲乙自主创新基地", "新型产业基地")
    assert "甲乙产业园项目" in got and "丙丁国际创新中心项目" in got


def test_parts_listed_with_baokuo_zainei(pipe):
    text = "该集团建设包括科研中心、医疗器械生产基地在内的华康华北总部。"
    none_of(text, pipe, "Project", "医疗器械生产基地")
    find(text, pipe, "Project", "华康华北总部")


def test_descriptive_clause_with_a_further_copula(pipe):
    none_of("我们要将古镇打造成为新型的文旅综合体。", pipe, "Project", "文旅综合体")


def test_list_closed_by_a_counted_label_names_kinds(pipe):
    text = "风电装备制造基地、出口加工基地和总部基地“三大基地”加速形成。"
    assert none_of(text, pipe, "Project") == []


def test_rank_word_before_a_dictionary_park_is_a_designation(pipe):
    none_of("建设国家级信息服务平台。", pipe, "Project", "信息服务平台")


def test_capacity_opens_a_project_name(pipe):
    text = "建设了甲乙采选工程、30万吨铜冶炼工程等项目。"
    find(text, pipe, "Project", "30万吨铜冶炼工程")


def test_construction_word_between_head_and_project(pipe):
    find("洛阳公路口岸扩能改造工程建设项目开工。", pipe, "Project", "洛阳公路口岸扩能改造工程建设项目")


def test_place_and_a_product_before_a_sector_project(pipe):
    find("包括甲乙新能源整车项目、台州无人机产业项目等。", pipe, "Project", "台州无人机产业项目")
    assert none_of("推进台州重点产业项目。", pipe, "Project") == []
