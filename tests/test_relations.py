"""Relation extraction on invented sentences with hand-made mentions (independent of the entity stage),
plus the seed score through the whole pipeline."""
from __future__ import annotations

import json

import pytest
import yaml

from kg.extract import relations as rel
from kg.model import Document, Mention
from kg.rules import RULES_DIR, RulePack, validate
from kg.segment import split_sentences


@pytest.fixture(scope="module")
def rel_rules() -> RulePack:
    """Only the relations pack, so these tests do not depend on other stages' rule files."""
    data = yaml.safe_load((RULES_DIR / "relations.yaml").read_text(encoding="utf-8"))
    validate(data, "relations.yaml")
    return RulePack(data=data, version="test-relations")


def mention(text: str, form: str, type_: str, nth: int = 0, subtype: str | None = None,
            name: str | None = None) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(form, start + 1)
    return Mention("d", start, start + len(form), form, type_, name=name or form, subtype=subtype)


def run(text: str, mentions: list[Mention], rules: RulePack) -> set[tuple]:
    doc = Document("d", "d.txt", text)
    got = rel.extract_relations(doc, split_sentences(text), mentions, rules)
    for r in got:      # evidence is the subject's sentence, with exact offsets
        assert text[r.start:r.end] == r.sentence
        assert r.start <= r.subject.start < r.end
    return {(r.subject.key, r.predicate, r.object.key) for r in got}


def evidence(text, mentions, rules, subject, predicate):
    doc = Document("d", "d.txt", text)
    for r in rel.extract_relations(doc, split_sentences(text), mentions, rules):
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
    assert ("华星年产3万吨碳纤维项目", "locatedIn", "东岭区") not in got   # the cue is more specific
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
    assert rel.extract_relations(Document("d", "d", "没有实体。"), split_sentences("没有实体。"), [], rel_rules) == []


def test_rules_compile_once_per_pack(rel_rules):
    assert rel._compile(rel_rules) is rel._compile(rel_rules)


def test_seed_relation_f1(shared_dir, tmp_path):
    from kg.eval import evaluate
    from kg.pipeline import build
    build([str(shared_dir / "corpus" / "seeds")], tmp_path / "out", progress=False)
    scores = evaluate(tmp_path / "out", shared_dir / "gold" / "dev")
    assert scores["relations"]["f1"] >= SEED_RELATION_F1, json.dumps(scores["relations"])


SEED_RELATION_F1 = 0.82   # measured 0.894 with the entity stage of the same day; margin for its changes


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
