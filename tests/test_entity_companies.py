"""Company families (companies, project_companies, company_subjects, joint_subjects) and the gazetteer of
well-known companies, on invented sentences: each test asserts the mention (type, text, offsets, name)."""
import pytest

from entity_run import bundled_pipeline, entity_mentions as mentions, found, found_and_not, not_found


@pytest.fixture(scope="module")
def pipe():
    return bundled_pipeline()


def company(ms, text, surface):
    return found(ms, text, "Company", surface)


def no_company(ms, surface):
    not_found(ms, "Company", surface)


# One row a rule: the sentence, the companies it must name (at their first offset), the spans it must not.
COMPANIES_FOUND_AND_NOT = [
    # ---- gazetteer of well-known companies (kg/rules/gazetteer/companies.txt)
    pytest.param("这里有最美的风景，吉利的日子里开工。", (), ("美的",),
                 id="gazetteer-leaves-ordinary-words-alone"),
    # ---- project_companies: the investor at the front of a project name
    pytest.param("投资8亿元的宏澜半导体封装测试项目开工。", ("宏澜半导体",), ("宏澜",),
                 id="descriptor-after-the-front-belongs-to-the-company"),
    pytest.param("宏澜新材料产业基地项目签约。", ("宏澜",), ("宏澜新材料",),
                 id="descriptor-before-the-sector-word-is-the-sector"),
    pytest.param("东方药业新厂房项目竣工。", ("东方药业",), (),
                 id="known-word-opens-a-company-with-a-descriptor"),
    pytest.param("青禾经开区智能制造产业园三期开工，青禾智能制造产业园二期签约。", (), ("青禾",),
                 id="front-written-before-a-zone-head-is-a-place"),
    pytest.param("中欧班列物流园项目开工。中德产业园项目签约。", (), ("中欧", "中德"),
                 id="front-of-places-one-character-names-is-no-investor"),
    pytest.param("青禾县招商引资项目集中签约。", (), ("青禾县",),
                 id="front-ending-like-a-place-is-no-investor"),
    # ---- companies: names by their legal head
    pytest.param("北京衡远投资控股集团与本区签约。", ("北京衡远投资控股集团",), (),
                 id="business-words-before-the-head-are-scanned-past"),
    pytest.param("多家跨国公司代表出席。推行“管委会+公司”运营模式。将建设公司总部公司运营总部。",
                 (), ("跨国公司", "管委会+公司", "公司总部公司"),
                 id="no-company-without-a-name-in-front"),
    pytest.param("市长等领导及浙江澜舟集团董事长出席。", ("浙江澜舟集团",), ("领导及浙江澜舟集团",),
                 id="company-name-starts-after-a-conjunction"),
    pytest.param("项目由江南知名制造企业澜舟集团投资兴建。", ("澜舟集团",), ("江南知名制造企业澜舟集团",),
                 id="company-name-starts-after-a-generic-noun"),
    pytest.param("市属国有公司改革，省内外公司参加，鼓励与外地公司合作。",
                 (), ("市属国有公司", "省内外公司", "外地公司"),
                 id="a-levels-or-a-places-kind-of-company-is-no-name"),
    pytest.param("签约企业有：上海和瑞生物科技有限公司，大连绿岫房地产开发有限公司。",
                 ("上海和瑞生物科技有限公司", "大连绿岫房地产开发有限公司"), (),
                 id="stop-word-cut-out-of-a-brand-after-its-place-stays-in-the-name"),
    # ---- joint_subjects and company_subjects
    pytest.param("上海同泽科技股份公司拟联合北方汽车集团等企业建设整车项目。",
                 ("上海同泽科技股份公司", "北方汽车集团"), (),
                 id="joining-verb-after-a-modal-splits-two-companies"),
    pytest.param("投资方是南京丰泽控股集团有限公司。", ("南京丰泽控股集团有限公司",), ("投资方",),
                 id="a-party-noun-is-no-company-subject"),
    # ---- companies: a verb opening a company's name
    pytest.param("引进飞跃电子有限公司。参观了远航新能源科技有限公司。",
                 ("飞跃电子有限公司", "远航新能源科技有限公司"), ("电子有限公司",),
                 id="verb-opening-a-name-stays-in-it"),
    pytest.param("他们收购南岭电子有限公司。", ("南岭电子有限公司",), ("收购南岭电子有限公司",),
                 id="governing-verb-does-not-open-a-name"),
    pytest.param("发挥共享集团技术中心作用。县里组建集团公司。", ("共享集团",), ("组建集团",),
                 id="verb-before-a-group-head-is-its-brand"),
    pytest.param("开发区星讯公司满负荷生产。", ("星讯公司",), ("开发区星讯公司",),
                 id="bare-zone-word-in-front-of-a-company-is-dropped"),
    # ---- company_subjects: frames that ask for a company, lists beside one
    pytest.param("星云科技总经理张华介绍了情况。", ("星云科技",), (),
                 id="name-before-a-company-role-is-a-company"),
    pytest.param("本届会议与双方签约。与投洽会签约项目遥相呼应。", (), ("双方", "投洽会"),
                 id="signing-slot-holding-no-name-is-no-company"),
    pytest.param("由北京翔鹭集团捐资建设的学校落成。", ("北京翔鹭集团",), ("北京翔鹭集团捐资",),
                 id="investor-slot-holding-more-than-the-name-is-cut-to-it"),
    pytest.param("在本区，通达物流、飞跃电子、晨光纺织等企业加快生产。星河区与恒丰科技、远航新能源、天宇数据等12家企业签约。",
                 ("通达物流", "飞跃电子", "晨光纺织", "恒丰科技", "远航新能源", "天宇数据"), ("电子", "新能源"),
                 id="items-listed-beside-a-company-are-companies"),
    pytest.param("落户银杉美、信得药业、中惠生物等11个项目。", ("银杉美", "信得药业", "中惠生物"), (),
                 id="list-item-cut-by-a-stop-word-is-whole-between-separators"),
    pytest.param("签约企业包括星光电子、云帆科技和海蓝生物。", ("星光电子", "云帆科技", "海蓝生物"), (),
                 id="items-a-company-cue-introduces-are-companies"),
]


@pytest.mark.parametrize("text, present, absent", COMPANIES_FOUND_AND_NOT)
def test_companies_found_and_not_found(pipe, text, present, absent):
    found_and_not(text, pipe, "Company", present, absent)


@pytest.mark.parametrize("text, names", [
    pytest.param("中石油在本市投资建设炼化项目，国网与本区签约。",
                 {"中石油": "中国石油天然气集团有限公司", "国网": "国家电网有限公司"},
                 id="gazetteer-short-form-names-the-full-company"),
    pytest.param("青禾华晟智能装备有限公司（下称“华晟装备”）计划投资。华晟装备将建设电池生产线。",
                 {"华晟装备": "青禾华晟智能装备有限公司"},
                 id="short-name-after-xiacheng-names-the-company"),
])
def test_company_short_form_names_the_full_company(pipe, text, names):
    ms = mentions(text, pipe)
    for surface, name in names.items():
        assert company(ms, text, surface).name == name


@pytest.mark.parametrize("text, surface, at", [
    pytest.param("青岛恒远新材料科技有限公司投产。恒远新材料将继续扩产。", "恒远新材料", "恒远新材料将",
                 id="each-trimmed-step-of-a-company-name-is-a-short-form"),
    pytest.param("总投资30亿元的美的智能家电基地项目开工。这里是最美的乡村旅游项目。", "美的", "美的智能",
                 id="brand-that-is-a-common-word-names-the-investor-at-a-projects-front"),
])
def test_company_found_only_where_it_names_one(pipe, text, surface, at):
    ms = mentions(text, pipe)
    assert [m.start for m in ms if m.type == "Company" and m.text == surface] == [text.index(at)]


@pytest.mark.parametrize("text, only", [
    pytest.param("星云科技计划投资5亿元建设新厂。今年计划投资20亿元。本届经贸投资洽谈会开幕。", "星云科技",
                 id="investing-subject-at-a-clause-start-is-a-company"),
    pytest.param("星云科技负责人介绍了进展。项目负责人表示满意。", "星云科技",
                 id="name-ending-like-a-company-before-any-bodys-role-is-a-company"),
])
def test_the_only_company_is_the_named_one(pipe, text, only):
    ms = mentions(text, pipe)
    company(ms, text, only)
    assert [m.text for m in ms if m.type == "Company"] == [only]


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


def test_signing_parties_are_companies_where_they_can_name_one(pipe):
    text = "星河区与金源控股签约。金源控股与星河区签署协议。县政府与南岭速达物流签订协议。"
    ms = mentions(text, pipe)
    assert [m.start for m in ms if m.type == "Company" and m.text == "金源控股"] == [4, text.index("金源控股与")]
    company(ms, text, "南岭速达物流")
    no_company(ms, "星河区")
    no_company(ms, "县政府")


def test_gazetteer_national_brands_without_a_legal_form(pipe):
    text = "宇通客车、中国重汽和海信在本市设厂，与泸州老窖签约。"
    ms = mentions(text, pipe)
    assert company(ms, text, "中国重汽").name == "中国重型汽车集团有限公司"
    assert company(ms, text, "海信").name == "海信集团控股股份有限公司"
    company(ms, text, "宇通客车")
    company(ms, text, "泸州老窖")


def test_hyphenated_joint_venture_is_one_company(pipe):
    text = "华晨-宝马、长安-福特等车企加大投资。长春-吉林高速开工。"
    ms = mentions(text, pipe)
    company(ms, text, "华晨-宝马")
    company(ms, text, "长安-福特")
    assert not [m for m in ms if m.type == "Company" and "高速" in m.text or m.text == "长春-吉林"]
