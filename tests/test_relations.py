"""Relation extraction on invented sentences with hand-made mentions (independent of the entity stage).
Set-level scores (seeds, other cities) are gated in tests/test_quality.py."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import yaml

from kg.extract import relations as rel
from kg.model import Document, Mention
from kg.extract.topic import compile_topic, topic_region
from kg.pipeline import load_rules
from kg.rules import RULES_DIR, RulePack, validate
from kg.segment import Segmenter


@pytest.fixture(scope="module")
def rel_pack() -> RulePack:
    """Only the relations pack and the topic rules, so these tests do not depend on other stages' rules."""
    data = yaml.safe_load((RULES_DIR / "relations.yaml").read_text(encoding="utf-8"))
    validate(data, "relations.yaml", {"relations": rel.SCHEMA_RELATIONS})
    data["topic"] = yaml.safe_load((RULES_DIR / "figures.yaml").read_text(encoding="utf-8"))["topic"]
    return RulePack(data=data, version="test-relations")


@pytest.fixture(scope="module")
def rel_rules(rel_pack):
    """The compiled relation and topic rules, and a segmenter for the sentences."""
    return SimpleNamespace(relations=rel.compile_relations(rel_pack), topic=compile_topic(rel_pack),
                           seg=Segmenter(load_rules()))


_FIND = object()      # extract's topic: find it as the pipeline does


def extract(doc: Document, mentions: list[Mention], rules, topic=_FIND):
    """The document's relations; topic: the article's topic region, found as the pipeline does unless given."""
    if topic is _FIND:
        topic = topic_region(doc, mentions, rules.topic)
    return rel.extract_relations(doc, rules.seg.split_sentences(doc.text), mentions, rules.relations, topic)


def mention(text: str, form: str, type_: str, nth: int = 0, subtype: str | None = None,
            name: str | None = None) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(form, start + 1)
    return Mention("d", start, start + len(form), form, type_, name=name or form, subtype=subtype)


def run(text: str, mentions: list[Mention], rules) -> set[tuple]:
    doc = Document("d", "d.txt", text)
    got = extract(doc, mentions, rules)
    for r in got:      # evidence is the subject's sentence, with exact offsets
        assert text[r.start:r.end] == r.sentence
        assert r.start <= r.subject.start < r.end
    return {(r.subject.key, r.predicate, r.object.key) for r in got}


def evidence(text, mentions, rules, subject, predicate):
    doc = Document("d", "d.txt", text)
    for r in extract(doc, mentions, rules):
        if r.subject.key == subject and r.predicate == predicate:
            return r.start, r.end, r.sentence
    return None


def test_city_district_prefix_gives_part_of(rel_rules):
    text = "南湖市东岭区召开大会。东岭区与南湖市签约。东岭区经济稳步增长。"
    ms = [mention(text, "南湖市东岭区", "Region", subtype="District"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "南湖市", "Region", 1, subtype="City"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("南湖市东岭区", "partOf", "南湖市") in got
    assert not any(p == "partOf" and s == "南湖市" for s, p, o in got)
    assert evidence(text, ms, rel_rules, "南湖市东岭区", "partOf") == (0, 11, "南湖市东岭区召开大会。")


def test_zone_named_after_city_and_district_is_part_of_the_district(rel_rules):
    text = "南湖东岭经济开发区新签约项目12个。东岭区全力服务企业。南湖市加快发展。东岭区持续发力。"
    ms = [mention(text, "南湖东岭经济开发区", "Region", subtype="DevelopmentZone"),
          mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("南湖东岭经济开发区", "partOf", "东岭区") in got
    assert ("南湖东岭经济开发区", "partOf", "南湖市") not in got


def test_located_at_cue_and_project_named_after_company(rel_rules):
    text = ("东岭区推动产业升级。位于东岭经济开发区的华星年产3万吨碳纤维项目正在建设。"
            "华星材料是东岭区龙头企业。东岭区加快项目建设。")
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "东岭经济开发区", "Region", subtype="DevelopmentZone"),
          mention(text, "华星年产3万吨碳纤维项目", "Project"),
          mention(text, "华星材料", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("华星年产3万吨碳纤维项目", "locatedIn", "东岭经济开发区") in got
    assert ("华星年产3万吨碳纤维项目", "locatedIn", "东岭区") not in got   # only in the zone (the zone is the district's part)
    assert ("华星年产3万吨碳纤维项目", "implementedBy", "华星材料") in got
    assert ("华星材料", "locatedIn", "东岭区") in got                        # a local company, by default
    assert ("东岭经济开发区", "partOf", "东岭区") in got
    assert evidence(text, ms, rel_rules, "华星年产3万吨碳纤维项目", "locatedIn") == (
        10, 37, "位于东岭经济开发区的华星年产3万吨碳纤维项目正在建设。")


def test_organisation_named_after_region_is_located_there(rel_rules):
    text = "西川县政务服务中心推出“一次办好”改革。西川县持续优化营商环境。西川县再创佳绩。"
    ms = [mention(text, "西川县政务服务中心", "Organization"),
          mention(text, "“一次办好”改革", "Policy"),
          mention(text, "西川县", "Region", 1, subtype="District"),
          mention(text, "西川县", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("西川县政务服务中心", "locatedIn", "西川县") in got
    # an explicit issuer wins over the article's region
    assert ("“一次办好”改革", "issuedBy", "西川县政务服务中心") in got
    assert ("“一次办好”改革", "issuedBy", "西川县") not in got


def test_policies_default_to_the_topic_region_unless_approved_from_above(rel_rules):
    text = ("东岭区全面推行“拿地即开工”模式。积极推进跨境电商试点获批。"
            "东岭区深化“企业服务日”活动。东岭区成为全国数据共享试点。")
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "“拿地即开工”模式", "Policy"),
          mention(text, "跨境电商试点", "Policy"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "“企业服务日”活动", "Policy"),
          mention(text, "东岭区", "Region", 2, subtype="District"),
          mention(text, "数据共享试点", "Policy")]
    got = run(text, ms, rel_rules)
    assert ("“拿地即开工”模式", "issuedBy", "东岭区") in got
    assert ("“企业服务日”活动", "issuedBy", "东岭区") in got
    assert not any(s in ("跨境电商试点", "数据共享试点") for s, p, o in got)


def test_level_word_names_the_issuing_province_and_city(rel_rules):
    text = "江北省南湖市东岭区召开会议。东岭区落实省市“双百”“三早”行动部署。东岭区推进项目。"
    ms = [mention(text, "江北省", "Region", subtype="Province"),
          mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "双百", "Policy"),
          mention(text, "“三早”行动", "Policy"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    for policy in ("双百", "“三早”行动"):
        assert (policy, "issuedBy", "江北省") in got
        assert (policy, "issuedBy", "南湖市") in got
        assert (policy, "issuedBy", "东岭区") not in got
    assert ("东岭区", "partOf", "南湖市") in got
    assert ("南湖市", "partOf", "江北省") in got


def test_visited_companies_elsewhere_are_not_located_at_home(rel_rules):
    text = "东岭区招商团队赴深圳，拜访远航科技等企业。东岭区支持星河电子扩大生产。东岭区加快发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "深圳", "Region", subtype="City"),
          mention(text, "远航科技", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "星河电子", "Company"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("星河电子", "locatedIn", "东岭区") in got
    assert not any(s == "远航科技" for s, p, o in got)
    assert not any(s == "深圳" for s, p, o in got)


def test_company_seen_only_inside_a_project_name_gets_no_location(rel_rules):
    text = "东岭区重点推进远航光电显示材料基地等项目。东岭区服务企业。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "远航光电显示材料基地", "Project"),
          mention(text, "远航", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert got == {("远航光电显示材料基地", "locatedIn", "东岭区"),
                   ("远航光电显示材料基地", "implementedBy", "远航")}


def test_project_in_a_park_named_in_full(rel_rules):
    text = "东岭区的北湖新材料产业园检测平台项目开工。北湖新材料产业园加快建设。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "北湖新材料产业园检测平台项目", "Project"),
          mention(text, "北湖新材料产业园", "Project", 1),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("北湖新材料产业园检测平台项目", "locatedIn", "北湖新材料产业园") in got
    assert ("北湖新材料产业园检测平台项目", "locatedIn", "东岭区") in got


def test_no_mentions_no_relations(rel_rules):
    assert extract(Document("d", "d", "没有实体。"), [], rel_rules) == []


def test_compiling_is_pure(rel_pack):
    # each call builds its own rules (the caller keeps them): nothing is cached behind its back
    a, b = rel.compile_relations(rel_pack), rel.compile_relations(rel_pack)
    assert a is not b
    assert a.gazetteer == b.gazetteer and a.city_province == b.city_province and a.levels == b.levels



def test_project_in_an_unnamed_zone_of_the_district_gets_no_district(rel_rules):
    # the zone itself is not a mention here, so the project is left unplaced rather than misplaced
    text = "南湖东岭经济开发区智能家居产业园项目开工。东岭区服务项目。南湖市支持。东岭区发展。"
    ms = [mention(text, "南湖东岭经济开发区智能家居产业园项目", "Project"),
          mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert not any(s == "南湖东岭经济开发区智能家居产业园项目" for s, p, o in got)


def test_signed_partner_companies_are_not_residents(rel_rules):
    text = "东岭区新签约远航科技、星海物流等项目。东岭区支持云帆电子发展。东岭区加快发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "远航科技", "Company"),
          mention(text, "星海物流", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "云帆电子", "Company"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert {s for s, p, o in got if p == "locatedIn"} == {"云帆电子"}


def test_sentence_led_by_a_part_of_the_zone_places_its_projects_there(rel_rules):
    text = "东岭开发区经济稳步增长。综保区功能更加完善，整车进口口岸投入运营。东岭开发区推进光电产业园建设。"
    ms = [mention(text, "东岭开发区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "综保区", "Region", subtype="DevelopmentZone"),
          mention(text, "整车进口口岸", "Project"),
          mention(text, "东岭开发区", "Region", 1, subtype="DevelopmentZone"),
          mention(text, "光电产业园", "Project")]
    got = run(text, ms, rel_rules)
    assert ("综保区", "partOf", "东岭开发区") in got
    assert ("整车进口口岸", "locatedIn", "综保区") in got
    assert ("整车进口口岸", "locatedIn", "东岭开发区") not in got
    assert ("光电产业园", "locatedIn", "东岭开发区") in got



def test_sentence_led_by_another_district_places_its_projects_there(rel_rules):
    text = "东岭区经济稳步增长。西川区全力推进星河产业园建设，引进云帆电子。东岭区加快万达广场项目建设。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "西川区", "Region", subtype="District"),
          mention(text, "星河产业园", "Project"),
          mention(text, "云帆电子", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "万达广场项目", "Project"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("星河产业园", "locatedIn", "西川区") in got
    assert ("云帆电子", "locatedIn", "西川区") in got
    assert ("万达广场项目", "locatedIn", "东岭区") in got
    assert not any(s == "星河产业园" and o == "东岭区" for s, p, o in got)


def test_region_cues_for_part_of(rel_rules):
    text = ("东岭高新区位于江北省南湖市西部，是国家级高新区。东岭区和西川区是南湖市的中心城区。"
            "东岭区所辖的北港物流园区发展迅速。高新区经济增长。东岭高新区加快发展。")
    ms = [mention(text, "东岭高新区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "江北省", "Region", subtype="Province"),
          mention(text, "南湖市", "Region", 0, subtype="City"),
          mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "西川区", "Region", subtype="District"),
          mention(text, "南湖市", "Region", 1, subtype="City"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "北港物流园区", "Region", subtype="DevelopmentZone"),
          mention(text, "高新区", "Region", 2),
          mention(text, "东岭高新区", "Region", 1, subtype="DevelopmentZone")]
    got = run(text, ms, rel_rules)
    assert ("东岭高新区", "partOf", "南湖市") in got          # the last of 江北省南湖市
    assert ("东岭高新区", "partOf", "江北省") not in got
    assert ("南湖市", "partOf", "江北省") in got
    assert ("东岭区", "partOf", "南湖市") in got
    assert ("西川区", "partOf", "南湖市") in got
    assert ("北港物流园区", "partOf", "东岭区") in got
    assert not any(s == "高新区" for s, p, o in got)         # 高新区 is the article's zone itself


def test_project_introduced_then_its_builder_named(rel_rules):
    text = "在东岭区，星河新能源电池工厂项目正在加紧建设。该项目由星河控股（星河）投资建设，总投资60亿元。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "星河新能源电池工厂项目", "Project"),
          mention(text, "星河控股", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("星河新能源电池工厂项目", "locatedIn", "东岭区") in got
    assert ("星河新能源电池工厂项目", "implementedBy", "星河控股") in got


def test_park_phase_project_is_the_park_itself(rel_rules):
    text = "东岭区的云帆产业园二期项目开工，云帆产业园已入驻企业50家。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "云帆产业园二期项目", "Project"),
          mention(text, "云帆产业园", "Project", 1),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("云帆产业园二期项目", "locatedIn", "云帆产业园") not in got
    assert ("云帆产业园二期项目", "locatedIn", "东岭区") in got


def test_town_is_part_of_its_district_and_places_projects(rel_rules):
    text = "在东岭区桃源镇，桃源茶叶产业园项目正在扩建。东岭区加快发展。东岭区推进乡村振兴。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "桃源镇", "Region"),
          mention(text, "桃源茶叶产业园项目", "Project"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("桃源镇", "partOf", "东岭区") in got
    assert ("桃源茶叶产业园项目", "locatedIn", "桃源镇") in got


def test_issuing_body_beats_the_region_in_a_policy_name(rel_rules):
    text = "东岭高新区管委会印发《东岭高新区促进文旅产业发展实施方案》。东岭高新区发展。吉林大学在东岭高新区设有校区。"
    ms = [mention(text, "东岭高新区管委会", "Organization"),
          mention(text, "《东岭高新区促进文旅产业发展实施方案》", "Policy"),
          mention(text, "东岭高新区", "Region", 2, subtype="DevelopmentZone"),
          mention(text, "吉林大学", "Organization"),
          mention(text, "东岭高新区", "Region", 3, subtype="DevelopmentZone"),
          mention(text, "吉林", "Region", 0, subtype="Province", name="吉林省")]
    got = run(text, ms, rel_rules)
    assert ("《东岭高新区促进文旅产业发展实施方案》", "issuedBy", "东岭高新区管委会") in got
    assert ("《东岭高新区促进文旅产业发展实施方案》", "issuedBy", "东岭高新区") not in got
    assert ("东岭高新区管委会", "locatedIn", "东岭高新区") in got
    assert ("吉林大学", "locatedIn", "吉林省") not in got     # a province's short name is not an address
    assert ("吉林大学", "locatedIn", "东岭高新区") in got     # 在…设有校区


def test_policy_in_a_sentence_led_by_another_district(rel_rules):
    text = "东岭区经济稳步增长。西川区印发《西川区营商环境行动方案》，并推行“企业直通车”制度。东岭区加快发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "西川区", "Region", 0, subtype="District"),
          mention(text, "《西川区营商环境行动方案》", "Policy"),
          mention(text, "“企业直通车”制度", "Policy"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("《西川区营商环境行动方案》", "issuedBy", "西川区") in got
    assert ("“企业直通车”制度", "issuedBy", "西川区") in got
    assert not any(p == "issuedBy" and o == "东岭区" for s, p, o in got)


def test_builder_named_after_the_project_in_one_sentence(rel_rules):
    text = "东岭区物流港项目由远航物流投资建设，总投资8亿元。东岭区推进云帆电子的智能工厂项目。东岭区发展。"
    ms = [mention(text, "东岭区物流港项目", "Project"),
          mention(text, "远航物流", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "云帆电子", "Company"),
          mention(text, "智能工厂项目", "Project"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("东岭区物流港项目", "implementedBy", "远航物流") in got
    assert ("智能工厂项目", "implementedBy", "云帆电子") in got


def test_national_and_higher_level_policies_are_not_the_districts(rel_rules):
    text = "东岭区认真落实国家“双碳”战略。东岭区落实省“千企升级”行动。东岭区推出“企业管家”服务。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "“双碳”战略", "Policy"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "“千企升级”行动", "Policy"),
          mention(text, "东岭区", "Region", 2, subtype="District"),
          mention(text, "“企业管家”服务", "Policy")]
    got = run(text, ms, rel_rules)
    assert got == {("“企业管家”服务", "issuedBy", "东岭区")}


# ---------------------------------------------------------------- round 2: rules for unseen articles

def test_project_started_in_a_park_is_in_the_park_and_where_the_park_is(rel_rules):
    text = "东岭区加快项目建设。华星年产5万吨电池项目在东岭科技城正式开工。东岭区服务企业。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "华星年产5万吨电池项目", "Project"),
          mention(text, "东岭科技城", "Project"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("华星年产5万吨电池项目", "locatedIn", "东岭科技城") in got
    assert ("东岭科技城", "locatedIn", "东岭区") in got
    assert ("华星年产5万吨电池项目", "locatedIn", "东岭区") in got      # where its park is


def test_project_started_in_a_zone_of_the_district_is_only_there(rel_rules):
    text = "东岭区加快项目建设。华星年产5万吨电池项目在东岭经济开发区正式开工。东岭区服务企业。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "华星年产5万吨电池项目", "Project"),
          mention(text, "东岭经济开发区", "Region", subtype="DevelopmentZone"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("华星年产5万吨电池项目", "locatedIn", "东岭经济开发区") in got
    assert ("华星年产5万吨电池项目", "locatedIn", "东岭区") not in got   # (the zone is a part of the district)


def test_region_after_zai_is_a_scope_not_the_issuer(rel_rules):
    text = "东岭区在南湖省率先推行“一窗通办”改革。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "南湖省", "Region", subtype="Province"),
          mention(text, "“一窗通办”改革", "Policy"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("“一窗通办”改革", "issuedBy", "东岭区") in got
    assert ("“一窗通办”改革", "issuedBy", "南湖省") not in got


def test_media_and_universities_named_after_a_city_are_not_placed_by_the_name(rel_rules):
    text = "南湖市东岭区经济增长。来源：南湖日报。东岭区将深化与南湖大学、北江理工学院等高校的合作。东岭区发展。"
    ms = [mention(text, "南湖市东岭区", "Region", subtype="District"),
          mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "南湖日报", "Organization"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "南湖大学", "Organization"),
          mention(text, "北江理工学院", "Organization"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert not any(p == "locatedIn" for s, p, o in got), got


def test_university_said_to_be_here_is_located(rel_rules):
    text = "东岭高新区生态环境好，北江师范大学、南湖财经大学等高校也在这里设有校区。东岭高新区发展。"
    ms = [mention(text, "东岭高新区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "北江师范大学", "Organization"),
          mention(text, "南湖财经大学", "Organization"),
          mention(text, "东岭高新区", "Region", 1, subtype="DevelopmentZone")]
    got = run(text, ms, rel_rules)
    assert ("北江师范大学", "locatedIn", "东岭高新区") in got
    assert ("南湖财经大学", "locatedIn", "东岭高新区") in got


def test_district_written_often_beats_a_zone_mentioned_once_as_topic(rel_rules):
    text = ("东岭区前三季度签约项目46个\n\n今年以来，南湖市东岭区深入实施攻坚行动，全区新开工项目112个。"
            "东岭区为项目配备服务专员。同一天，星河真空泵项目在南湖东岭经济技术开发区开工。"
            "东岭区今年出台了扶持政策，远航精密机械有限公司等骨干企业加快扩能。东岭区发展改革局负责人表示，全区将加快建设。")
    ms = [mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "南湖市东岭区", "Region", subtype="District"),
          mention(text, "星河真空泵项目", "Project"),
          mention(text, "南湖东岭经济技术开发区", "Region", subtype="DevelopmentZone"),
          mention(text, "远航精密机械有限公司", "Company")]
    got = run(text, ms, rel_rules)
    assert ("远航精密机械有限公司", "locatedIn", "南湖市东岭区") in got


def test_company_seen_only_as_the_full_name_opening_a_project_is_located(rel_rules):
    text = "东岭区推进南湖星河电池有限公司年产5万吨电池项目。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "南湖星河电池有限公司年产5万吨电池项目", "Project"),
          mention(text, "南湖星河电池有限公司", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("南湖星河电池有限公司", "locatedIn", "东岭区") in got
    assert ("南湖星河电池有限公司年产5万吨电池项目", "implementedBy", "南湖星河电池有限公司") in got


def test_city_is_part_of_its_province_when_the_article_names_it(rel_rules):
    text = "株洲市天元区经济增长。天元区的产值占湖南省的一成。天元区发展。"
    ms = [mention(text, "株洲市天元区", "Region", subtype="District"),
          mention(text, "株洲市", "Region", subtype="City"),
          mention(text, "天元区", "Region", 1, subtype="District"),
          mention(text, "湖南省", "Region", subtype="Province"),
          mention(text, "天元区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("株洲市", "partOf", "湖南省") in got
    assert ("株洲市天元区", "partOf", "株洲市") in got
    got = run(text, [m for m in ms if m.key != "湖南省"], rel_rules)
    assert not any(s == "株洲市" and p == "partOf" for s, p, o in got)   # not named: nothing said


def test_the_company_builds_the_project_named_after_it(rel_rules):
    text = "位于东岭区的星河冰雪装备有限公司订单增长。该公司投资建设的年产800台造雪机项目今年投产。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "星河冰雪装备有限公司", "Company"),
          mention(text, "年产800台造雪机项目", "Project"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("年产800台造雪机项目", "implementedBy", "星河冰雪装备有限公司") in got


def test_project_said_to_be_in_a_park_in_the_next_sentence(rel_rules):
    text = "东岭区项目集中开工。同期开工的还有星河航空部件项目。项目位于东岭航空产业园，占地80亩。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "星河航空部件项目", "Project"),
          mention(text, "东岭航空产业园", "Project"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("星河航空部件项目", "locatedIn", "东岭航空产业园") in got
    assert ("星河航空部件项目", "locatedIn", "东岭区") in got


def test_company_entering_the_park_named_before(rel_rules):
    text = "东岭区桃源茶叶产业园项目正在扩建。入驻园区的星河茶业有限公司销售增长。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "桃源茶叶产业园项目", "Project"),
          mention(text, "星河茶业有限公司", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("星河茶业有限公司", "locatedIn", "桃源茶叶产业园项目") in got


def test_region_acting_with_a_body_issues_the_policy_too(rel_rules):
    text = "东岭区经济增长。东岭区还将联合南湖市商务局开展“服务企业月”活动。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "南湖市商务局", "Organization"),
          mention(text, "“服务企业月”活动", "Policy"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("“服务企业月”活动", "issuedBy", "南湖市商务局") in got
    assert ("“服务企业月”活动", "issuedBy", "东岭区") in got


def test_zone_is_not_part_of_a_city_named_in_passing(rel_rules):
    # issue 17: a zone is partOf a city only where the text says so, not because the city appears
    text = "东岭高新区经济增长。东岭高新区将为南湖市建设中心城市提供支撑。东岭高新区发展。"
    ms = [mention(text, "东岭高新区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "东岭高新区", "Region", 1, subtype="DevelopmentZone"),
          mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "东岭高新区", "Region", 2, subtype="DevelopmentZone")]
    got = run(text, ms, rel_rules)
    assert not any(p == "partOf" for _, p, _ in got)


def test_district_without_a_parent_is_part_of_the_only_city_named(rel_rules):
    text = "东岭区经济增长。东岭区将为南湖市建设中心城市提供支撑。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("东岭区", "partOf", "南湖市") in got


def test_main_region_prefers_the_district_written_far_more_often(rel_rules):
    """A zone topic gives way to a district written far more often: a project no cue places is the
    district's; with the district written once, the zone stays the article's region. The project the text
    places in the zone is only there either way."""
    def placed(text, project):
        ms = [mention(text, "南湖市", "Region", subtype="City"),
              mention(text, "南湖市东岭区", "Region", subtype="District"),
              mention(text, "南湖东岭经济技术开发区", "Region", subtype="DevelopmentZone"),
              mention(text, "星河项目", "Project"),
              mention(text, "云帆项目", "Project")]
        got = extract(Document("d", "d.txt", text), ms, rel_rules, topic=ms[2])    # the zone as the topic
        return {r.object.key for r in got if r.subject.key == project and r.predicate == "locatedIn"}

    text = ("今年以来，南湖市东岭区深入实施攻坚行动。东岭区为项目配备服务专员。星河项目在南湖东岭经济技术开发区开工。"
            "东岭区今年出台了扶持政策。东岭区发展改革局负责人表示。云帆项目竣工。")
    assert placed(text, "云帆项目") == {"南湖市东岭区"}
    assert placed(text, "星河项目") == {"南湖东岭经济技术开发区"}
    once = text.replace("东岭区", "本区").replace("南湖市本区", "南湖市东岭区")      # the district written once
    assert placed(once, "云帆项目") == {"南湖东岭经济技术开发区"}


def test_partner_companies_are_not_residents(rel_rules):
    text = "东岭区经济增长。东岭区与星河控股有限公司、远航科技有限公司等企业的合作不断深化。东岭区推动云帆电子扩产。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "星河控股有限公司", "Company"),
          mention(text, "远航科技有限公司", "Company"),
          mention(text, "东岭区", "Region", 2, subtype="District"),
          mention(text, "云帆电子", "Company")]
    got = run(text, ms, rel_rules)
    assert got == {("云帆电子", "locatedIn", "东岭区")}


def test_zone_governed_by_a_district_whose_name_is_not_a_mention(rel_rules):
    text = "东岭区服务业增长。东岭区所辖的南湖南部都市经济开发区重点发展总部经济。南湖市发展。东岭区加快建设。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),        # the second 东岭区 is not marked
          mention(text, "南湖南部都市经济开发区", "Region", subtype="DevelopmentZone"),
          mention(text, "南湖市", "Region", subtype="City"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("南湖南部都市经济开发区", "partOf", "东岭区") in got
    assert ("南湖南部都市经济开发区", "partOf", "南湖市") not in got


def test_city_seen_only_inside_a_papers_name_is_no_parent(rel_rules):
    text = "南湖西岸新区港口吞吐量增长。来源：南湖日报。南湖西岸新区发展。"
    ms = [mention(text, "南湖西岸新区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "南湖日报", "Organization"),
          mention(text, "南湖", "Region", 1, subtype="City", name="南湖市"),
          mention(text, "南湖西岸新区", "Region", 1, subtype="DevelopmentZone")]
    got = run(text, ms, rel_rules)
    assert not any(p == "partOf" for s, p, o in got), got


# ---------------------------------------------------------------- round 3: unseen-text classes

def test_bodies_listed_before_the_verb_all_issue_the_policy(rel_rules):
    text = "东岭区口岸提速。南湖海关、南湖市商务局联合推出“船边直提”模式。东岭区服务企业。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "南湖海关", "Organization"),
          mention(text, "南湖市商务局", "Organization"),
          mention(text, "“船边直提”模式", "Policy"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("“船边直提”模式", "issuedBy", "南湖市商务局") in got
    assert ("“船边直提”模式", "issuedBy", "南湖海关") in got
    assert ("“船边直提”模式", "issuedBy", "东岭区") not in got     # the bodies, not the district


def test_body_acting_with_a_bank_both_issue_and_the_bank_is_no_resident(rel_rules):
    text = "东岭区培育新材料产业。东岭区管委会联合南湖银行推出“新材贷”，惠及企业。东岭区发展。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "东岭区管委会", "Organization"),
          mention(text, "南湖银行", "Organization"),
          mention(text, "“新材贷”", "Policy"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("“新材贷”", "issuedBy", "南湖银行") in got
    assert ("“新材贷”", "issuedBy", "东岭区管委会") in got
    assert ("“新材贷”", "issuedBy", "东岭区") not in got
    assert not any(s == "南湖银行" and p == "locatedIn" for s, p, o in got)   # a partner, not placed


def test_body_named_after_a_municipality_is_located_there(rel_rules):
    # a municipality (直辖市) is province-level yet its short form names bodies in it
    text = "东岭新区港口提速。北江海关优化通关流程。北江市外贸增长。东岭新区服务企业。"
    ms = [mention(text, "东岭新区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "北江海关", "Organization"),
          mention(text, "北江市", "Region", subtype="Province"),
          mention(text, "东岭新区", "Region", 1, subtype="DevelopmentZone")]
    got = run(text, ms, rel_rules)
    assert ("北江海关", "locatedIn", "北江市") in got
    assert ("北江海关", "locatedIn", "东岭新区") not in got


def test_project_in_a_park_named_before_its_builder(rel_rules):
    text = "东岭区加快项目建设。在东岭产业基地，由华星液压科技有限公司投资建设的年产30万台液压阀项目已封顶。东岭区服务企业。"
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "东岭产业基地", "Project"),
          mention(text, "华星液压科技有限公司", "Company"),
          mention(text, "年产30万台液压阀项目", "Project"),
          mention(text, "东岭区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("年产30万台液压阀项目", "locatedIn", "东岭产业基地") in got
    assert ("年产30万台液压阀项目", "locatedIn", "东岭区") in got      # where the park is
    assert ("年产30万台液压阀项目", "implementedBy", "华星液压科技有限公司") in got


def test_a_plain_project_holds_nothing(rel_rules):
    text = "东岭区加快建设。在东岭物流项目，华星年产5万吨电池项目同步推进。"
    ms = [mention(text, "东岭区", "Region", subtype="District"),
          mention(text, "东岭物流项目", "Project"),
          mention(text, "华星年产5万吨电池项目", "Project")]
    got = run(text, ms, rel_rules)
    assert ("华星年产5万吨电池项目", "locatedIn", "东岭物流项目") not in got


def test_short_name_of_a_company_placed_elsewhere_is_not_a_resident(rel_rules):
    text = ("东岭高新区产值增长。华星半导体有限公司芯片项目落户南湖市西岭区，总投资25亿元。"
            "华星半导体董事长表示将扩产。东岭高新区服务企业。")
    ms = [mention(text, "东岭高新区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "华星半导体有限公司", "Company"),
          mention(text, "华星半导体有限公司芯片项目", "Project"),
          mention(text, "南湖市西岭区", "Region", subtype="District"),
          mention(text, "华星半导体", "Company", 1),
          mention(text, "东岭高新区", "Region", 1, subtype="DevelopmentZone")]
    got = run(text, ms, rel_rules)
    assert ("华星半导体有限公司芯片项目", "locatedIn", "南湖市西岭区") in got
    assert ("华星半导体", "locatedIn", "东岭高新区") not in got


def test_county_level_city_written_often_beats_a_city_named_once(rel_rules):
    """Given the city named once as the topic, the county-level city written four times is the article's
    region: its project is placed there; written once, the topic city keeps the project."""
    def relations(text, topic_key):
        ms = [mention(text, "青岭市", "Region", i, subtype="District") for i in range(text.count("青岭市"))]
        ms += [mention(text, "南湖市", "Region", subtype="City"), mention(text, "星河项目", "Project")]
        ms.sort(key=lambda m: m.start)
        topic = next(m for m in ms if m.key == topic_key)
        return {(r.subject.key, r.predicate, r.object.key)
                for r in extract(Document("d", "d.txt", text), ms, rel_rules, topic=topic)}

    got = relations("青岭市游客增长。青岭市发展电商。青岭市组团赴南湖市考察。青岭市推进项目。星河项目开工建设。", "南湖市")
    assert {("星河项目", "locatedIn", "青岭市"), ("青岭市", "partOf", "南湖市")} <= got
    got = relations("青岭市游客增长。本市发展电商。本市组团赴南湖市考察。本市推进项目。星河项目开工建设。", "南湖市")
    assert ("星河项目", "locatedIn", "南湖市") in got and ("星河项目", "locatedIn", "青岭市") not in got


def test_prefecture_short_names_come_from_the_gazetteer_names(rel_rules, rel_pack, tmp_path):
    c = rel_rules.relations
    assert c.city_province.get("延边州") == "吉林省"         # 延边朝鲜族自治州
    pairs = tmp_path / "city_province.txt"          # a pack's own city -> province file (an absolute path)
    pairs.write_text("黔东南苗族侗族自治州\t贵州省\n湘西土家族苗族自治州\t湖南省\n长沙市\t湖南省\n", encoding="utf-8")
    data = {**rel_pack.data, "relations": {**rel_pack.data["relations"], "city_province_file": str(pairs)}}
    own = rel.compile_relations(RulePack(data=data, version="test-pairs")).city_province
    assert own["黔东南州"] == "贵州省" and own["湘西州"] == "湖南省"
    assert own["长沙市"] == "湖南省" and "长沙州" not in own


def test_district_topic_is_part_of_the_city_placed_in_the_named_province(rel_rules):
    text = "延河市游客增长。延河市发展电商。延河市组团赴无锡市考察，为延边州和吉林省发展作贡献。延河市推进项目。"
    ms = [mention(text, "延河市", "Region", 0, subtype="District"),
          mention(text, "延河市", "Region", 1, subtype="District"),
          mention(text, "延河市", "Region", 2, subtype="District"),
          mention(text, "无锡市", "Region", subtype="City"),
          mention(text, "延边州", "Region", subtype="City"),
          mention(text, "吉林省", "Region", subtype="Province"),
          mention(text, "延河市", "Region", 3, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("延边州", "partOf", "吉林省") in got
    assert ("延河市", "partOf", "延边州") in got
    assert ("延河市", "partOf", "无锡市") not in got


def test_economic_area_of_the_zone_is_its_part_and_holds_projects(rel_rules):
    text = "东岭新区港口增长。在北港经济区，华星粮油年加工大豆300万吨项目投入试运行。东岭新区服务企业。"
    ms = [mention(text, "东岭新区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "北港经济区", "Region", subtype="DevelopmentZone"),
          mention(text, "华星粮油年加工大豆300万吨项目", "Project"),
          mention(text, "东岭新区", "Region", 1, subtype="DevelopmentZone")]
    got = run(text, ms, rel_rules)
    assert ("北港经济区", "partOf", "东岭新区") in got
    assert ("华星粮油年加工大豆300万吨项目", "locatedIn", "北港经济区") in got
    assert ("华星粮油年加工大豆300万吨项目", "locatedIn", "东岭新区") not in got     # only in its part


# ---- round 4: towns, county-level cities, companies in a zone, implementers in the sentence

def test_town_without_parent_is_part_of_the_district_topic(rel_rules):
    text = "南河区农业提质增效。瓜园镇、北坡街道特色种植面积扩大。位于瓜园镇的绿川食品加工项目投产。南河区继续发力。"
    ms = [mention(text, "南河区", "Region", 0, subtype="District"),
          mention(text, "瓜园镇", "Region", 0),
          mention(text, "北坡街道", "Region"),
          mention(text, "瓜园镇", "Region", 1),
          mention(text, "绿川食品加工项目", "Project"),
          mention(text, "南河区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("瓜园镇", "partOf", "南河区") in got
    assert ("北坡街道", "partOf", "南河区") in got
    assert ("绿川食品加工项目", "locatedIn", "瓜园镇") in got


def test_county_level_city_governed_by_prefecture(rel_rules):
    text = "保定市所辖的潍川市工业增长8%。保定市潍川市新开工项目12个。"
    ms = [mention(text, "保定市", "Region", 0, subtype="City"),
          mention(text, "潍川市", "Region", 0, subtype="City"),
          mention(text, "保定市", "Region", 1, subtype="City"),
          mention(text, "潍川市", "Region", 1, subtype="City")]
    got = run(text, ms, rel_rules)
    assert ("潍川市", "partOf", "保定市") in got
    assert ("保定市", "partOf", "潍川市") not in got


def test_company_in_a_zone_of_the_district_is_only_in_the_zone(rel_rules):
    text = ("南河区工业稳步增长。落户南河经济技术开发区的北坡智能装备有限公司产值增长14.9%。"
            "南河经济技术开发区内的华岳新材料有限公司加快扩产。南河区优化营商环境。")
    ms = [mention(text, "南河区", "Region", 0, subtype="District"),
          mention(text, "南河经济技术开发区", "Region", 0, subtype="DevelopmentZone"),
          mention(text, "北坡智能装备有限公司", "Company"),
          mention(text, "南河经济技术开发区", "Region", 1, subtype="DevelopmentZone"),
          mention(text, "华岳新材料有限公司", "Company"),
          mention(text, "南河区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    for company in ("北坡智能装备有限公司", "华岳新材料有限公司"):
        assert (company, "locatedIn", "南河经济技术开发区") in got
        assert (company, "locatedIn", "南河区") not in got
    assert ("南河经济技术开发区", "partOf", "南河区") in got


def test_implementer_named_in_the_sentence(rel_rules):
    text = ("南河区项目建设提速。北坡化纤集团有限公司实施的差别化纤维智能化改造项目进展顺利。"
            "华岳新材料有限公司今年新建年产2万吨改性塑料项目。由青岭能源科技有限公司投资建设的光伏储能项目开工。")
    ms = [mention(text, "南河区", "Region", subtype="District"),
          mention(text, "北坡化纤集团有限公司", "Company"),
          mention(text, "差别化纤维智能化改造项目", "Project"),
          mention(text, "华岳新材料有限公司", "Company"),
          mention(text, "年产2万吨改性塑料项目", "Project"),
          mention(text, "青岭能源科技有限公司", "Company"),
          mention(text, "光伏储能项目", "Project")]
    got = run(text, ms, rel_rules)
    assert ("差别化纤维智能化改造项目", "implementedBy", "北坡化纤集团有限公司") in got
    assert ("年产2万吨改性塑料项目", "implementedBy", "华岳新材料有限公司") in got
    assert ("光伏储能项目", "implementedBy", "青岭能源科技有限公司") in got
    assert ("年产2万吨改性塑料项目", "implementedBy", "北坡化纤集团有限公司") not in got


def test_part_named_as_the_regions_and_project_there(rel_rules):
    text = "北坡县加快发展。在南河区的瓜园镇，绿川食品加工项目完工。南河区的北坡街道开展活动。北坡县持续发力。"
    ms = [mention(text, "北坡县", "Region", 0, subtype="District"),
          mention(text, "南河区", "Region", 0, subtype="District"),
          mention(text, "瓜园镇", "Region"),
          mention(text, "绿川食品加工项目", "Project"),
          mention(text, "南河区", "Region", 1, subtype="District"),
          mention(text, "北坡街道", "Region"),
          mention(text, "北坡县", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("瓜园镇", "partOf", "南河区") in got
    assert ("北坡街道", "partOf", "南河区") in got
    assert ("绿川食品加工项目", "locatedIn", "瓜园镇") in got
    assert ("绿川食品加工项目", "locatedIn", "北坡县") not in got


def test_company_of_a_zone_but_not_of_a_city(rel_rules):
    text = "南河区工业增长。南河经济技术开发区的北坡智能装备有限公司产值增长。潍川市的华岳新材料有限公司来访。南河区加快发展。"
    ms = [mention(text, "南河区", "Region", 0, subtype="District"),
          mention(text, "南河经济技术开发区", "Region", subtype="DevelopmentZone"),
          mention(text, "北坡智能装备有限公司", "Company"),
          mention(text, "潍川市", "Region", subtype="City"),
          mention(text, "华岳新材料有限公司", "Company"),
          mention(text, "南河区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("北坡智能装备有限公司", "locatedIn", "南河经济技术开发区") in got
    assert ("北坡智能装备有限公司", "locatedIn", "南河区") not in got
    assert ("华岳新材料有限公司", "locatedIn", "潍川市") not in got


def test_county_level_city_topic_is_part_of_the_prefecture_named_elsewhere(rel_rules):
    text = "潍川市工业稳中向好。潍川市瓜园镇新开工项目8个。保定市召开会议。潍川市加快发展。"
    ms = [mention(text, "潍川市", "Region", 0, subtype="City"),
          mention(text, "潍川市", "Region", 1, subtype="City"),
          mention(text, "瓜园镇", "Region"),
          mention(text, "保定市", "Region", subtype="City"),
          mention(text, "潍川市", "Region", 2, subtype="City")]
    got = run(text, ms, rel_rules)
    assert ("潍川市", "partOf", "保定市") in got
    assert ("瓜园镇", "partOf", "潍川市") in got
    assert ("保定市", "partOf", "潍川市") not in got


def test_sentence_led_by_a_town_of_the_district(rel_rules):
    text = "南河区项目建设提速。南河区瓜园镇新开工绿川食品加工项目。南河区华通物流项目开工。南河区继续发力。"
    ms = [mention(text, "南河区", "Region", 0, subtype="District"),
          mention(text, "南河区", "Region", 1, subtype="District"),
          mention(text, "瓜园镇", "Region"),
          mention(text, "绿川食品加工项目", "Project"),
          mention(text, "南河区", "Region", 2, subtype="District"),
          mention(text, "华通物流项目", "Project"),
          mention(text, "南河区", "Region", 3, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("瓜园镇", "partOf", "南河区") in got
    assert ("绿川食品加工项目", "locatedIn", "瓜园镇") in got
    assert ("绿川食品加工项目", "locatedIn", "南河区") in got
    assert ("华通物流项目", "locatedIn", "瓜园镇") not in got


def test_banner_written_with_its_league_and_county_governed_by_city(rel_rules):
    text = "锡林郭勒盟正镶白旗推进风电项目。潍川市所辖的昌河县加快发展。正镶白旗持续发力。"
    ms = [mention(text, "锡林郭勒盟", "Region"),
          mention(text, "正镶白旗", "Region", 0),
          mention(text, "潍川市", "Region", subtype="City"),
          mention(text, "昌河县", "Region"),
          mention(text, "正镶白旗", "Region", 1)]
    got = run(text, ms, rel_rules)
    assert ("正镶白旗", "partOf", "锡林郭勒盟") in got
    assert ("昌河县", "partOf", "潍川市") in got


def test_implementer_with_an_amount_before_the_project(rel_rules):
    text = "南河区项目提速。北坡化纤集团有限公司总投资12亿元的差别化纤维项目开工。"
    ms = [mention(text, "南河区", "Region", subtype="District"),
          mention(text, "北坡化纤集团有限公司", "Company"),
          mention(text, "差别化纤维项目", "Project")]
    assert ("差别化纤维项目", "implementedBy", "北坡化纤集团有限公司") in run(text, ms, rel_rules)


def test_every_company_of_a_list_settled_in_a_zone(rel_rules):
    text = "南河区工业增长。入驻南河经济技术开发区的北坡智能装备有限公司、华岳新材料有限公司、远拓电子股份有限公司产值增长。南河区加快发展。"
    ms = [mention(text, "南河区", "Region", 0, subtype="District"),
          mention(text, "南河经济技术开发区", "Region", subtype="DevelopmentZone"),
          mention(text, "北坡智能装备有限公司", "Company"),
          mention(text, "华岳新材料有限公司", "Company"),
          mention(text, "远拓电子股份有限公司", "Company"),
          mention(text, "南河区", "Region", 1, subtype="District")]
    got = run(text, ms, rel_rules)
    for company in ("北坡智能装备有限公司", "华岳新材料有限公司", "远拓电子股份有限公司"):
        assert (company, "locatedIn", "南河经济技术开发区") in got
        assert (company, "locatedIn", "南河区") not in got


def test_the_callers_topic_region_is_where_unplaced_things_are(rel_rules):
    text = "近日，长春市南关区召开重点项目推进会。会上，远航科技有限公司智能仪表项目签约。宽城区也有3个项目参会。"
    ms = [mention(text, "长春市南关区", "Region", subtype="District"),
          mention(text, "远航科技有限公司智能仪表项目", "Project"),
          mention(text, "宽城区", "Region", subtype="District")]
    doc = Document("d", "d.txt", text)

    def located(**topic):
        return {(r.subject.key, r.object.key) for r in extract(doc, ms, rel_rules, **topic)
                if r.predicate == "locatedIn"}

    assert located() == {("远航科技有限公司智能仪表项目", "长春市南关区")}     # the article's own topic
    assert located(topic=ms[2]) == {("远航科技有限公司智能仪表项目", "宽城区")}  # the one the pipeline gives


def test_a_national_group_is_no_resident_unless_a_cue_places_it(rel_rules):
    text = ("东岭区召开项目推进会。中国星河集团有限公司董事长一行在东岭区考察。中车东岭是东岭区重点企业。"
            "东岭区已吸引中国北辰集团、华星科技等一批企业相继落户。东岭区加快发展。")
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "中国星河集团有限公司", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "中车东岭", "Company"),
          mention(text, "东岭区", "Region", 2, subtype="District"),
          mention(text, "东岭区", "Region", 3, subtype="District"),
          mention(text, "中国北辰集团", "Company"),
          mention(text, "华星科技", "Company"),
          mention(text, "东岭区", "Region", 4, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("中国星河集团有限公司", "locatedIn", "东岭区") not in got     # named everywhere, lives nowhere here
    assert ("中车东岭", "locatedIn", "东岭区") in got                      # a local subsidiary does
    assert ("中国北辰集团", "locatedIn", "东岭区") in got                  # 吸引…落户 places even a national group
    assert ("华星科技", "locatedIn", "东岭区") in got


def test_a_provincial_body_named_by_its_level_is_the_articles_province(rel_rules):
    text = "南湖市加快项目建设。省发改委公布南湖市重点项目。河北省支持南湖市发展。市监局开展检查。南湖市再创佳绩。"
    ms = [mention(text, "南湖市", "Region", 0, subtype="City"),
          mention(text, "省发改委", "Organization"),
          mention(text, "南湖市", "Region", 1, subtype="City"),
          mention(text, "河北省", "Region", subtype="Province"),
          mention(text, "南湖市", "Region", 2, subtype="City"),
          mention(text, "市监局", "Organization"),
          mention(text, "南湖市", "Region", 3, subtype="City")]
    got = run(text, ms, rel_rules)
    assert ("省发改委", "locatedIn", "河北省") in got
    assert not any(s == "市监局" and p == "locatedIn" for s, p, o in got)     # a city's own office: unplaced


def test_a_company_named_after_another_province_is_no_resident(rel_rules):
    if not rel_rules.relations.division_parent:
        pytest.skip("the national division table is not in this checkout")
    text = ("石家庄市长安区召开企业座谈会。浙江星河集团负责人参加会议。河北北辰集团负责人参加会议。"
            "长安区优化营商环境。长安区再创佳绩。")
    ms = [mention(text, "石家庄市", "Region", subtype="City"),
          mention(text, "长安区", "Region", 0, subtype="District"),
          mention(text, "浙江星河集团", "Company"),
          mention(text, "河北北辰集团", "Company"),
          mention(text, "长安区", "Region", 1, subtype="District"),
          mention(text, "长安区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("河北北辰集团", "locatedIn", "长安区") in got
    assert ("浙江星河集团", "locatedIn", "长安区") not in got


def test_a_builder_before_a_described_project(rel_rules):
    text = ("东岭区推进项目建设。星河集团拟投资20亿元，建设集研发、生产、销售于一体的未来智造产业园。"
            "北辰传媒集团拟在东岭经济开发区核心区建设包括影视基地、动漫园在内的数字文化产业园。"
            "新材料产业基地项目是由浙江百强企业华星集团在东岭区投资兴建。东岭区加快发展。")
    ms = [mention(text, "东岭区", "Region", 0, subtype="District"),
          mention(text, "星河集团", "Company"),
          mention(text, "未来智造产业园", "Project"),
          mention(text, "北辰传媒集团", "Company"),
          mention(text, "东岭经济开发区", "Region", subtype="DevelopmentZone"),
          mention(text, "数字文化产业园", "Project"),
          mention(text, "新材料产业基地项目", "Project"),
          mention(text, "华星集团", "Company"),
          mention(text, "东岭区", "Region", 1, subtype="District"),
          mention(text, "东岭区", "Region", 2, subtype="District")]
    got = run(text, ms, rel_rules)
    assert ("未来智造产业园", "implementedBy", "星河集团") in got
    assert ("数字文化产业园", "implementedBy", "北辰传媒集团") in got
    assert ("数字文化产业园", "locatedIn", "东岭经济开发区") in got
    assert ("新材料产业基地项目", "implementedBy", "华星集团") in got


def test_a_project_named_after_another_city_is_not_placed_in_the_articles(rel_rules):
    text = ("南京市推进物流枢纽建设。连云港海铁物流基地项目进展顺利。智慧物流园项目开工建设。"
            "大连路消防站项目主体完工。南京市加快发展。")
    ms = [mention(text, "南京市", "Region", 0, subtype="City"),
          mention(text, "连云港海铁物流基地项目", "Project"),
          mention(text, "智慧物流园项目", "Project"),
          mention(text, "大连路消防站项目", "Project"),
          mention(text, "南京市", "Region", 1, subtype="City")]
    got = run(text, ms, rel_rules)
    assert ("智慧物流园项目", "locatedIn", "南京市") in got
    assert ("大连路消防站项目", "locatedIn", "南京市") in got        # a street named after the city
    assert ("连云港海铁物流基地项目", "locatedIn", "南京市") not in got


def test_a_policy_named_after_a_wider_region_or_the_country_is_not_the_articles(rel_rules):
    text = ("长春市召开工作会议。“数字吉林”建设成效明显。“数字长春”建设加快推进。"
            "“一带一路”合作不断深化。长春市再创佳绩。")
    ms = [mention(text, "长春市", "Region", 0, subtype="City"),
          mention(text, "“数字吉林”", "Policy"),
          mention(text, "“数字长春”", "Policy"),
          mention(text, "“一带一路”", "Policy"),
          mention(text, "长春市", "Region", 1, subtype="City")]
    got = run(text, ms, rel_rules)
    assert ("“数字长春”", "issuedBy", "长春市") in got
    assert ("“数字吉林”", "issuedBy", "长春市") not in got
    assert ("“一带一路”", "issuedBy", "长春市") not in got      # the country's strategy
