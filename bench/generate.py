"""Synthetic benchmark corpus: realistic regional-economy news articles, seeded and deterministic.

    python bench/generate.py N OUT_DIR [--seed S] [--format jsonl|txt] [--shard-size K]

Articles report on districts and development zones, the companies in them, projects
with 总投资/占地 figures, policies and growth percentages. Names are composed from
parts (real districts and cities; invented 字号 syllable pairs for companies), and a
shared pool of companies is reused across documents under full and short names, so
that entity resolution has real work to do. Same N and seed give byte-identical files.

`generate(n, seed)` yields dicts with id, title, date, source, url, text.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

MIN_DOCS, MAX_DOCS = 1, 100_000

# --- name parts (general geography; everything else is invented) -----------------

# city, province, districts: real administrative divisions
CITIES = [
    ("长春市", "吉林省", ["南关区", "宽城区", "朝阳区", "二道区", "绿园区", "双阳区", "九台区"]),
    ("吉林市", "吉林省", ["昌邑区", "龙潭区", "船营区", "丰满区"]),
    ("沈阳市", "辽宁省", ["和平区", "沈河区", "大东区", "皇姑区", "铁西区", "浑南区", "于洪区"]),
    ("大连市", "辽宁省", ["中山区", "西岗区", "沙河口区", "甘井子区", "旅顺口区", "金州区"]),
    ("哈尔滨市", "黑龙江省", ["道里区", "南岗区", "道外区", "香坊区", "平房区", "松北区"]),
    ("济南市", "山东省", ["历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区"]),
    ("青岛市", "山东省", ["市南区", "市北区", "黄岛区", "崂山区", "李沧区", "城阳区"]),
    ("合肥市", "安徽省", ["瑶海区", "庐阳区", "蜀山区", "包河区"]),
    ("武汉市", "湖北省", ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区"]),
    ("成都市", "四川省", ["锦江区", "青羊区", "金牛区", "武侯区", "成华区"]),
    ("西安市", "陕西省", ["新城区", "碑林区", "莲湖区", "雁塔区", "未央区", "灞桥区"]),
    ("郑州市", "河南省", ["中原区", "二七区", "金水区", "惠济区"]),
    ("长沙市", "湖南省", ["芙蓉区", "天心区", "岳麓区", "开福区", "雨花区"]),
    ("南京市", "江苏省", ["玄武区", "秦淮区", "建邺区", "鼓楼区", "浦口区", "栖霞区", "江宁区"]),
    ("杭州市", "浙江省", ["上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区"]),
    ("石家庄市", "河北省", ["长安区", "桥西区", "新华区", "裕华区"]),
    ("太原市", "山西省", ["小店区", "迎泽区", "杏花岭区", "万柏林区"]),
    ("南昌市", "江西省", ["东湖区", "西湖区", "青云谱区", "青山湖区"]),
]
UNIVERSITIES = {
    "长春市": "吉林大学", "沈阳市": "东北大学", "大连市": "大连理工大学", "哈尔滨市": "哈尔滨工业大学",
    "济南市": "山东大学", "青岛市": "中国海洋大学", "合肥市": "中国科学技术大学", "武汉市": "武汉大学",
    "成都市": "四川大学", "西安市": "西安交通大学", "郑州市": "郑州大学", "长沙市": "中南大学",
    "南京市": "南京大学", "杭州市": "浙江大学", "太原市": "太原理工大学", "南昌市": "南昌大学",
}
DIRECTIONS = ["东部", "西部", "南部", "北部", "东南部", "西南部", "东北部", "西北部", "中部"]

# 字号 syllables: two of them make a trade name (华睿, 鑫达 ...)
ZIHAO_CHARS = list("华睿鑫达宏泰恒盛博远嘉通信创德联科海天正新源凯丰昊宇顺锦润晟弘诚瑞航迈腾卓越启明伟业")

# industry sector, company descriptor in full names, short descriptor, products, annual capacities
INDUSTRIES = [
    ("汽车零部件", "汽车零部件", "汽配", ["新能源汽车电驱系统", "汽车座椅", "车载显示模组", "轻量化底盘"], ["20万套", "50万件"]),
    ("新能源汽车", "新能源汽车", "新能源", ["动力电池包", "充电桩", "电动商用车"], ["10万套", "5000台"]),
    ("光电信息", "光电科技", "光电", ["激光器", "光学镜头", "红外探测器", "光纤传感器"], ["100万只", "2000台"]),
    ("生物医药", "生物医药", "药业", ["生物疫苗", "中成药", "创新药", "诊断试剂"], ["5000万支", "300吨"]),
    ("新材料", "新材料科技", "新材", ["碳纤维复合材料", "高性能树脂", "特种合金", "石墨烯薄膜"], ["5000吨", "2万吨"]),
    ("精细化工", "化工", "化工", ["电子化学品", "环保涂料", "医药中间体"], ["3万吨", "8000吨"]),
    ("智能制造", "智能装备", "智能", ["工业机器人", "数控机床", "智能仓储设备"], ["2000台", "5000套"]),
    ("数字经济", "数字科技", "数科", ["工业互联网平台", "数据中心", "智慧城市系统"], []),
    ("农产品深加工", "食品", "食品", ["玉米深加工产品", "肉制品", "乳制品", "杂粮食品"], ["10万吨", "30万吨"]),
    ("现代物流", "物流", "物流", ["冷链仓储", "多式联运", "智慧物流园"], []),
    ("轨道交通装备", "轨道交通装备", "轨交", ["城轨车辆配件", "转向架", "牵引系统"], ["3000套", "500辆"]),
    ("医疗器械", "医疗器械", "医疗", ["医用影像设备", "康复器械", "一次性耗材"], ["1000台", "5000万件"]),
    ("集成电路", "微电子", "微电子", ["功率芯片", "传感器芯片", "封装测试"], ["12万片", "5亿颗"]),
    ("航空航天", "航天科技", "航天", ["卫星零部件", "无人机", "航空复合材料"], ["200套", "3000架"]),
]
COMPANY_FORMS = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司"]
PROJECT_KINDS = ["生产基地", "产业园", "研发中心", "智能工厂", "扩能改造", "生产线"]
PHASES = ["", "", "", "一期", "二期", "三期"]

SLOGAN_HEADS = ["项目", "服务", "审批", "企业", "招商", "人才", "创新", "政务", "产业链", "开放"]
SLOGAN_TAILS = ["攻坚年", "提速", "直通车", "服务日", "护航", "倍增", "赋能", "提质", "一网办", "进万企"]
POLICY_HEADS = ["行动", "改革", "活动", "工程", "机制"]
POLICY_TOPICS = ["优化营商环境", "促进民营经济发展", "推动制造业高质量发展", "支持科技创新",
                 "加快数字经济发展", "促进消费扩容提质", "稳外贸稳外资", "推进招商引资", "支持企业上市",
                 "加快现代物流业发展", "促进专精特新企业发展"]
POLICY_DOCS = ["实施方案", "若干措施", "行动方案", "实施意见", "三年行动计划"]

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬晨宇浩然思远欣怡子涵雨桐")
SOURCES = ["城市经济报", "区域发展网", "东北经济观察", "产业新闻网", "新闻客户端", "经济日报地方版"]


@dataclass(frozen=True)
class Zone:
    full: str
    short: str
    city: str
    district: str | None


@dataclass(frozen=True)
class Company:
    full: str
    short: str
    city: str
    industry: int


# --- shared pools (built once per corpus from the seed) ---------------------------

def _city_short(city: str) -> str:
    return city[:-1]


def _district_short(district: str) -> str:
    return district[:-1] if len(district) > 2 else district


def build_zones() -> list[Zone]:
    zones = []
    for city, _prov, districts in CITIES:
        cs = _city_short(city)
        zones.append(Zone(f"{cs}经济技术开发区", f"{cs}经开区", city, None))
        zones.append(Zone(f"{cs}高新技术产业开发区", f"{cs}高新区", city, None))
        for d in districts[::3]:
            zones.append(Zone(f"{cs}{_district_short(d)}经济开发区", f"{_district_short(d)}经济开发区", city, d))
    return zones


def build_companies(rng: random.Random, count: int) -> list[Company]:
    """Distinct companies; short names may collide across cities, as in real news."""
    seen, out = set(), []
    while len(out) < count:
        city = rng.choice(CITIES)[0]
        a, b = rng.sample(ZIHAO_CHARS, 2)
        zihao = a + b
        ind = rng.randrange(len(INDUSTRIES))
        _sector, desc, short_desc, _products, _caps = INDUSTRIES[ind]
        form = rng.choice(COMPANY_FORMS)
        prefix = _city_short(city) if rng.random() < 0.8 else next(p for c, p, _ in CITIES if c == city)
        full = f"{prefix}{zihao}{desc}{form}"
        if full in seen:
            continue
        seen.add(full)
        short = f"{zihao}集团" if form == "集团有限公司" else f"{zihao}{short_desc}"
        out.append(Company(full, short, city, ind))
    return out


def company_pool_size(n: int) -> int:
    # grows with the corpus so that 20,000 documents carry thousands of companies
    return max(40, min(n // 3, 20_000))


# --- one article ----------------------------------------------------------------

def _num(rng: random.Random, lo: float, hi: float, digits: int = 1) -> str:
    v = round(rng.uniform(lo, hi), digits)
    return f"{v:.{digits}f}".rstrip("0").rstrip(".") if digits else str(int(v))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def _pick_company(rng: random.Random, by_city: dict[str, list[Company]], companies: list[Company],
                  city: str) -> Company:
    """Mostly a company of the article's city; skewed so that a few are in the news often."""
    pool = by_city.get(city) if rng.random() < 0.85 else None
    pool = pool or companies
    if rng.random() < 0.3:
        return pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)]
    return pool[rng.randrange(len(pool))]


def _intro_name(rng: random.Random, c: Company) -> str:
    """How a paragraph first names a company: mostly its full registered name."""
    return c.full if rng.random() < 0.7 else c.short


def _project_name(rng: random.Random, c: Company, short_ok: bool) -> str:
    _sector, _desc, _sd, products, caps = INDUSTRIES[c.industry]
    product = rng.choice(products)
    owner = c.short if short_ok else c.full
    if caps and rng.random() < 0.3:
        return f"{owner}年产{rng.choice(caps)}{product}项目"
    phase = rng.choice(PHASES)
    if phase and rng.random() < 0.5:
        return f"{owner}{product}{rng.choice(PROJECT_KINDS)}项目（{phase}）"
    return f"{owner}{product}{rng.choice(PROJECT_KINDS)}{phase}项目"


def _policy(rng: random.Random, region_short: str, year: int) -> tuple[str, str]:
    """A named campaign and a titled policy document."""
    slogan = f"“{rng.choice(SLOGAN_HEADS)}{rng.choice(SLOGAN_TAILS)}”{rng.choice(POLICY_HEADS)}"
    topic = rng.choice(POLICY_TOPICS)
    if rng.random() < 0.5:
        doc = f"《{region_short}{year}年{topic}{rng.choice(POLICY_DOCS)}》"
    else:
        doc = f"《关于{topic}的{rng.choice(POLICY_DOCS)}》"
    return slogan, doc


def make_article(i: int, seed: int, zones: list[Zone], companies: list[Company],
                 by_city: dict[str, list[Company]]) -> dict:
    rng = random.Random(seed * 1_000_003 + i)
    city, province, districts = rng.choice(CITIES)
    district = rng.choice(districts)
    city_zones = [z for z in zones if z.city == city]
    zone = rng.choice(city_zones)
    year = rng.randint(2018, 2025)
    half = rng.random() < 0.5
    period = f"{year}年上半年" if half else f"{year}年"
    focus_zone = rng.random() < 0.55
    if focus_zone and zone.district:
        district = zone.district  # a district's own development zone
    subject = zone.full if focus_zone else f"{city}{district}"
    subject_short = zone.short if focus_zone else district
    cos = []
    for _ in range(rng.randint(2, 4)):
        c = _pick_company(rng, by_city, companies, city)
        if c not in cos:
            cos.append(c)
    sectors = [INDUSTRIES[c.industry][0] for c in cos]
    lead = sectors[0]
    second = next((x for x in sectors[1:] if x != lead), None) or rng.choice(
        [x[0] for x in INDUSTRIES if x[0] != lead])
    reporter = _person(rng)
    official = _person(rng)
    slogan, policy_doc = _policy(rng, subject_short, year)

    paras = []
    title = rng.choice([
        f"{subject_short}：项目建设提速 产业集群加快壮大",
        f"{subject_short}{period}经济运行稳中有进",
        f"{subject_short}持续优化营商环境 重大项目加快落地",
        f"{city}{subject_short}：以项目建设推动高质量发展",
    ])
    paras.append(rng.choice(["本报记者 ", "记者 ", "通讯员 "]) + reporter)
    where = (f"{subject}位于{province}{city}{rng.choice(DIRECTIONS)}" if focus_zone
             else f"{province}{city}{district}地处{city}{rng.choice(DIRECTIONS)}")
    paras.append(f"{where}，是{city}重要的{lead}产业集聚区。"
                 f"近年来，{subject_short}坚持项目为王，围绕{lead}、{second}等主导产业招大引强。")

    gdp = _num(rng, 80, 1800, 1)
    signed = rng.randint(12, 260)
    paras.append(f"{period}，{subject_short}实现地区生产总值{gdp}亿元，同比增长{_num(rng, 2, 15)}%；"
                 f"规模以上工业增加值同比增长{_num(rng, 1, 25)}%，固定资产投资同比增长{_num(rng, 3, 30)}%。"
                 f"期间新签约项目{signed}个，其中亿元以上项目{rng.randint(3, signed // 2)}个，"
                 f"签约总额{_num(rng, 50, 900, 1)}亿元。")

    for k, c in enumerate(cos[:3]):
        # introduced by its full name (mostly), the project then named after the short one (mostly)
        name = _intro_name(rng, c)
        proj = _project_name(rng, c, short_ok=rng.random() < 0.8)
        inv = _num(rng, 0.5, 120, 1) if rng.random() < 0.8 else None
        area = rng.choice([f"{_num(rng, 1, 60, 1)}万平方米", f"{rng.randint(30, 900)}亩",
                           f"{rng.randint(2, 80)}公顷"])
        inv_text = f"总投资{inv}亿元" if inv else f"总投资{rng.randint(3000, 95000)}万元"
        where_p = rng.choice([f"位于{zone.short}的", f"在{subject_short}落户的", f"{subject_short}重点推进的"])
        if k == 0:
            paras.append(f"{where_p}{proj}由{name}投资建设，{inv_text}，占地{area}，"
                         f"建成后预计年产值{_num(rng, 1, 200, 1)}亿元，可带动就业{rng.randint(100, 3000)}人。")
        elif k == 1:
            paras.append(f"{name}是{subject_short}重点培育的{INDUSTRIES[c.industry][0]}企业。"
                         f"{period}，{c.short}产值同比增长{_num(rng, 5, 60)}%，"
                         f"正在建设的{proj}{inv_text}，计划{year + 1}年投产。")
        else:
            paras.append(f"此外，{name}投资的{proj}已完成主体施工，{inv_text}，建筑面积{_num(rng, 1, 30, 1)}万平方米。")

    org = rng.choice([f"{district}发展和改革局", f"{city}商务局", f"{zone.short}管委会", f"{district}营商环境建设局"])
    verb = "推行" if slogan.endswith(("机制", "改革")) else "开展"
    paras.append(f"在优化营商环境方面，{subject_short}{verb}{slogan}，{org}出台{policy_doc}，"
                 f"推出{rng.randint(10, 60)}条举措，{period}累计为企业解决问题{rng.randint(50, 900)}件，"
                 f"审批时限压缩{rng.randint(20, 80)}%。")

    extra = rng.random()
    if extra < 0.3:
        paras.append(f"物流方面，{zone.short}中欧班列{period}开行{rng.randint(20, 400)}列，"
                     f"完成集装箱运量{rng.randint(2000, 90000)}标箱，同比增长{_num(rng, 3, 80)}%。")
    elif extra < 0.6:
        uni = UNIVERSITIES.get(city)
        if uni:
            paras.append(f"{subject_short}与{uni}共建{rng.choice(['联合实验室', '技术转移中心', '产业研究院'])}，"
                         f"新增国家高新技术企业{rng.randint(10, 300)}户，技术合同成交额{_num(rng, 1, 90, 1)}亿元。")
    else:
        paras.append(f"{subject_short}新建道路{_num(rng, 1, 40, 1)}公里，农产品加工量达到{_num(rng, 1, 90, 1)}万吨。")

    paras.append(f"{subject_short}负责人{official}表示，下一步将继续紧盯{second}等重点产业链，"
                 f"以更优服务推动项目早落地、早投产、早见效。")

    doc_id = f"bench_{seed}_{i:06d}"
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return {
        "id": doc_id,
        "title": title,
        "date": f"{year}-{month:02d}-{day:02d}",
        "source": rng.choice(SOURCES),
        "url": f"https://example.com/bench/{doc_id}.html",
        "text": "\n\n".join(paras) + "\n",
    }


def generate(n: int, seed: int = 0) -> Iterator[dict]:
    """Yield n article records (id, title, date, source, url, text); deterministic in (n, seed)."""
    if not MIN_DOCS <= n <= MAX_DOCS:
        raise ValueError(f"n must be between {MIN_DOCS} and {MAX_DOCS}, got {n}")
    rng = random.Random(seed)
    zones = build_zones()
    companies = build_companies(rng, company_pool_size(n))
    by_city: dict[str, list[Company]] = {}
    for c in companies:
        by_city.setdefault(c.city, []).append(c)
    for i in range(n):
        yield make_article(i, seed, zones, companies, by_city)


# --- writing ------------------------------------------------------------------------

def write_jsonl(records, out_dir: Path, shard_size: int = 1000) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    fh, count = None, 0
    try:
        for i, rec in enumerate(records):
            if i % shard_size == 0:
                if fh:
                    fh.close()
                fh = open(out_dir / f"part-{i // shard_size:05d}.jsonl", "w", encoding="utf-8", newline="\n")
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if fh:
            fh.close()
    return count


def write_txt(records, out_dir: Path) -> int:
    """One UTF-8 .txt per article: title line, blank line, body (the reader takes the id from the name)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    for rec in records:
        (out_dir / f"{rec['id']}.txt").write_text(f"{rec['title']}\n\n{rec['text']}", encoding="utf-8", newline="\n")
        count += 1
    return count


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Write a synthetic, deterministic benchmark corpus.")
    p.add_argument("n", type=int, help=f"number of articles ({MIN_DOCS:,}-{MAX_DOCS:,}; 100+ recommended)")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    p.add_argument("--shard-size", type=int, default=1000, help="records per .jsonl file (default 1000)")
    args = p.parse_args(argv)
    if not MIN_DOCS <= args.n <= MAX_DOCS:
        p.error(f"N must be between {MIN_DOCS:,} and {MAX_DOCS:,}")
    if args.shard_size < 1:
        p.error("--shard-size must be positive")
    records = generate(args.n, args.seed)
    if args.format == "jsonl":
        count = write_jsonl(records, args.out_dir, args.shard_size)
    else:
        count = write_txt(records, args.out_dir)
    print(f"wrote {count} articles to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
