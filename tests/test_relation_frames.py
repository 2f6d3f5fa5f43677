"""Issue 17: sentence frames that carry relations on real news, and the defaults they replace.
Invented sentences with hand-made mentions (independent of the entity stage): one table of cases, each
a text, its mentions and the relations it must (and must not) give."""
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


def M(form: str, type_: str, nth: int = 0, sub: str | None = None, name: str | None = None) -> tuple:
    """A mention to make on the case's text: the nth occurrence of form."""
    return form, type_, nth, sub, name


def case(id_: str, text: str, marks: list[tuple], *, topic=_FIND, has=(), lacks=(), where=None,
         no_predicate=(), no_subject=(), table: bool = False):
    """One case. topic: the index of the mark that is the article's region (else found as the pipeline
    does); has / lacks: (subject, predicate, object) that must / must not be found; where: subject -> the
    exact set of places it is located in; no_predicate / no_subject: none of these at all; table: needs
    the national division table (skipped in a checkout without it)."""
    return pytest.param(text, marks, topic, set(has), set(lacks), where or {}, no_predicate, no_subject,
                        table, id=id_)


XH, YH, DL, XS = "星河集团", "远航科技有限公司", "东岭区", "东岭县"
CASES = [
    # ------------------------------------------------ defaults that real news does not bear out
    case("company-investing-in-a-project-is-not-placed",
         "东岭区经济稳步增长。星河集团拟投资12亿元建设星河新材料产业园。东岭区招商成效明显。",
         [M(DL, "Region", 0, "District"), M(XH, "Company"), M("星河新材料产业园", "Project"),
          M(DL, "Region", 1, "District")],
         where={XH: set(), "星河新材料产业园": {DL}}),          # the project still is
    case("company-signing-with-the-region-is-not-placed-there",
         "东岭区经济稳步增长。远航科技有限公司和东岭区政府签约智能装备项目。东岭区招商成效明显。",
         [M(DL, "Region", 0, "District"), M(YH, "Company"), M(DL, "Region", 1, "District"),
          M("东岭区政府", "Organization"), M("智能装备项目", "Project"), M(DL, "Region", 2, "District")],
         where={YH: set()}),
    case("group-opening-a-project-name-is-no-resident",
         "东岭区经济稳步增长。星河集团年产10万吨新材料项目开工。东岭区招商成效明显。",
         [M(DL, "Region", 0, "District"), M("星河集团年产10万吨新材料项目", "Project"), M(XH, "Company"),
          M(DL, "Region", 1, "District")],
         has=[("星河集团年产10万吨新材料项目", "implementedBy", XH)], where={XH: set()}),
    case("province-is-not-the-default-home",
         "北江省重大项目集中开工。星河新材料项目开工。远航集团参加活动。北江省经济增长。",
         [M("北江省", "Region", 0, "Province"), M("星河新材料项目", "Project"), M("远航集团", "Company"),
          M("北江省", "Region", 1, "Province")],
         topic=0, no_predicate=["locatedIn"]),
    case("zone-named-after-a-city-written-only-inside-it-has-no-parent",
         "南湖高新区重大项目集中开工。南湖高新区经济增长。",
         [M("南湖高新区", "Region", 0, "DevelopmentZone"), M("南湖", "Region", 0, "City", "南湖市"),
          M("南湖高新区", "Region", 1, "DevelopmentZone"), M("南湖", "Region", 1, "City", "南湖市")],
         no_predicate=["partOf"]),
    case("zone-named-after-another-place-is-not-part-of-the-topic",
         "东岭区经济增长。上饶经开区代表团来访。东岭区招商成效明显。",
         [M(DL, "Region", 0, "District"), M("上饶经开区", "Region", 0, "DevelopmentZone"),
          M(DL, "Region", 1, "District")],
         lacks=[("上饶经开区", "partOf", DL)]),
    case("wide-areas-are-nobodys-part",
         "北部湾区企业来南湖市考察。北部湾区合作加深。",
         [M("北部湾区", "Region", 0), M("北部湾区", "Region", 1), M("南湖市", "Region", 0, "City")],
         topic=0, no_subject=["北部湾区"]),
    case("city-round-up-is-not-its-zones-article",                  # 全市/我市: the city speaks
         "全市新签约项目120个。东岭开发区1个，为总投资8亿元的星河电池项目。全市上下坚持“双招双引”。"
         "我市招商成效明显。东岭开发区发展。",
         [M("东岭开发区", "Region", 0, "DevelopmentZone"), M("星河电池项目", "Project"),
          M("“双招双引”", "Policy"), M("东岭开发区", "Region", 1, "DevelopmentZone")],
         topic=0, where={"星河电池项目": {"东岭开发区"}}, no_predicate=["issuedBy"]),
    case("city-round-up-places-by-default-in-the-city",
         "南湖市全市新签约项目120个。南湖东岭开发区签约星河电池项目。我市上下坚持“双招双引”。"
         "云帆物流园项目开工。南湖东岭开发区发展。",
         [M("南湖市", "Region", 0, "City"), M("南湖东岭开发区", "Region", 0, "DevelopmentZone"),
          M("星河电池项目", "Project"), M("“双招双引”", "Policy"), M("云帆物流园项目", "Project"),
          M("南湖东岭开发区", "Region", 1, "DevelopmentZone")],
         topic=1, has=[("云帆物流园项目", "locatedIn", "南湖市"), ("“双招双引”", "issuedBy", "南湖市")],
         lacks=[("云帆物流园项目", "locatedIn", "南湖东岭开发区")]),
    case("zone-article-quoting-the-city-once-stays-the-zones",
         "东岭开发区项目建设提速，占全市的三成。云帆物流园项目开工。东岭开发区全区经济增长。",
         [M("东岭开发区", "Region", 0, "DevelopmentZone"), M("云帆物流园项目", "Project"),
          M("东岭开发区", "Region", 1, "DevelopmentZone")],
         topic=0, where={"云帆物流园项目": {"东岭开发区"}}),
    case("region-giving-aid-is-not-the-place-of-the-projects",       # 对口援建: the aided place is home
         "由南湖市对口援建的15个项目集中开工，东岭盟领导出席。开工项目有南湖市援建的南湖星河乳业年产5万吨乳制品项目、"
         "远航集团风电项目等。",
         [M("南湖市", "Region", 0, "City"), M("东岭盟", "Region", 0, "City"), M("南湖市", "Region", 1, "City"),
          M("南湖星河乳业年产5万吨乳制品项目", "Project"), M("远航集团风电项目", "Project")],
         topic=0, where={"南湖星河乳业年产5万吨乳制品项目": {"东岭盟"}, "远航集团风电项目": {"东岭盟"}}),
    case("two-regions-written-as-often-give-no-default-home",        # neither holds the other
         "东岭区及南湖开发区举办推介会。东岭区和南湖开发区两区共推介项目25个。星河产业园项目签约。"
         "东岭区、南湖开发区将加强合作。",
         [M(DL, "Region", 0, "District"), M("南湖开发区", "Region", 0, "DevelopmentZone"), M(DL, "Region", 1, "District"),
          M("南湖开发区", "Region", 1, "DevelopmentZone"), M("星河产业园项目", "Project"), M(DL, "Region", 2, "District"),
          M("南湖开发区", "Region", 2, "DevelopmentZone")],
         topic=0, where={"星河产业园项目": set()}),
    case("project-in-a-zone-of-the-district-is-only-there",
         "东岭区经济增长。位于东岭经济开发区的星河新材料项目开工。东岭区招商成效明显。东岭区发展。",
         [M(DL, "Region", 0, "District"), M("东岭经济开发区", "Region", 0, "DevelopmentZone"),
          M("星河新材料项目", "Project"), M(DL, "Region", 1, "District"), M(DL, "Region", 2, "District")],
         topic=0, where={"星河新材料项目": {"东岭经济开发区"}}),
    # ------------------------------------------------ frames
    case("company-and-county-government-sign-a-project",
         "记者了解到，星河集团和东岭县政府签约新材料产业园项目，远航科技有限公司和西山县政府签约智能装备项目。",
         [M(XH, "Company"), M(XS, "Region", 0, "District"), M("东岭县政府", "Organization"),
          M("新材料产业园项目", "Project"), M(YH, "Company"), M("西山县", "Region", 0, "District"),
          M("西山县政府", "Organization"), M("智能装备项目", "Project")],
         has=[("新材料产业园项目", "implementedBy", XH), ("新材料产业园项目", "locatedIn", XS),
              ("智能装备项目", "implementedBy", YH), ("智能装备项目", "locatedIn", "西山县")],
         lacks=[("智能装备项目", "implementedBy", XH)]),
    case("region-signs-a-project-with-a-group",
         "东岭区与星河集团签署了新材料产业园项目。",
         [M(DL, "Region", 0, "District"), M(XH, "Company"), M("新材料产业园项目", "Project")],
         has=[("新材料产业园项目", "locatedIn", DL), ("新材料产业园项目", "implementedBy", XH)]),
    case("project-signed-by-a-county-government-and-a-company",
         "由东岭县政府与远航纺织有限公司签订的总投资3亿元的无纺布生产线项目落地。",
         [M(XS, "Region", 0, "District"), M("东岭县政府", "Organization"), M("远航纺织有限公司", "Company"),
          M("无纺布生产线项目", "Project")],
         has=[("无纺布生产线项目", "locatedIn", XS), ("无纺布生产线项目", "implementedBy", "远航纺织有限公司")]),
    case("merchants-of-a-province-are-not-the-place",
         "东岭商务局与北江省客商签订的运动鞋加工项目也已签约。",
         [M("东岭商务局", "Organization"), M("北江省", "Region", 0, "Province"), M("运动鞋加工项目", "Project")],
         lacks=[("运动鞋加工项目", "locatedIn", "北江省")]),
    case("counted-projects-of-each-county",
         "签约项目中，东岭县3个，分别为总投资15亿元的星河电池项目和总投资9亿元的远航光伏产业基地项目。"
         "西山区1个，为总投资6亿元的云帆隔膜生产项目。",
         [M(XS, "Region", 0, "District"), M("星河电池项目", "Project"), M("远航光伏产业基地项目", "Project"),
          M("西山区", "Region", 0, "District"), M("云帆隔膜生产项目", "Project")],
         where={"星河电池项目": {XS}, "远航光伏产业基地项目": {XS}, "云帆隔膜生产项目": {"西山区"}}),
    case("city-lists-its-projects",                                 # 东江整治工程 unmarked: still a list
         "北江省重大项目集中开工。南湖市有星河锂电池项目、东江整治工程、远航信息港小镇等12个项目开工。"
         "西山市集中开工云帆产业园一期项目、西山会展中心等3个项目。",
         [M("北江省", "Region", 0, "Province"), M("南湖市", "Region", 0, "City"), M("星河锂电池项目", "Project"),
          M("远航信息港小镇", "Project"), M("西山市", "Region", 0, "City"), M("云帆产业园一期项目", "Project"),
          M("西山会展中心", "Project")],
         topic=0, where={"星河锂电池项目": {"南湖市"}, "远航信息港小镇": {"南湖市"},
                         "云帆产业园一期项目": {"西山市"}, "西山会展中心": {"西山市"}}),
    case("companies-settled-in-a-park",
         "星河生物产业园去年动工，目前已确定落户云帆药业、远航生物等6家企业。",
         [M("星河生物产业园", "Project"), M("云帆药业", "Company"), M("远航生物", "Company")],
         where={"云帆药业": {"星河生物产业园"}, "远航生物": {"星河生物产业园"}}),
    case("project-moving-into-a-base-is-not-the-bases-holder",
         "星河储能试验项目计划入驻东岭装备制造基地，明年开工。",
         [M("星河储能试验项目", "Project"), M("东岭装备制造基地", "Project")],
         lacks=[("东岭装备制造基地", "locatedIn", "星河储能试验项目")]),
    case("park-relying-on-companies-holds-them",
         "东岭生物医药产业园依托云帆医疗、远航药业等企业延伸产业链。",
         [M("东岭生物医药产业园", "Project"), M("云帆医疗", "Company"), M("远航药业", "Company")],
         where={"云帆医疗": {"东岭生物医药产业园"}, "远航药业": {"东岭生物医药产业园"}}),
    case("group-builds-each-listed-project",                        # 南坡冶炼工程 unmarked: still a list
         "星河集团三年投入40亿元，建设了东山选矿工程、南坡冶炼工程、西山铜箔项目等9个项目。",
         [M(XH, "Company"), M("东山选矿工程", "Project"), M("西山铜箔项目", "Project")],
         has=[("东山选矿工程", "implementedBy", XH), ("西山铜箔项目", "implementedBy", XH)]),
    case("investor-named-after-the-project",
         "东山科创中心(一期)项目计划总投资9亿元，投资方为星河控股有限公司。",
         [M("东山科创中心(一期)项目", "Project"), M("星河控股有限公司", "Company")],
         has=[("东山科创中心(一期)项目", "implementedBy", "星河控股有限公司")]),
    case("project-landed-first-in-a-park",
         "星河健康产业园首批落地的东山康复医院项目计划明年建成。",
         [M("星河健康产业园", "Project"), M("东山康复医院项目", "Project")],
         has=[("东山康复医院项目", "locatedIn", "星河健康产业园")]),
    case("every-listed-group-builds-the-project",
         "星河集团、远航集团等国企投资建设的20万吨甲醇项目同期开工。",
         [M(XH, "Company"), M("远航集团", "Company"), M("20万吨甲醇项目", "Project")],
         has=[("20万吨甲醇项目", "implementedBy", XH), ("20万吨甲醇项目", "implementedBy", "远航集团")]),
    case("group-plans-to-build-in-a-park",
         "星河能源集团拟在东山化工园建设新型储能材料研发基地。",
         [M("星河能源集团", "Company"), M("东山化工园", "Project"), M("新型储能材料研发基地", "Project")],
         has=[("新型储能材料研发基地", "implementedBy", "星河能源集团"),
              ("新型储能材料研发基地", "locatedIn", "东山化工园")]),
    case("company-plans-to-build-a-project-in-a-county",
         "星河公司计划在东岭县建设新材料项目，计划投资5亿元。",
         [M("星河公司", "Company"), M(XS, "Region", 0, "District"), M("新材料项目", "Project")],
         has=[("新材料项目", "implementedBy", "星河公司"), ("新材料项目", "locatedIn", XS)]),
    case("project-built-by-a-company-to-be-sited-in-a-zone",
         "新材料项目由星河公司总投资8亿元，拟建设于东岭开发区。",
         [M("新材料项目", "Project"), M("星河公司", "Company"), M("东岭开发区", "Region", 0, "DevelopmentZone")],
         has=[("新材料项目", "implementedBy", "星河公司"), ("新材料项目", "locatedIn", "东岭开发区")]),
    case("every-listed-project-settles-where-the-last-one-does",
         "星河电池项目、远航光伏项目、云帆隔膜项目等一批项目落户东岭区。",
         [M("星河电池项目", "Project"), M("远航光伏项目", "Project"), M("云帆隔膜项目", "Project"),
          M(DL, "Region", 0, "District")],
         where={"星河电池项目": {DL}, "远航光伏项目": {DL}, "云帆隔膜项目": {DL}}),
    case("park-signing-a-project-holds-it",
         "东岭工业园区与星河物流集团签订了总投资6亿元的冷链物流中心项目。",
         [M("东岭工业园区", "Project"), M("星河物流集团", "Company"), M("冷链物流中心项目", "Project")],
         has=[("冷链物流中心项目", "locatedIn", "东岭工业园区"), ("冷链物流中心项目", "implementedBy", "星河物流集团")]),
    case("list-whose-first-item-holds-an-industry-name",
         "北江省重大项目集中开工。南湖市有10GWh锂电池项目、东江水环境治理PPP项目等7个项目开工。",
         [M("北江省", "Region", 0, "Province"), M("南湖市", "Region", 0, "City"), M("锂电池", "Industry"),
          M("东江水环境治理PPP项目", "Project")],
         topic=0, where={"东江水环境治理PPP项目": {"南湖市"}}),
    case("builder-and-site-named-after-a-comma",
         "星河新材料项目总投资12亿元，由远航科技有限公司投资建设，选址东岭经开区。",
         [M("星河新材料项目", "Project"), M(YH, "Company"), M("东岭经开区", "Region", 0, "DevelopmentZone")],
         has=[("星河新材料项目", "implementedBy", YH), ("星河新材料项目", "locatedIn", "东岭经开区")]),
    case("every-project-of-a-list-built-in-a-county-by-a-company",
         "星河公司将在东岭县建设新材料项目、智能装备项目和物流园项目。",
         [M("星河公司", "Company"), M(XS, "Region", 0, "District"), M("新材料项目", "Project"),
          M("智能装备项目", "Project"), M("物流园项目", "Project")],
         where={p: {XS} for p in ("新材料项目", "智能装备项目", "物流园项目")},
         has=[(p, "implementedBy", "星河公司") for p in ("新材料项目", "智能装备项目", "物流园项目")]),
    case("company-joining-with-another-builds-the-project-with-it",   # 联合: the partner is no resident
         "东岭区经济增长。远航科技有限公司拟联合星河集团等企业在东岭汽车产业园建设整车研发项目。东岭区招商成效明显。",
         [M(DL, "Region", 0, "District"), M(YH, "Company"), M(XH, "Company"), M("东岭汽车产业园", "Project"),
          M("整车研发项目", "Project"), M(DL, "Region", 1, "District")],
         has=[("整车研发项目", "implementedBy", YH), ("整车研发项目", "implementedBy", XH),
              ("整车研发项目", "locatedIn", "东岭汽车产业园")],
         where={XH: set()}),
    case("company-written-right-before-a-project-builds-it",
         "在新材料领域，星河投资集团新型储能项目动工，总投资15亿元。",
         [M("星河投资集团", "Company"), M("新型储能项目", "Project")],
         has=[("新型储能项目", "implementedBy", "星河投资集团")]),
    case("county-and-company-sign-for-a-project",                   # the company is no resident
         "西山市经济增长。东岭县与星河集团就新材料项目签订投资协议。西山市发展。",
         [M("西山市", "Region", 0, "City"), M(XS, "Region", 0, "District"), M(XH, "Company"),
          M("新材料项目", "Project"), M("西山市", "Region", 1, "City")],
         topic=0, has=[("新材料项目", "implementedBy", XH), ("新材料项目", "locatedIn", XS)], where={XH: set()}),
    case("investor-named-by-its-role",
         "西山市经济增长。新材料项目的投资方星河集团表示将加快建设。西山市发展。",
         [M("西山市", "Region", 0, "City"), M("新材料项目", "Project"), M(XH, "Company"),
          M("西山市", "Region", 1, "City")],
         topic=0, has=[("新材料项目", "implementedBy", XH)], where={XH: set()}),
    case("two-makers-joined-build-the-project",
         "新材料项目由星河集团和远航集团共同投资建设。",
         [M("新材料项目", "Project"), M(XH, "Company"), M("远航集团", "Company")],
         has=[("新材料项目", "implementedBy", XH), ("新材料项目", "implementedBy", "远航集团")]),
    case("project-built-in-a-county",
         "西山市经济增长。新材料项目建在东岭县，明年投产。西山市发展。",
         [M("西山市", "Region", 0, "City"), M("新材料项目", "Project"), M(XS, "Region", 0, "District"),
          M("西山市", "Region", 1, "City")],
         topic=0, where={"新材料项目": {XS}}),
    case("company-investing-an-amount-then-building-in-a-county",
         "西山市经济增长。星河集团将在东岭县投资5亿元，建设新材料项目。西山市发展。",
         [M("西山市", "Region", 0, "City"), M(XH, "Company"), M(XS, "Region", 0, "District"),
          M("新材料项目", "Project"), M("西山市", "Region", 1, "City")],
         topic=0, has=[("新材料项目", "implementedBy", XH)], where={"新材料项目": {XS}}),
    case("company-that-is-a-countys-leading-firm",
         "西山市经济增长。星河集团是东岭县的龙头企业。西山市发展。",
         [M("西山市", "Region", 0, "City"), M(XH, "Company"), M(XS, "Region", 0, "District"),
          M("西山市", "Region", 1, "City")],
         topic=0, where={XH: {XS}}),
    case("policy-named-after-a-county-is-only-the-countys",
         "西山市经济增长。《东岭县优化营商环境十条措施》印发实施。西山市发展。",
         [M("西山市", "Region", 0, "City"), M("《东岭县优化营商环境十条措施》", "Policy"),
          M(XS, "Region", 0, "District"), M("西山市", "Region", 1, "City")],
         topic=0, has=[("《东岭县优化营商环境十条措施》", "issuedBy", XS)],
         lacks=[("《东岭县优化营商环境十条措施》", "issuedBy", "西山市")]),
    case("every-county-a-city-governs",
         "西山市经济增长。西山市下辖东岭县、南坡县。西山市发展。",
         [M("西山市", "Region", 0, "City"), M("西山市", "Region", 1, "City"), M(XS, "Region", 0, "District"),
          M("南坡县", "Region", 0, "District"), M("西山市", "Region", 2, "City")],
         topic=0, has=[(XS, "partOf", "西山市"), ("南坡县", "partOf", "西山市")]),
    case("makers-respectively-build-the-listed-projects",            # 分别: item by item
         "西山市经济增长。星河集团、远航集团分别投资建设新材料项目、智能装备项目。西山市发展。",
         [M("西山市", "Region", 0, "City"), M(XH, "Company"), M("远航集团", "Company"), M("新材料项目", "Project"),
          M("智能装备项目", "Project"), M("西山市", "Region", 1, "City")],
         topic=0, has=[("新材料项目", "implementedBy", XH), ("智能装备项目", "implementedBy", "远航集团")],
         lacks=[("新材料项目", "implementedBy", "远航集团"), ("智能装备项目", "implementedBy", XH)],
         where={XH: set(), "远航集团": set()}),
    # ------------------------------------------------ names and division tables
    case("autonomous-prefecture-is-part-of-its-province",
         "四川省召开项目推进会。阿坝州代表介绍了项目进展。四川省经济增长。",
         [M("四川省", "Region", 0, "Province"), M("阿坝州", "Region", 0, "City"), M("四川省", "Region", 1, "Province")],
         has=[("阿坝州", "partOf", "四川省")]),
    case("project-named-after-a-city-is-in-that-city",
         "北江省重大项目集中开工。南湖市召开会议。南湖星河云计算中心项目开工。",
         [M("北江省", "Region", 0, "Province"), M("南湖市", "Region", 0, "City"),
          M("南湖星河云计算中心项目", "Project")],
         topic=0, where={"南湖星河云计算中心项目": {"南湖市"}}),
    case("project-named-after-the-city-above-the-articles-district-is-in-the-district",
         "南湖市东岭区经济增长。南湖星河云计算中心项目开工。东岭区招商成效明显。东岭区发展。",
         [M("南湖市东岭区", "Region", 0, "District"), M("南湖星河云计算中心项目", "Project"),
          M(DL, "Region", 1, "District"), M(DL, "Region", 2, "District"), M("南湖市", "Region", 0, "City")],
         topic=0, where={"南湖星河云计算中心项目": {"南湖市东岭区"}}),
    case("company-behind-a-city-name-in-the-division-table-builds-the-project",
         "柳州市星河电子信息生产基地今年投产。星河公司负责人介绍了产能。",
         [M("柳州市星河电子信息生产基地", "Project"), M("星河", "Company", 1)],
         has=[("柳州市星河电子信息生产基地", "implementedBy", "星河")]),
    case("city-body-is-not-placed-in-the-zone-its-article-is-about",
         "长沙东岭高新区项目集中开工。长沙市委副书记出席。长沙东岭高新区经济增长。",
         [M("长沙东岭高新区", "Region", 0, "DevelopmentZone"), M("长沙市委", "Organization"),
          M("长沙东岭高新区", "Region", 1, "DevelopmentZone")],
         where={"长沙市委": set()}),
    case("district-is-part-of-the-city-the-division-table-puts-it-in",
         "沈阳市推进重大项目建设。铁西区新开工项目30个。",
         [M("沈阳市", "Region", 0, "City"), M("铁西区", "Region", 0, "District")],
         has=[("铁西区", "partOf", "沈阳市")], table=True),
    case("same-name-district-of-another-city",                     # the 铁西区 of 鞍山
         "鞍山市推进重大项目建设。铁西区新开工项目30个。",
         [M("鞍山市", "Region", 0, "City"), M("铁西区", "Region", 0, "District")],
         has=[("铁西区", "partOf", "鞍山市")], lacks=[("铁西区", "partOf", "沈阳市")], table=True),
    case("county-level-city-is-part-of-its-prefecture-written-short",
         "延边州召开项目推进会。敦化市代表介绍了项目进展。",
         [M("延边州", "Region", 0, "City"), M("敦化市", "Region", 0, "City")],
         topic=0, has=[("敦化市", "partOf", "延边州")], table=True),
    case("region-the-table-does-not-put-under-another-gets-no-parent",    # 江夏区 is 武汉's
         "沈阳市推进重大项目建设。江夏区新开工项目30个。",
         [M("沈阳市", "Region", 0, "City"), M("江夏区", "Region", 0, "District")],
         topic=0, no_predicate=["partOf"], table=True),
    case("city-and-province-named-in-passing-in-a-zones-article-are-not-part-and-whole",
         "东岭开发区经济增长。沈阳市代表团来访。辽宁省客商参会。东岭开发区招商成效明显。",
         [M("东岭开发区", "Region", 0, "DevelopmentZone"), M("沈阳市", "Region", 0, "City"),
          M("辽宁省", "Region", 0, "Province"), M("东岭开发区", "Region", 1, "DevelopmentZone")],
         topic=0, no_predicate=["partOf"]),
    case("provinces-round-up-holds-its-cities",
         "辽宁省重大项目集中开工。沈阳市开工项目30个。大连市开工项目20个。辽宁省经济增长。",
         [M("辽宁省", "Region", 0, "Province"), M("沈阳市", "Region", 0, "City"), M("大连市", "Region", 0, "City"),
          M("辽宁省", "Region", 1, "Province")],
         topic=0, has=[("沈阳市", "partOf", "辽宁省"), ("大连市", "partOf", "辽宁省")]),
    case("city-party-committee-is-the-citys",
         "南湖市委副书记在签约仪式上讲话。南湖市经济增长。东岭区项目开工。",
         [M("南湖市委", "Organization"), M("南湖市", "Region", 1, "City"), M(DL, "Region", 0, "District")],
         topic=2, where={"南湖市委": {"南湖市"}}),
    case("named-area-of-a-new-area-named-after-the-same-city-is-its-part",
         "长春东岭新区经济增长。长春北湖科技开发区项目开工。长春东岭新区招商成效明显。",
         [M("长春东岭新区", "Region", 0, "DevelopmentZone"), M("长春北湖科技开发区", "Region", 0, "DevelopmentZone"),
          M("长春东岭新区", "Region", 1, "DevelopmentZone")],
         topic=0, has=[("长春北湖科技开发区", "partOf", "长春东岭新区")]),
    case("district-topic-is-not-part-of-a-city-the-table-does-not-put-it-in",
         "江夏区经济增长。江夏区与沈阳市企业签约。江夏区发展。",
         [M("江夏区", "Region", 0, "District"), M("江夏区", "Region", 1, "District"), M("沈阳市", "Region", 0, "City"),
          M("江夏区", "Region", 2, "District")],
         topic=0, no_predicate=["partOf"], table=True),
    case("papers-and-regional-bodies-are-not-residents",
         "北江晨报报道，东岭区一季度签约项目增多。自治区工业和信息化厅主办活动。东岭区经济增长。",
         [M("北江晨报", "Organization"), M(DL, "Region", 0, "District"), M("自治区工业和信息化厅", "Organization"),
          M(DL, "Region", 1, "District")],
         topic=1, where={"北江晨报": set(), "自治区工业和信息化厅": set()}),
    case("another-countys-body-is-not-a-resident",                  # 西华 is a county of the table
         "东岭区一季度签约项目增多。西华卫生局参加了会议。东岭区经济增长。",
         [M(DL, "Region", 0, "District"), M("西华卫生局", "Organization"), M(DL, "Region", 1, "District")],
         topic=0, where={"西华卫生局": set()}, table=True),
]


@pytest.mark.parametrize("text,marks,topic,has,lacks,where,no_predicate,no_subject,table", CASES)
def test_frame(rules, text, marks, topic, has, lacks, where, no_predicate, no_subject, table):
    if table and not rules.relations.division_parent:
        pytest.skip("no national division table (kg/rules/gazetteer/divisions.tsv) in this checkout")
    ms = [mention(text, *m) for m in marks]
    got = run(text, ms, rules, topic=_FIND if topic is _FIND else ms[topic])
    assert has <= got, sorted(has - got)
    assert not lacks & got, sorted(lacks & got)
    for subject, places in where.items():
        assert located(got, subject) == places, subject
    assert not [r for r in got if r[1] in no_predicate or r[0] in no_subject], sorted(got)
