"""Project and policy boundaries on short invented sentences (issue 17 §2): lists under one head,
enumerated items after an amount, strategies and slogans, verbs in front of quoted policies. Each test
asserts the type, name and offsets of what the entity families make."""
import pytest

from entity_run import bundled_pipeline, entity_mentions as mentions


@pytest.fixture(scope="module")
def pipe():
    return bundled_pipeline()


def find(text, pipe, type_, span, name=None):
    ms = mentions(text, pipe)
    hits = [m for m in ms if m.type == type_ and m.text == span]
    assert hits, f"no {type_} {span!r} in {[(m.type, m.text) for m in ms]}"
    assert (hits[0].start, hits[0].end) == (text.index(span), text.index(span) + len(span))
    if name is not None:
        assert hits[0].name == name
    return hits[0]


def none_of(text, pipe, type_, *spans):
    got = [m.text for m in mentions(text, pipe) if m.type == type_]
    for s in spans:
        assert s not in got, f"{type_} {s!r} should not be named: {got}"
    return got


# ---------------------------------------------------------------- projects

def test_items_without_a_head_share_the_project_head(pipe):
    text = "签约的还有甲型滤芯、乙型阀门生产项目。"
    find(text, pipe, "Project", "甲型滤芯、乙型阀门生产项目")
    none_of(text, pipe, "Project", "乙型阀门生产项目")


def test_capacity_items_share_the_head_with_the_company_in_front(pipe):
    text = "总投资9亿元的宏远年产300万平方米PET(聚酯薄膜)、年产2万吨光学胶工业项目开工。"
    find(text, pipe, "Project", "宏远年产300万平方米PET(聚酯薄膜)、年产2万吨光学胶工业项目")
    none_of(text, pipe, "Project", "年产2万吨光学胶工业项目")


def test_items_joined_by_and_after_an_amount(pipe):
    text = "该县投资6亿元的锂电正极片和锂电负极片建设项目开工。"
    find(text, pipe, "Project", "锂电正极片和锂电负极片建设项目")


def test_named_places_in_a_list_keep_their_own_names(pipe):
    text = "翠峰冰雪世界、云台地质展馆和青石岭农业科技示范园加快建设。"
    find(text, pipe, "Project", "青石岭农业科技示范园")
    none_of(text, pipe, "Project", "翠峰冰雪世界、云台地质展馆和青石岭农业科技示范园")


def test_an_amount_is_no_item_of_a_project_list(pipe):
    text = "总投资5.5亿元、年产800万米棉纱生产线项目开工。"
    got = none_of(text, pipe, "Project", "5.5亿元、年产800万米棉纱生产线项目")
    assert "年产800万米棉纱生产线项目" in got


def test_enumerated_item_after_an_amount_keeps_an_adverb_like_first_word(pipe):
    text = "其中：12亿元的宝川光伏组件项目、6亿元的立新精密铸件项目。"
    find(text, pipe, "Project", "宝川光伏组件项目")
    find(text, pipe, "Project", "立新精密铸件项目")


def test_counted_category_after_an_amount_is_no_project(pipe):
    assert none_of("全年完成投资80亿元的3个重大项目。", pipe, "Project") == []


def test_name_before_a_construction_head_word(pipe):
    text = "分会场的青林镇万亩高标准农田建设项目同步开工。"
    m = find(text, pipe, "Project", "青林镇万亩高标准农田建设项目")
    assert "青林镇万亩高标准农田项目" in m.aliases


def test_generic_construction_project_is_no_name(pipe):
    assert none_of("实施基础设施建设项目32个，推进重大项目建设项目。", pipe, "Project") == []


def test_parts_a_project_builds_after_a_clause_on_it(pipe):
    text = "星海储能电池项目总投资50亿元，主要建设电芯生产线、模组生产线及配套设施。"
    find(text, pipe, "Project", "星海储能电池项目")
    none_of(text, pipe, "Project", "电芯生产线", "模组生产线")


def test_signed_projects_listed_after_a_count_stay_projects(pipe):
    text = "签约项目12个，主要包括云帆数据中心项目、博瑞冷链物流基地项目。"
    find(text, pipe, "Project", "云帆数据中心项目")
    find(text, pipe, "Project", "博瑞冷链物流基地项目")


def test_logistics_port_and_regional_centre_heads(pipe):
    find("青云集团投资建设的青云智慧物流港已建成投用。", pipe, "Project", "青云智慧物流港")
    find("恒通物流将建设华北区域运营中心。", pipe, "Project", "华北区域运营中心")


def test_distribution_and_manufacturing_centres(pipe):
    text = "远帆物流西南分拨中心和星河精密制造中心同日投用。"
    find(text, pipe, "Project", "远帆物流西南分拨中心")
    find(text, pipe, "Project", "星河精密制造中心")


def test_resort_area_is_a_project_only_with_a_phase_or_construction_cue(pipe):
    find("凤栖湖康养旅游度假区二期工程开工。", pipe, "Project", "凤栖湖康养旅游度假区二期工程")
    assert none_of("游客来到凤栖湖康养旅游度假区游玩。", pipe, "Project") == []


def test_count_closing_a_list_of_projects_leaves_the_last_item(pipe):
    text = "锦城数字产业园和城西物流仓储基地2个项目同时开工。"
    find(text, pipe, "Project", "锦城数字产业园")
    find(text, pipe, "Project", "城西物流仓储基地")
    assert none_of("全区新开工产业园项目24个。", pipe, "Project") == []


def test_route_without_the_verbs_in_front(pipe):
    text = "全力推进南河至北岭高速公路建设。"
    find(text, pipe, "Project", "南河至北岭高速公路")


def test_amount_item_takes_the_last_of_adjacent_heads(pipe):
    text = "总投资8亿元的星云工业互联网创新应用平台项目建成。"
    find(text, pipe, "Project", "星云工业互联网创新应用平台项目")


def test_sectors_and_products_listed_before_a_project_word_are_kinds(pipe):
    text = "重点引进正极材料、隔膜等配套项目，以及智能制造、新能源汽车等潜力产业项目。"
    got = none_of(text, pipe, "Project", "正极材料", "隔膜", "智能制造", "新能源汽车")
    assert got == []


def test_named_works_and_buildings_listed_before_a_project_word_stay(pipe):
    text = "星光大道、妇幼保健院等项目加快建设。"
    find(text, pipe, "Project", "妇幼保健院")


def test_verb_taking_the_project_word_names_no_project(pipe):
    text = "紧盯政策导向谋项目，围绕产业链条引项目。"
    assert none_of(text, pipe, "Project") == []


def test_two_sectors_joined_by_yu_share_a_park_head(pipe):
    text = "南河新区城市矿产与表面处理产业园开工。"
    find(text, pipe, "Project", "南河新区城市矿产与表面处理产业园")


def test_park_project_answers_to_the_park_name(pipe):
    m = find("星辰智能装备产业园项目开工。", pipe, "Project", "星辰智能装备产业园项目")
    assert "星辰智能装备产业园" in m.aliases


def test_signing_verb_ends_what_stands_before_the_project(pipe):
    text = "南河市人民政府与星光集团签署南河星光新能源产业基地项目投资协议。"
    find(text, pipe, "Project", "南河星光新能源产业基地项目")


def test_capacity_written_as_a_rate_belongs_to_the_project(pipe):
    find("南河石化分公司100万吨/年乙烯项目签约。", pipe, "Project", "南河石化分公司100万吨/年乙烯项目")
    text = "青山水泥有限公司4500吨/日熟料生产线技术改造项目通过验收。"
    find(text, pipe, "Project", "青山水泥有限公司4500吨/日熟料生产线技术改造项目")


# ---------------------------------------------------------------- policies

def test_verb_before_a_quoted_policy_is_no_part_of_it(pipe):
    text = "该区研究“以投带引”的新模式。"
    find(text, pipe, "Policy", "“以投带引”的新模式", name="“以投带引”新模式")
    find("市委提出“1+3+N”产业体系。", pipe, "Policy", "“1+3+N”产业体系")


def test_noun_before_a_quoted_policy_stays(pipe):
    find("该县推出人才“引育留用”改革举措。", pipe, "Policy", "人才“引育留用”改革举措")


def test_named_strategies_without_the_governing_verb(pipe):
    text = "全市大力实施工业强市战略和乡村振兴战略。"
    find(text, pipe, "Policy", "工业强市战略")
    find("深入实施制造业强省战略。", pipe, "Policy", "制造业强省战略")
    find("实施科技强县和人才兴县战略。", pipe, "Policy", "科技强县和人才兴县战略")


def test_unquoted_numbered_slogans(pipe):
    find("该区推动三区联动，实施四个一批工程。", pipe, "Policy", "三区联动")
    find("该区推动三区联动，实施四个一批工程。", pipe, "Policy", "四个一批")
    find("全县以“三个一批”为抓手。", pipe, "Policy", "“三个一批”")


def test_quoted_system_ending_in_zhi(pipe):
    text = "该区实行“首问负责制”和“限时办结制”。"
    find(text, pipe, "Policy", "“首问负责制”")
    find(text, pipe, "Policy", "“限时办结制”")


def test_national_strategies_by_full_name(pipe):
    text = "深入实施创新驱动发展战略、区域协调发展战略。"
    find(text, pipe, "Policy", "创新驱动发展战略")
    find(text, pipe, "Policy", "区域协调发展战略")


def test_titled_work_points_and_lists_are_policy_documents(pipe):
    find("区里印发《南河区2024年招商引资工作要点》。", pipe, "Policy", "《南河区2024年招商引资工作要点》")
    find("县里公布《南河县涉企收费清单》。", pipe, "Policy", "《南河县涉企收费清单》")


def test_quoted_slogan_ending_in_a_park_word_is_no_project(pipe):
    text = "全面推行“一枚印章管审批”，实现“企业办事不出园区”。"
    assert none_of(text, pipe, "Project") == []
    find("引进“星河智慧产业园”落户。", pipe, "Project", "星河智慧产业园")


def test_quoted_package_of_articles_after_a_document_verb(pipe):
    find("该区出台支持企业发展“黄金十条”。", pipe, "Policy", "“黄金十条”")
    find("我市全面实施“人才新政20条”。", pipe, "Policy", "“人才新政20条”")
    assert none_of("坚持“补短板、强基础、延链条”。", pipe, "Policy") == []


def test_campaign_year_without_the_verbs_in_front(pipe):
    text = "全省开展营商环境建设年活动。"
    find(text, pipe, "Policy", "营商环境建设年活动")


def test_short_title_of_a_document_names_the_document_before_it(pipe):
    text = "南河市出台《南河市优化营商环境若干措施》（以下简称《措施》）。《措施》明确了30条举措。"
    ms = [m for m in mentions(text, pipe) if m.type == "Policy"]
    assert [m.name for m in ms] == ["《南河市优化营商环境若干措施》"] * 3
    assert [m.text for m in ms] == ["《南河市优化营商环境若干措施》", "《措施》", "《措施》"]
    assert none_of("会议审议了《方案》。", pipe, "Policy") == []


def test_campaigns_of_a_kind_without_the_verbs_in_front(pipe):
    text = "全市开展项目建设百日攻坚行动，实施企业梯度培育行动。"
    find(text, pipe, "Policy", "项目建设百日攻坚行动")
    find(text, pipe, "Policy", "企业梯度培育行动")
    find("各地开展百日攻坚行动。", pipe, "Policy", "百日攻坚行动")


def test_two_parties_are_no_slogan(pipe):
    assert none_of("双方并进，三方协同推进。", pipe, "Policy") == []


# ---------------------------------------------------------------- industries

def test_sector_in_front_of_a_park_word_without_the_parks_own_name(pipe):
    text = "松林汽车零部件产业基地一期已投产。"
    find(text, pipe, "Industry", "汽车零部件")
    none_of(text, pipe, "Industry", "松林汽车零部件")


def test_park_word_in_front_of_a_sector_is_no_part_of_it(pipe):
    text = "城东工业园新材料产业发展迅速。"
    find(text, pipe, "Industry", "新材料")
    none_of(text, pipe, "Industry", "城东工业园新材料")
