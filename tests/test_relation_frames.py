"""Issue 17: sentence frames that carry relations on real news, and the defaults they replace.
Invented sentences with hand-made mentions (independent of the entity stage), one rule per test."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import yaml

from kg.extract import relations as rel
from kg.extract.topic import compile_topic, topic_region
from kg.model import Document, Mention
from kg.pipeline import load_rules
from kg.rules import RULES_DIR, RulePack, validate
from kg.segment import Segmenter


@pytest.fixture(scope="module")
def rules():
    """The relations pack (and the topic rules), compiled; a segmenter for the sentences."""
    data = yaml.safe_load((RULES_DIR / "relations.yaml").read_text(encoding="utf-8"))
    validate(data, "relations.yaml", {"relations": rel.SCHEMA_RELATIONS})
    data["topic"] = yaml.safe_load((RULES_DIR / "figures.yaml").read_text(encoding="utf-8"))["topic"]
    pack = RulePack(data=data, version="test-relation-frames")
    return SimpleNamespace(relations=rel.compile_relations(pack), topic=compile_topic(pack),
                           seg=Segmenter(load_rules()))


def mention(text: str, form: str, type_: str, nth: int = 0, subtype: str | None = None,
            name: str | None = None) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(form, start + 1)
    return Mention("d", start, start + len(form), form, type_, name=name or form, subtype=subtype)


_FIND = object()


def run(text: str, ms: list[Mention], rules, topic=_FIND) -> set[tuple]:
    """(subject, predicate, object) keys; topic: the article's region, found as the pipeline does unless given."""
    doc = Document("d", "d.txt", text)
    if topic is _FIND:
        topic = topic_region(doc, ms, rules.topic)
    got = rel.extract_relations(doc, rules.seg.split_sentences(text), ms, rules.relations, topic)
    return {(r.subject.key, r.predicate, r.object.key) for r in got}


def located(got: set[tuple], subject: str) -> set[str]:
    return {o for s, p, o in got if s == subject and p == "locatedIn"}


# ---------------------------------------------------------------- defaults that real news does not bear out

def test_company_investing_in_a_project_is_not_placed_in_the_region(rules):
    text = "东岭区经济稳步增长。星河集团拟投资12亿元建设星河新材料产业园。东岭区招商成效明显。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "星河集团", "Company"),
          mention(text, "星河新材料产业园", "Project"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rules)
    assert located(got, "星河集团") == set()
    assert located(got, "星河新材料产业园") == {"东岭区"}       # the project still is


def test_company_signing_with_the_region_is_not_placed_there(rules):
    text = "东岭区经济稳步增长。远航科技有限公司和东岭区政府签约智能装备项目。东岭区招商成效明显。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "远航科技有限公司", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "东岭区政府", "Organization"),
          mention(text, "智能装备项目", "Project"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rules)
    assert located(got, "远航科技有限公司") == set()


def test_a_group_opening_a_project_name_is_no_resident(rules):
    text = "东岭区经济稳步增长。星河集团年产10万吨新材料项目开工。东岭区招商成效明显。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "星河集团年产10万吨新材料项目", "Project"),
          mention(text, "星河集团", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rules)
    assert ("星河集团年产10万吨新材料项目", "implementedBy", "星河集团") in got
    assert located(got, "星河集团") == set()


def test_a_province_is_not_the_default_home_of_what_its_article_names(rules):
    text = "北江省重大项目集中开工。星河新材料项目开工。远航集团参加活动。北江省经济增长。"
    ms = [mention(text, "北江省", "Region", 0, subtype="Province"),
          mention(text, "星河新材料项目", "Project"),
          mention(text, "远航集团", "Company"),
          mention(text, "北江省", "Region", 1, subtype="Province")]
    got = run(text, ms, rules, topic=ms[0])
    assert not any(p == "locatedIn" for _, p, _ in got)


def test_zone_named_after_a_city_written_only_inside_it_has_no_parent(rules):
    text = "南湖高新区重大项目集中开工。南湖高新区经济增长。"
    ms = [mention(text, "南湖高新区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "南湖", "Region", 0, subtype="City", name="南湖市"),
          mention(text, "南湖高新区", "Region", 1, subtype="DevelopmentZone"),
          mention(text, "南湖", "Region", 1, subtype="City", name="南湖市")]
    got = run(text, ms, rules)
    assert not any(p == "partOf" for _, p, _ in got)


def test_zone_named_after_another_place_is_not_a_part_of_the_topic(rules):
    text = "东岭区经济增长。上饶经开区代表团来访。东岭区招商成效明显。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "上饶经开区", "Region", subtype="DevelopmentZone"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rules)
    assert ("上饶经开区", "partOf", "东岭区") not in got


def test_wide_areas_are_nobodys_part(rules):
    text = "北部湾区企业来南湖市考察。北部湾区合作加深。"
    ms = [mention(text, "北部湾区", "Region", 0),
          mention(text, "北部湾区", "Region", 1),
          mention(text, "南湖市", "Region", subtype="City")]
    got = run(text, ms, rules, topic=ms[0])
    assert not any(s == "北部湾区" for s, p, o in got), got


# ---------------------------------------------------------------- frames

def test_company_and_county_government_sign_a_project(rules):
    text = ("记者了解到，星河集团和东岭县政府签约新材料产业园项目，"
            "远航科技有限公司和西山县政府签约智能装备项目。")
    ms = [mention(text, "星河集团", "Company"),
          mention(text, "东岭县", "Region", subtype="District"),
          mention(text, "东岭县政府", "Organization"),
          mention(text, "新材料产业园项目", "Project"),
          mention(text, "远航科技有限公司", "Company"),
          mention(text, "西山县", "Region", subtype="District"),
          mention(text, "西山县政府", "Organization"),
          mention(text, "智能装备项目", "Project")]
    got = run(text, ms, rules)
    assert ("新材料产业园项目", "implementedBy", "星河集团") in got
    assert ("新材料产业园项目", "locatedIn", "东岭县") in got
    assert ("智能装备项目", "implementedBy", "远航科技有限公司") in got
    assert ("智能装备项目", "locatedIn", "西山县") in got
    assert ("智能装备项目", "implementedBy", "星河集团") not in got


def test_region_signs_a_project_with_a_group(rules):
    text = "东岭区与星河集团签署了新材料产业园项目。"
    ms = [mention(text, "东岭区", "Region", subtype="District"),
          mention(text, "星河集团", "Company"),
          mention(text, "新材料产业园项目", "Project")]
    got = run(text, ms, rules)
    assert ("新材料产业园项目", "locatedIn", "东岭区") in got
    assert ("新材料产业园项目", "implementedBy", "星河集团") in got


def test_project_signed_by_a_county_government_and_a_company(rules):
    text = "由东岭县政府与远航纺织有限公司签订的总投资3亿元的无纺布生产线项目落地。"
    ms = [mention(text, "东岭县", "Region", subtype="District"),
          mention(text, "东岭县政府", "Organization"),
          mention(text, "远航纺织有限公司", "Company"),
          mention(text, "无纺布生产线项目", "Project")]
    got = run(text, ms, rules)
    assert ("无纺布生产线项目", "locatedIn", "东岭县") in got
    assert ("无纺布生产线项目", "implementedBy", "远航纺织有限公司") in got


def test_merchants_of_a_province_are_not_the_place(rules):
    text = "东岭商务局与北江省客商签订的运动鞋加工项目也已签约。"
    ms = [mention(text, "东岭商务局", "Organization"),
          mention(text, "北江省", "Region", subtype="Province"),
          mention(text, "运动鞋加工项目", "Project")]
    got = run(text, ms, rules)
    assert ("运动鞋加工项目", "locatedIn", "北江省") not in got


def test_counted_projects_of_each_county(rules):
    text = ("签约项目中，东岭县3个，分别为总投资15亿元的星河电池项目和"
            "总投资9亿元的远航光伏产业基地项目。西山区1个，为总投资6亿元的云帆隔膜生产项目。")
    ms = [mention(text, "东岭县", "Region", subtype="District"),
          mention(text, "星河电池项目", "Project"),
          mention(text, "远航光伏产业基地项目", "Project"),
          mention(text, "西山区", "Region", subtype="District"),
          mention(text, "云帆隔膜生产项目", "Project")]
    got = run(text, ms, rules)
    assert located(got, "星河电池项目") == {"东岭县"}
    assert located(got, "远航光伏产业基地项目") == {"东岭县"}
    assert located(got, "云帆隔膜生产项目") == {"西山区"}


def test_a_city_lists_its_projects(rules):
    text = ("北江省重大项目集中开工。南湖市有星河锂电池项目、东江整治工程、远航信息港小镇等12个项目开工。"
            "西山市集中开工云帆产业园一期项目、西山会展中心等3个项目。")
    ms = [mention(text, "北江省", "Region", subtype="Province"),
          mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "星河锂电池项目", "Project"),
          mention(text, "远航信息港小镇", "Project"),            # 东江整治工程 unmarked: still a list
          mention(text, "西山市", "Region", subtype="City"),
          mention(text, "云帆产业园一期项目", "Project"),
          mention(text, "西山会展中心", "Project")]
    got = run(text, ms, rules, topic=ms[0])
    assert located(got, "星河锂电池项目") == {"南湖市"}
    assert located(got, "远航信息港小镇") == {"南湖市"}
    assert located(got, "云帆产业园一期项目") == {"西山市"}
    assert located(got, "西山会展中心") == {"西山市"}


def test_companies_settled_in_a_park(rules):
    text = "星河生物产业园去年动工，目前已确定落户云帆药业、远航生物等6家企业。"
    ms = [mention(text, "星河生物产业园", "Project"),
          mention(text, "云帆药业", "Company"),
          mention(text, "远航生物", "Company")]
    got = run(text, ms, rules)
    assert located(got, "云帆药业") == {"星河生物产业园"}
    assert located(got, "远航生物") == {"星河生物产业园"}


def test_a_project_moving_into_a_base_is_not_the_bases_holder(rules):
    text = "星河储能试验项目计划入驻东岭装备制造基地，明年开工。"
    ms = [mention(text, "星河储能试验项目", "Project"),
          mention(text, "东岭装备制造基地", "Project")]
    got = run(text, ms, rules)
    assert ("东岭装备制造基地", "locatedIn", "星河储能试验项目") not in got


def test_park_relying_on_companies_holds_them(rules):
    text = "东岭生物医药产业园依托云帆医疗、远航药业等企业延伸产业链。"
    ms = [mention(text, "东岭生物医药产业园", "Project"),
          mention(text, "云帆医疗", "Company"),
          mention(text, "远航药业", "Company")]
    got = run(text, ms, rules)
    assert located(got, "云帆医疗") == {"东岭生物医药产业园"}
    assert located(got, "远航药业") == {"东岭生物医药产业园"}


def test_a_group_builds_each_listed_project(rules):
    text = "星河集团三年投入40亿元，建设了东山选矿工程、南坡冶炼工程、西山铜箔项目等9个项目。"
    ms = [mention(text, "星河集团", "Company"),
          mention(text, "东山选矿工程", "Project"),
          mention(text, "西山铜箔项目", "Project")]            # 南坡冶炼工程 unmarked: still a list
    got = run(text, ms, rules)
    assert ("东山选矿工程", "implementedBy", "星河集团") in got
    assert ("西山铜箔项目", "implementedBy", "星河集团") in got


def test_investor_named_after_the_project(rules):
    text = "东山科创中心(一期)项目计划总投资9亿元，投资方为星河控股有限公司。"
    ms = [mention(text, "东山科创中心(一期)项目", "Project"),
          mention(text, "星河控股有限公司", "Company")]
    got = run(text, ms, rules)
    assert ("东山科创中心(一期)项目", "implementedBy", "星河控股有限公司") in got


def test_project_landed_first_in_a_park(rules):
    text = "星河健康产业园首批落地的东山康复医院项目计划明年建成。"
    ms = [mention(text, "星河健康产业园", "Project"),
          mention(text, "东山康复医院项目", "Project")]
    got = run(text, ms, rules)
    assert ("东山康复医院项目", "locatedIn", "星河健康产业园") in got


def test_every_listed_group_builds_the_project(rules):
    text = "星河集团、远航集团等国企投资建设的20万吨甲醇项目同期开工。"
    ms = [mention(text, "星河集团", "Company"),
          mention(text, "远航集团", "Company"),
          mention(text, "20万吨甲醇项目", "Project")]
    got = run(text, ms, rules)
    assert ("20万吨甲醇项目", "implementedBy", "星河集团") in got
    assert ("20万吨甲醇项目", "implementedBy", "远航集团") in got


def test_group_plans_to_build_in_a_park(rules):
    text = "星河能源集团拟在东山化工园建设新型储能材料研发基地。"
    ms = [mention(text, "星河能源集团", "Company"),
          mention(text, "东山化工园", "Project"),
          mention(text, "新型储能材料研发基地", "Project")]
    got = run(text, ms, rules)
    assert ("新型储能材料研发基地", "implementedBy", "星河能源集团") in got
    assert ("新型储能材料研发基地", "locatedIn", "东山化工园") in got


# ---------------------------------------------------------------- names and division tables

def test_autonomous_prefecture_is_part_of_its_province(rules):
    text = "四川省召开项目推进会。阿坝州代表介绍了项目进展。四川省经济增长。"
    ms = [mention(text, "四川省", "Region", 0, subtype="Province"),
          mention(text, "阿坝州", "Region", subtype="City"),
          mention(text, "四川省", "Region", 1, subtype="Province")]
    got = run(text, ms, rules)
    assert ("阿坝州", "partOf", "四川省") in got


def test_project_named_after_a_city_is_in_that_city(rules):
    text = "北江省重大项目集中开工。南湖市召开会议。南湖星河云计算中心项目开工。"
    ms = [mention(text, "北江省", "Region", subtype="Province"),
          mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "南湖星河云计算中心项目", "Project")]
    got = run(text, ms, rules, topic=ms[0])
    assert located(got, "南湖星河云计算中心项目") == {"南湖市"}


def test_project_named_after_the_city_above_the_articles_district_is_in_the_district(rules):
    text = "南湖市东岭区经济增长。南湖星河云计算中心项目开工。东岭区招商成效明显。东岭区发展。"
    ms = [mention(text, "南湖市东岭区", "Region", subtype="District"),
          mention(text, "南湖星河云计算中心项目", "Project"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    ms.append(Mention("d", 0, 3, "南湖市", "Region", name="南湖市", subtype="City"))
    got = run(text, ms, rules, topic=ms[0])
    assert located(got, "南湖星河云计算中心项目") == {"南湖市东岭区"}


def test_company_behind_a_city_name_in_the_division_table_builds_the_project(rules):
    text = "柳州市星河电子信息生产基地今年投产。星河公司负责人介绍了产能。"
    ms = [mention(text, "柳州市星河电子信息生产基地", "Project"),
          mention(text, "星河", "Company", 1)]
    got = run(text, ms, rules)
    assert ("柳州市星河电子信息生产基地", "implementedBy", "星河") in got


def test_company_plans_to_build_a_project_in_a_county(rules):
    text = "星河公司计划在东岭县建设新材料项目，计划投资5亿元。"
    ms = [mention(text, "星河公司", "Company"),
          mention(text, "东岭县", "Region", subtype="District"),
          mention(text, "新材料项目", "Project")]
    got = run(text, ms, rules)
    assert ("新材料项目", "implementedBy", "星河公司") in got
    assert ("新材料项目", "locatedIn", "东岭县") in got


def test_project_built_by_a_company_to_be_sited_in_a_zone(rules):
    text = "新材料项目由星河公司总投资8亿元，拟建设于东岭开发区。"
    ms = [mention(text, "新材料项目", "Project"),
          mention(text, "星河公司", "Company"),
          mention(text, "东岭开发区", "Region", subtype="DevelopmentZone")]
    got = run(text, ms, rules)
    assert ("新材料项目", "implementedBy", "星河公司") in got
    assert ("新材料项目", "locatedIn", "东岭开发区") in got


def test_every_listed_project_settles_where_the_last_one_does(rules):
    text = "星河电池项目、远航光伏项目、云帆隔膜项目等一批项目落户东岭区。"
    ms = [mention(text, "星河电池项目", "Project"),
          mention(text, "远航光伏项目", "Project"),
          mention(text, "云帆隔膜项目", "Project"),
          mention(text, "东岭区", "Region", subtype="District")]
    got = run(text, ms, rules)
    for p in ("星河电池项目", "远航光伏项目", "云帆隔膜项目"):
        assert located(got, p) == {"东岭区"}


def test_a_city_body_is_not_placed_in_the_zone_its_article_is_about(rules):
    text = "长沙东岭高新区项目集中开工。长沙市委副书记出席。长沙东岭高新区经济增长。"
    ms = [mention(text, "长沙东岭高新区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "长沙市委", "Organization"),
          mention(text, "长沙东岭高新区", "Region", 1, subtype="DevelopmentZone")]
    got = run(text, ms, rules)
    assert located(got, "长沙市委") == set()


def _division_table(rules) -> bool:
    return bool(rules.relations.division_parent)


def test_district_is_part_of_the_city_the_division_table_puts_it_in(rules):
    if not _division_table(rules):
        pytest.skip("no national division table (kg/rules/gazetteer/divisions.tsv) in this checkout")
    text = "沈阳市推进重大项目建设。铁西区新开工项目30个。"
    ms = [mention(text, "沈阳市", "Region", subtype="City"),
          mention(text, "铁西区", "Region", subtype="District")]
    assert ("铁西区", "partOf", "沈阳市") in run(text, ms, rules)
    text = "鞍山市推进重大项目建设。铁西区新开工项目30个。"      # the 铁西区 of another city
    ms = [mention(text, "鞍山市", "Region", subtype="City"),
          mention(text, "铁西区", "Region", subtype="District")]
    got = run(text, ms, rules)
    assert ("铁西区", "partOf", "鞍山市") in got and ("铁西区", "partOf", "沈阳市") not in got


def test_county_level_city_is_part_of_its_prefecture_written_short(rules):
    if not _division_table(rules):
        pytest.skip("no national division table (kg/rules/gazetteer/divisions.tsv) in this checkout")
    text = "延边州召开项目推进会。敦化市代表介绍了项目进展。"
    ms = [mention(text, "延边州", "Region", subtype="City"),
          mention(text, "敦化市", "Region", subtype="City")]
    assert ("敦化市", "partOf", "延边州") in run(text, ms, rules, topic=ms[0])


def test_a_region_the_table_does_not_put_under_another_gets_no_parent(rules):
    if not _division_table(rules):
        pytest.skip("no national division table (kg/rules/gazetteer/divisions.tsv) in this checkout")
    text = "沈阳市推进重大项目建设。江夏区新开工项目30个。"      # 江夏区 is 武汉's
    ms = [mention(text, "沈阳市", "Region", subtype="City"),
          mention(text, "江夏区", "Region", subtype="District")]
    assert not any(p == "partOf" for _, p, _ in run(text, ms, rules, topic=ms[0]))


def test_city_party_committee_is_the_citys(rules):
    text = "南湖市委副书记在签约仪式上讲话。南湖市经济增长。东岭区项目开工。"
    ms = [mention(text, "南湖市委", "Organization"),
          mention(text, "南湖市", "Region", 1, subtype="City"),
          mention(text, "东岭区", "Region", subtype="District")]
    got = run(text, ms, rules, topic=ms[2])
    assert located(got, "南湖市委") == {"南湖市"}


def test_park_signing_a_project_holds_it(rules):
    text = "东岭工业园区与星河物流集团签订了总投资6亿元的冷链物流中心项目。"
    ms = [mention(text, "东岭工业园区", "Project"),
          mention(text, "星河物流集团", "Company"),
          mention(text, "冷链物流中心项目", "Project")]
    got = run(text, ms, rules)
    assert ("冷链物流中心项目", "locatedIn", "东岭工业园区") in got
    assert ("冷链物流中心项目", "implementedBy", "星河物流集团") in got


def test_a_list_whose_first_item_holds_an_industry_name(rules):
    text = "北江省重大项目集中开工。南湖市有10GWh锂电池项目、东江水环境治理PPP项目等7个项目开工。"
    ms = [mention(text, "北江省", "Region", subtype="Province"),
          mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "锂电池", "Industry"),
          mention(text, "东江水环境治理PPP项目", "Project")]
    got = run(text, ms, rules, topic=ms[0])
    assert located(got, "东江水环境治理PPP项目") == {"南湖市"}


def test_named_area_of_a_new_area_named_after_the_same_city_is_its_part(rules):
    text = "长春东岭新区经济增长。长春北湖科技开发区项目开工。长春东岭新区招商成效明显。"
    ms = [mention(text, "长春东岭新区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "长春北湖科技开发区", "Region", subtype="DevelopmentZone"),
          mention(text, "长春东岭新区", "Region", 1, subtype="DevelopmentZone")]
    assert ("长春北湖科技开发区", "partOf", "长春东岭新区") in run(text, ms, rules, topic=ms[0])


def test_district_topic_is_not_part_of_a_city_the_table_does_not_put_it_in(rules):
    if not _division_table(rules):
        pytest.skip("no national division table (kg/rules/gazetteer/divisions.tsv) in this checkout")
    text = "江夏区经济增长。江夏区与沈阳市企业签约。江夏区发展。"          # 江夏区 is 武汉's
    ms = [mention(text, "江夏区", "Region", 0, subtype="District"),
          mention(text, "江夏区", "Region", 1, subtype="District"),
          mention(text, "沈阳市", "Region", subtype="City"),
          mention(text, "江夏区", "Region", 2, subtype="District")]
    assert not any(p == "partOf" for _, p, _ in run(text, ms, rules, topic=ms[0]))


def test_builder_and_site_named_after_a_comma(rules):
    text = "星河新材料项目总投资12亿元，由远航科技有限公司投资建设，选址东岭经开区。"
    ms = [mention(text, "星河新材料项目", "Project"),
          mention(text, "远航科技有限公司", "Company"),
          mention(text, "东岭经开区", "Region", subtype="DevelopmentZone")]
    got = run(text, ms, rules)
    assert ("星河新材料项目", "implementedBy", "远航科技有限公司") in got
    assert ("星河新材料项目", "locatedIn", "东岭经开区") in got


def test_papers_regional_bodies_and_other_counties_bodies_are_not_residents(rules):
    text = ("北江晨报报道，东岭区一季度签约项目增多。自治区工业和信息化厅主办活动。"
            "西华卫生局参加了会议。东岭区经济增长。")
    ms = [mention(text, "北江晨报", "Organization"),
          mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "自治区工业和信息化厅", "Organization"),
          mention(text, "西华卫生局", "Organization"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rules, topic=ms[1])
    assert located(got, "北江晨报") == set()
    assert located(got, "自治区工业和信息化厅") == set()
    if rules.relations.division_names:          # 西华 is a county of the division table
        assert located(got, "西华卫生局") == set()


def test_every_project_of_a_list_built_in_a_county_by_a_company(rules):
    text = "星河公司将在东岭县建设新材料项目、智能装备项目和物流园项目。"
    ms = [mention(text, "星河公司", "Company"),
          mention(text, "东岭县", "Region", subtype="District"),
          mention(text, "新材料项目", "Project"),
          mention(text, "智能装备项目", "Project"),
          mention(text, "物流园项目", "Project")]
    got = run(text, ms, rules)
    for p in ("新材料项目", "智能装备项目", "物流园项目"):
        assert located(got, p) == {"东岭县"}, p
        assert (p, "implementedBy", "星河公司") in got, p
