"""Company families (companies, project_companies, company_subjects, joint_subjects) and the gazetteer of
well-known companies, on invented sentences: each test asserts the mention (type, text, offsets, name)."""
import pytest

from entity_run import bundled_pipeline, entity_mentions as mentions


@pytest.fixture(scope="module")
def pipe():
    return bundled_pipeline()


def company(ms, text, surface):
    hits = [m for m in ms if m.type == "Company" and m.text == surface]
    assert hits, f"no Company {surface!r} in {[(m.type, m.text) for m in ms]}"
    assert hits[0].start == text.index(surface)
    return hits[0]


def no_company(ms, surface):
    assert not [m for m in ms if m.type == "Company" and m.text == surface], \
        f"{surface!r} should not be a company: {[(m.type, m.text) for m in ms]}"


# ---- gazetteer of well-known companies (kg/rules/gazetteer/companies.txt)

def test_gazetteer_short_form_names_the_full_company(pipe):
    text = "中石油在本市投资建设炼化项目，国网与本区签约。"
    ms = mentions(text, pipe)
    assert company(ms, text, "中石油").name == "中国石油天然气集团有限公司"
    assert company(ms, text, "国网").name == "国家电网有限公司"


def test_gazetteer_leaves_ordinary_words_alone(pipe):
    no_company(mentions("这里有最美的风景，吉利的日子里开工。", pipe), "美的")


# ---- project_companies: the investor at the front of a project name

def test_descriptor_after_the_front_belongs_to_the_company(pipe):
    text = "投资8亿元的宏澜半导体封装测试项目开工。"
    ms = mentions(text, pipe)
    company(ms, text, "宏澜半导体")
    no_company(ms, "宏澜")


def test_descriptor_before_the_sector_word_is_the_sector(pipe):
    text = "宏澜新材料产业基地项目签约。"
    ms = mentions(text, pipe)
    company(ms, text, "宏澜")
    no_company(ms, "宏澜新材料")


def test_known_word_opens_a_company_with_a_descriptor(pipe):
    text = "东方药业新厂房项目竣工。"
    company(mentions(text, pipe), text, "东方药业")


def test_front_written_before_a_zone_head_is_a_place(pipe):
    ms = mentions("青禾经开区智能制造产业园三期开工，青禾智能制造产业园二期签约。", pipe)
    no_company(ms, "青禾")


def test_front_named_like_a_lake_or_river_is_no_investor(pipe):
    ms = mentions("环澄湖生态治理项目开工，翠溪江环境综合整治工程项目开工。", pipe)
    assert [m for m in ms if m.type == "Project" and m.text == "环澄湖生态治理项目"]
    no_company(ms, "环澄湖")
    no_company(ms, "翠溪江")


def test_front_inside_a_longer_company_names_that_company(pipe):
    text = "本区与香港华祺集团签订的华祺燃机热电项目开工。"
    ms = mentions(text, pipe)
    front = [m for m in ms if m.type == "Company" and m.start == text.index("华祺燃机")]
    assert front and front[0].text == "华祺" and front[0].name == "香港华祺集团"


# ---- companies: names by their legal head

def test_business_words_before_the_head_are_scanned_past(pipe):
    text = "北京衡远投资控股集团与本区签约。"
    company(mentions(text, pipe), text, "北京衡远投资控股集团")


def test_no_company_without_a_name_in_front(pipe):
    ms = mentions("知名跨国公司高管出席。推行“管委会+公司”运营模式。将建设公司总部公司运营总部。", pipe)
    for surface in ("跨国公司", "管委会+公司", "公司总部公司"):
        no_company(ms, surface)


def test_company_name_starts_after_a_conjunction(pipe):
    text = "市长等领导及浙江澜舟集团董事长出席。"
    ms = mentions(text, pipe)
    company(ms, text, "浙江澜舟集团")
    no_company(ms, "领导及浙江澜舟集团")


def test_company_name_starts_after_a_generic_noun(pipe):
    text = "项目由浙江百强科技企业澜舟集团投资兴建。"
    ms = mentions(text, pipe)
    company(ms, text, "澜舟集团")
    no_company(ms, "浙江百强科技企业澜舟集团")


# ---- joint_subjects and company_subjects

def test_joining_verb_after_a_modal_splits_two_companies(pipe):
    text = "上海同泽科技股份公司拟联合北方汽车集团等企业建设整车项目。"
    ms = mentions(text, pipe)
    company(ms, text, "上海同泽科技股份公司")
    company(ms, text, "北方汽车集团")


def test_a_party_noun_is_no_company_subject(pipe):
    text = "投资方是南京丰泽控股集团有限公司。"
    ms = mentions(text, pipe)
    no_company(ms, "投资方")
    company(ms, text, "南京丰泽控股集团有限公司")


# ---- companies: a verb opening a company's name

def test_verb_opening_a_name_stays_in_it(pipe):
    text = "引进飞跃电子有限公司。参观了远航新能源科技有限公司。"
    ms = mentions(text, pipe)
    company(ms, text, "飞跃电子有限公司")
    company(ms, text, "远航新能源科技有限公司")
    no_company(ms, "电子有限公司")


def test_governing_verb_does_not_open_a_name(pipe):
    text = "他们收购南岭电子有限公司。"
    ms = mentions(text, pipe)
    company(ms, text, "南岭电子有限公司")
    no_company(ms, "收购南岭电子有限公司")


def test_verb_before_a_group_head_is_its_brand(pipe):
    text = "发挥共享集团技术中心作用。县里组建集团公司。"
    ms = mentions(text, pipe)
    company(ms, text, "共享集团")
    no_company(ms, "组建集团")


def test_bare_zone_word_in_front_of_a_company_is_dropped(pipe):
    text = "开发区星讯公司满负荷生产。"
    ms = mentions(text, pipe)
    company(ms, text, "星讯公司")
    no_company(ms, "开发区星讯公司")


# ---- company_subjects: frames that ask for a company, lists beside one

def test_name_before_a_company_role_is_a_company(pipe):
    text = "星云科技总经理张华介绍了情况。"
    company(mentions(text, pipe), text, "星云科技")


def test_signing_parties_are_companies_where_they_can_name_one(pipe):
    text = "星河区与金源控股签约。金源控股与星河区签署协议。县政府与南岭速达物流签订协议。"
    ms = mentions(text, pipe)
    assert [m.start for m in ms if m.type == "Company" and m.text == "金源控股"] == [4, text.index("金源控股与")]
    company(ms, text, "南岭速达物流")
    no_company(ms, "星河区")
    no_company(ms, "县政府")


def test_signing_slot_holding_no_name_is_no_company(pipe):
    ms = mentions("本届会议与双方签约。与投洽会签约项目遥相呼应。", pipe)
    no_company(ms, "双方")
    no_company(ms, "投洽会")


def test_investor_slot_holding_more_than_the_name_is_cut_to_it(pipe):
    text = "由北京翔鹭集团捐资建设的学校落成。"
    ms = mentions(text, pipe)
    company(ms, text, "北京翔鹭集团")
    no_company(ms, "北京翔鹭集团捐资")


def test_items_listed_beside_a_company_are_companies(pipe):
    text = "在本区，通达物流、飞跃电子、晨光纺织等企业加快生产。星河区与恒丰科技、远航新能源、天宇数据等12家企业签约。"
    ms = mentions(text, pipe)
    for surface in ("通达物流", "飞跃电子", "晨光纺织", "恒丰科技", "远航新能源", "天宇数据"):
        company(ms, text, surface)
    no_company(ms, "电子")
    no_company(ms, "新能源")


def test_list_item_cut_by_a_stop_word_is_whole_between_separators(pipe):
    text = "落户银杉美、信得药业、中惠生物等11个项目。"
    ms = mentions(text, pipe)
    for surface in ("银杉美", "信得药业", "中惠生物"):
        company(ms, text, surface)


def test_gazetteer_national_brands_without_a_legal_form(pipe):
    text = "宇通客车、中国重汽和海信在本市设厂，与泸州老窖签约。"
    ms = mentions(text, pipe)
    assert company(ms, text, "中国重汽").name == "中国重型汽车集团有限公司"
    assert company(ms, text, "海信").name == "海信集团控股股份有限公司"
    company(ms, text, "宇通客车")
    company(ms, text, "泸州老窖")


def test_stop_word_cut_out_of_a_brand_after_its_place_stays_in_the_name(pipe):
    text = "签约企业有：上海和瑞生物科技有限公司，大连绿岫房地产开发有限公司。"
    ms = mentions(text, pipe)
    company(ms, text, "上海和瑞生物科技有限公司")
    company(ms, text, "大连绿岫房地产开发有限公司")


def test_front_of_places_one_character_names_is_no_investor(pipe):
    ms = mentions("中欧班列物流园项目开工。中德产业园项目签约。", pipe)
    no_company(ms, "中欧")
    no_company(ms, "中德")


def test_each_trimmed_step_of_a_company_name_is_a_short_form(pipe):
    text = "青岛恒远新材料科技有限公司投产。恒远新材料将继续扩产。"
    ms = mentions(text, pipe)
    assert [m.start for m in ms if m.type == "Company" and m.text == "恒远新材料"] == [text.index("恒远新材料将")]


def test_short_name_after_xiacheng_names_the_company(pipe):
    text = "青禾华晟智能装备有限公司（下称“华晟装备”）计划投资。华晟装备将建设电池生产线。"
    ms = mentions(text, pipe)
    assert company(ms, text, "华晟装备").name == "青禾华晟智能装备有限公司"


def test_hyphenated_joint_venture_is_one_company(pipe):
    text = "华晨-宝马、长安-福特等车企加大投资。长春-吉林高速开工。"
    ms = mentions(text, pipe)
    company(ms, text, "华晨-宝马")
    company(ms, text, "长安-福特")
    assert not [m for m in ms if m.type == "Company" and "高速" in m.text or m.text == "长春-吉林"]


def test_items_a_company_cue_introduces_are_companies(pipe):
    text = "签约企业包括星光电子、云帆科技和海蓝生物。"
    ms = mentions(text, pipe)
    for surface in ("星光电子", "云帆科技", "海蓝生物"):
        company(ms, text, surface)


def test_investing_subject_at_a_clause_start_is_a_company(pipe):
    text = "星云科技计划投资5亿元建设新厂。今年计划投资20亿元。本届经贸投资洽谈会开幕。"
    ms = mentions(text, pipe)
    company(ms, text, "星云科技")
    assert [m.text for m in ms if m.type == "Company"] == ["星云科技"]


def test_a_levels_or_a_places_kind_of_company_is_no_name(pipe):
    ms = mentions("市属国有公司改革，省内外公司参加，鼓励与外地公司合作。", pipe)
    for surface in ("市属国有公司", "省内外公司", "外地公司"):
        no_company(ms, surface)


def test_front_ending_like_a_place_is_no_investor(pipe):
    ms = mentions("青禾县招商引资项目集中签约。", pipe)
    no_company(ms, "青禾县")


def test_brand_that_is_a_common_word_names_the_investor_at_a_projects_front(pipe):
    text = "总投资30亿元的美的智能家电基地项目开工。这里是最美的乡村旅游项目。"
    ms = mentions(text, pipe)
    assert [m.start for m in ms if m.type == "Company" and m.text == "美的"] == [text.index("美的智能")]


def test_name_ending_like_a_company_before_any_bodys_role_is_a_company(pipe):
    text = "星云科技负责人介绍了进展。项目负责人表示满意。"
    ms = mentions(text, pipe)
    company(ms, text, "星云科技")
    assert [m.text for m in ms if m.type == "Company"] == ["星云科技"]
