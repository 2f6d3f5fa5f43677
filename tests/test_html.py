"""graph.html and `kg viz`: offline, escaped, deterministic, bounded (no browser needed)."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from kg import graph as G
from kg.commands.viz import run_viz_cli
from kg.export import html as H
from kg.export.jsonl import write_jsonl
from kg.model import Document, Entity, Evidence, Figure, Mention, Relation

BASE = G.DEFAULT_BASE_IRI
HOSTILE_NAME = '<script>window.__pwned=1</script>"onmouseover=alert(1) x="'


def _mention(doc: Document, form: str, type_: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(form, start + 1)
    return Mention(doc.id, start, start + len(form), form, type_)


def _entity(key: str, type_: str, name: str, mentions, aliases=(), subtype=None) -> Entity:
    return Entity(f"{BASE}{type_.lower()}/{key}", type_, name, subtype=subtype, aliases=list(aliases),
                  mentions=list(mentions))


def sample_graph(hostile: bool = False):
    """A small invented two-article graph: every entity type, all five edge kinds, figures with periods."""
    t1 = ("示例市高新区位于示例省示例市。2025年，高新区地区生产总值增长8.5%。"
          "星辰新能源电池项目由星辰科技有限公司实施，总投资20亿元，占地12万平方米。"
          "示例市发展和改革委员会发布《示例市促进数字经济发展若干措施》。"
          "市委书记王明调研新能源汽车产业。")
    t2 = ("星辰科技在示例高新区再投资5亿元。示例高新区隶属示例市。"
          "《数字经济若干措施》提出，到2026年数字经济核心产业增加值占比达到10%。")
    title2 = HOSTILE_NAME if hostile else "星辰科技追加投资"
    d1 = Document("art1", "art1.txt", t1, title="示例市高新区项目签约", date="2025-03-01")
    d2 = Document("art2", "art2.txt", t2, title=title2, date="2025-04-02")
    zone = _entity("zone", "Region", "示例市高新区",
                   [_mention(d1, "示例市高新区", "Region"), _mention(d1, "高新区", "Region", 1),
                    _mention(d2, "示例高新区", "Region")], aliases=["高新区", "示例高新区"], subtype="DevelopmentZone")
    city = _entity("city", "Region", "示例市", [_mention(d1, "示例市", "Region", 1), _mention(d2, "示例市", "Region")],
                   subtype="City")
    prov = _entity("prov", "Region", "示例省", [_mention(d1, "示例省", "Region")], subtype="Province")
    comp_name = HOSTILE_NAME if hostile else "星辰科技有限公司"
    comp = _entity("comp", "Company", comp_name,
                   [_mention(d1, "星辰科技有限公司", "Company"), _mention(d2, "星辰科技", "Company")],
                   aliases=["星辰科技"])
    proj = _entity("proj", "Project", "星辰新能源电池项目", [_mention(d1, "星辰新能源电池项目", "Project")])
    org = _entity("org", "Organization", "示例市发展和改革委员会", [_mention(d1, "示例市发展和改革委员会", "Organization")],
                  aliases=["示例市发改委"])
    pol = _entity("pol", "Policy", "示例市促进数字经济发展若干措施",
                  [_mention(d1, "示例市促进数字经济发展若干措施", "Policy"), _mention(d2, "数字经济若干措施", "Policy")],
                  aliases=["数字经济若干措施"])
    ind = _entity("ind", "Industry", "新能源汽车产业", [_mention(d1, "新能源汽车产业", "Industry")])
    per = _entity("per", "Person", "王明", [_mention(d1, "王明", "Person")])
    ents = [zone, city, prov, comp, proj, org, pol, ind, per]

    def ev(doc, needle):
        s = doc.text.index(needle)
        start = doc.text.rfind("。", 0, s) + 1
        end = doc.text.index("。", s) + 1
        return Evidence(doc.id, start, end, doc.text[start:end])

    rels = [
        Relation(zone.iri, "locatedIn", city.iri, [ev(d1, "位于")]),
        Relation(city.iri, "locatedIn", prov.iri, [ev(d1, "位于")]),
        Relation(zone.iri, "partOf", city.iri, [ev(d2, "隶属")]),
        Relation(proj.iri, "implementedBy", comp.iri, [ev(d1, "实施")]),
        Relation(proj.iri, "locatedIn", zone.iri, [ev(d1, "实施")]),
        Relation(pol.iri, "issuedBy", org.iri, [ev(d1, "发布")]),
    ]

    def fig(doc, form, subject, metric, value, unit, period=None):
        s = doc.text.index(form)
        return Figure(f"{BASE}figure/{doc.id}/{s}-{s + len(form)}", subject.iri if subject else None, metric,
                      value, unit, period, form, doc.id, s, s + len(form))

    figs = [
        fig(d1, "8.5%", zone, "地区生产总值增速", 8.5, "percent", "2025年"),
        fig(d1, "20亿元", proj, "总投资", 2_000_000_000, "CNY"),
        fig(d1, "12万平方米", proj, "占地面积", 120_000, "m2"),
        fig(d2, "5亿元", comp, "投资", 500_000_000, "CNY"),
        fig(d2, "10%", None, "数字经济核心产业增加值占比", 10, "percent", "2026年"),
    ]
    return G.build_graph([d1, d2], ents, rels, figs)


def chain_graph(n_hubs: int, leaves_per_hub: int):
    """A big invented graph: hubs in a chain, each with leaf companies located in it."""
    text = "".join(f"地区{i}。" for i in range(n_hubs))
    doc = Document("big", "big.txt", text, title="大图")
    ents, rels, prev = [], [], None
    for i in range(n_hubs):
        s = text.index(f"地区{i}。")
        hub = Entity(f"{BASE}region/h{i:05d}", "Region", f"地区{i}", mentions=[Mention("big", s, s + len(f"地区{i}"),
                                                                                         f"地区{i}", "Region")])
        ents.append(hub)
        if prev is not None:
            rels.append(Relation(hub.iri, "partOf", prev.iri))
        prev = hub
        for j in range(leaves_per_hub):
            leaf = Entity(f"{BASE}company/h{i:05d}l{j:03d}", "Company", f"企业{i}-{j}", mentions=[])
            ents.append(leaf)
            rels.append(Relation(leaf.iri, "locatedIn", hub.iri))
    return G.build_graph([doc], ents, rels, [])


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "page has no data block"
    return json.loads(m.group(1))


@pytest.fixture()
def page(tmp_path):
    g = sample_graph()
    path = tmp_path / "graph.html"
    H.write_html(g, path)
    return g, path.read_text(encoding="utf-8")


def test_page_needs_no_network(page):
    _, text = page
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text, re.I)
    assert tags, "expected inline script tags"
    for tag in tags:
        assert not re.search(r"\b(?:src|href)\s*=", tag, re.I), tag
    assert "cdn.jsdelivr" not in text and "cdnjs" not in text and "bootstrap" not in text.lower()
    assert "default-src 'none'" in text          # the page forbids fetching anything
    assert "vis.Network" in text and "new vis.DataSet" in text


def test_data_has_every_entity_and_figure(page):
    g, text = page
    data = _data(text)
    n_ent = sum(1 for _ in G.entities(g))
    n_fig = sum(1 for _ in G.figures(g))
    assert (n_ent, n_fig) == (9, 5)
    assert len(data["nodes"]) == n_ent + n_fig
    assert data["stats"]["bounded"] is False
    labels = {e["label"] for e in data["edges"]}
    assert {"位于 locatedIn", "隶属 partOf", "实施主体 implementedBy", "发布 issuedBy", "关于 about"} <= labels
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_side_panel_data_for_an_entity(page):
    _, text = page
    data = _data(text)
    info = {i["iri"]: i for i in data["info"]}
    proj = info[f"{BASE}project/proj"]
    assert proj["type"] == "Project" and proj["name"] == "星辰新能源电池项目"
    assert [(f["v"], f["m"]) for f in proj["figs"]] == [("20亿元", "总投资"), ("12万平方米", "占地面积")]
    doc_idx, sentence, a, b = proj["ev"][0]
    assert data["docs"][doc_idx][0] == "示例市高新区项目签约"
    assert sentence[a:b] == "星辰新能源电池项目" and sentence.endswith("。")
    zone = info[f"{BASE}region/zone"]
    assert zone["aliases"] == ["示例高新区", "高新区"] and zone["subtype"] == "DevelopmentZone"
    assert zone["figs"][0] == {"v": "8.5%", "m": "地区生产总值增速", "p": "2025年", "x": "8.5%"}
    assert {data["docs"][e[0]][0] for e in zone["ev"]} == {"示例市高新区项目签约", "星辰科技追加投资"}


def test_hostile_strings_are_escaped(tmp_path):
    g = sample_graph(hostile=True)
    path = tmp_path / "graph.html"
    H.write_html(g, path, title='<script>alert("t")</script>')
    text = path.read_text(encoding="utf-8")
    assert "window.__pwned" in text                      # the data is there ...
    assert "<script>window.__pwned" not in text           # ... but never as markup
    assert 'onmouseover=alert' not in text.replace('\\"onmouseover=alert', "")
    assert "<title>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</title>" in text
    assert text.count("</script>") == 3                  # vis, data, app: nothing from the input ends a block
    data = _data(text)
    assert HOSTILE_NAME in {i.get("name") for i in data["info"]}
    app = (H.ASSETS / "view.js").read_text(encoding="utf-8")
    assert not re.search(r"\.(?:innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", app)


def test_output_is_deterministic(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    H.write_html(sample_graph(), a)
    H.write_html(sample_graph(), b)
    assert a.read_bytes() == b.read_bytes()


def test_format_value():
    assert H.format_value(2_000_000_000, "CNY") == "20亿元"
    assert H.format_value(92_487_800, "CNY") == "9248.78万元"
    assert H.format_value(14.9, "percent") == "14.9%"
    assert H.format_value(350, "count") == "350个"
    assert H.format_value(1.5, "km") == "1.5公里"


def test_sentence_around():
    text = "第一句。第二句里有星辰科技。第三句"
    s, a, b = H.sentence_around(text, text.index("星辰"), text.index("星辰") + 4)
    assert s == "第二句里有星辰科技。" and s[a:b] == "星辰科技"


def test_big_graph_is_bounded_and_says_so(tmp_path):
    g = chain_graph(n_hubs=40, leaves_per_hub=30)           # 1,240 entities
    path = tmp_path / "big.html"
    stats = H.write_html(g, path, max_nodes=500)
    data = _data(path.read_text(encoding="utf-8"))
    assert stats["bounded"] and stats["total_nodes"] == 1240
    assert 400 < len(data["nodes"]) <= 500
    assert "只显示连接最多的实体" in data["note"]
    drawn = {i["name"] for i in data["info"]}
    assert {"地区1", "地区2"} <= drawn                  # the best-connected hubs are kept (with their leaves)
    assert data["options"]["layout"]["improvedLayout"] is False


def test_layout_of_a_large_graph_is_fast_enough_to_build(tmp_path):
    g = chain_graph(n_hubs=100, leaves_per_hub=49)          # 5,000 entities: at the bound, nothing dropped
    stats = H.write_html(g, tmp_path / "g.html")
    assert stats["nodes"] == 5000 and not stats["bounded"]


def _viz_args(out_dir, **kw):
    base = dict(out_dir=str(out_dir), focus=None, depth=1, types=None, output=None)
    base.update(kw)
    return SimpleNamespace(**base)


@pytest.fixture()
def built(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    write_jsonl(sample_graph(), out)
    return out


def test_viz_focus_writes_an_ego_graph(built, capsys):
    target = built / "ego.html"
    assert run_viz_cli(_viz_args(built, focus="星辰科技", output=str(target))) == 0   # found by alias
    data = _data(target.read_text(encoding="utf-8"))
    names = {i["name"] for i in data["info"] if i["k"] == "entity"}
    assert names == {"星辰新能源电池项目", "星辰科技有限公司"}
    assert sorted(i["v"] for i in data["info"] if i["k"] == "figure") == ["12万平方米", "20亿元", "5亿元"]
    assert data["note"] == "以「星辰科技有限公司」为中心，1 跳以内"           # the captions of labels.yaml
    assert data["title"] == "kg 视图：星辰科技有限公司"

    assert run_viz_cli(_viz_args(built, focus="“星辰科技有限公司”", depth=2, output=str(target))) == 0   # quotes folded
    data = _data(target.read_text(encoding="utf-8"))
    names = {i["name"] for i in data["info"] if i["k"] == "entity"}
    assert names == {"示例市高新区", "星辰新能源电池项目", "星辰科技有限公司"}
    assert len([i for i in data["info"] if i["k"] == "figure"]) == 4


def test_viz_types_and_errors(built, capsys):
    assert run_viz_cli(_viz_args(built, types="Region")) == 0
    data = _data((built / "view.html").read_text(encoding="utf-8"))
    assert {i["name"] for i in data["info"] if i["k"] == "entity"} == {"示例市", "示例市高新区", "示例省"}
    assert [t["key"] for t in data["types"]] == ["Region"]
    assert data["title"] == "kg 视图" and data["note"] == "类型：地区"
    assert run_viz_cli(_viz_args(built, focus="示例市", types="Region,Company")) == 0
    data = _data((built / "view.html").read_text(encoding="utf-8"))
    assert data["note"] == "以「示例市」为中心，1 跳以内；类型：地区、企业"
    assert run_viz_cli(_viz_args(built, focus="示例")) == 2
    assert "did you mean" in capsys.readouterr().err
    assert run_viz_cli(_viz_args(built, types="Planet")) == 2


def test_viz_through_the_cli(built, tmp_path):
    from kg.cli import main
    target = tmp_path / "v.html"
    assert main(["viz", str(built), "--focus", "示例市发改委", "-o", str(target)]) == 0
    data = _data(target.read_text(encoding="utf-8"))
    assert {i["name"] for i in data["info"]} == {"示例市促进数字经济发展若干措施", "示例市发展和改革委员会"}


def test_viz_focus_accepts_traditional_script_and_stray_spaces(built, tmp_path):
    target = tmp_path / "t.html"
    assert run_viz_cli(_viz_args(built, focus="星辰科技有限公司", depth=0, output=str(target))) == 0
    assert run_viz_cli(_viz_args(built, focus="\u3000示例市發改委 ", depth=0, output=str(target))) == 0
    data = _data(target.read_text(encoding="utf-8"))
    assert [i["name"] for i in data["info"] if i["k"] == "entity"] == ["示例市发展和改革委员会"]


def test_drawn_selection_is_the_best_connected_entities_with_their_neighbours():
    """view_data over a bound draws the best-connected entities with their partners and figures (the
    rule written out below, over the graph's relations), and everything up to the bound."""
    import random
    from collections import defaultdict
    rng = random.Random(4)
    doc = Document("d", "d.txt", "甲乙丙丁。" * 40)
    names = [f"{BASE}company/e{i:02d}" for i in range(40)]
    subjects = [rng.choice([None, *names]) for _ in range(120)]
    g = G.build_graph([doc], [Entity(n, "Company", n[-3:]) for n in names],
                      [Relation(rng.choice(names), "locatedIn", rng.choice(names)) for _ in range(60)],
                      [Figure(f"{BASE}figure/d/{i}-{i + 1}", s, "m", i, "count", None, str(i), "d", i, i + 1)
                       for i, s in enumerate(subjects)])
    ents, figs = dict(G.entities(g)), dict(G.figures(g))
    rels = list(G.relations(g))
    about = [(f, d.subject) for f, d in figs.items() if d.subject in ents]
    assert len(ents) == 40 and len(figs) == 120 and len(about) == sum(s is not None for s in subjects)

    def plain(max_nodes):                    # the rule, written out without shortcuts
        if len(ents) + len(figs) <= max_nodes:
            return set(ents) | set(figs)
        degree, neigh = defaultdict(int), defaultdict(set)
        for s, _, o, _ in rels:
            degree[s] += 1
            degree[o] += 1
            neigh[s].add(o)
            neigh[o].add(s)
        for f, s in about:
            degree[s] += 1
            neigh[s].add(f)
        chosen = set()
        for e in sorted(ents, key=lambda n: (-degree[n], n)):
            if len(chosen) >= max_nodes:
                break
            group = ({e} | neigh[e]) - chosen
            if len(chosen) + len(group) <= max_nodes:
                chosen |= group
            elif e not in chosen:
                chosen.add(e)
        return {n for n in chosen if n in ents or figs[n].subject in chosen}

    def drawn(max_nodes):
        data = H.view_data(g, max_nodes=max_nodes)
        assert data["stats"]["bounded"] == (max_nodes < 160)
        return {i["iri"] for i in data["info"]}

    assert drawn(160) == plain(160) == set(ents) | set(figs)     # everything up to the bound
    for max_nodes in (1, 7, 30, 80, 159):
        assert drawn(max_nodes) == plain(max_nodes)


def test_node_and_edge_records_are_the_ones_pyvis_makes():
    """view_data's node and edge records are pyvis's Node and Edge options for the same arguments (sizes,
    fonts and colours from their definitions: size 9 + 3 sqrt(degree), hub labels 12 + 2.5 sqrt(degree),
    borders at 3/4 of the fill)."""
    from pyvis.edge import Edge
    from pyvis.node import Node
    doc = Document("d", "d.txt", "星辰科技、远航科技和星辰项目在甲区、乙区。")
    star, far = f"{BASE}company/a", f"{BASE}company/b"
    ra, rb, proj = f"{BASE}region/a", f"{BASE}region/b", f"{BASE}project/p"
    places = [f"{BASE}region/z{i}" for i in range(9)]
    g = G.build_graph(
        [doc],
        [Entity(star, "Company", "星辰科技"), Entity(far, "Company", "远航科技"), Entity(ra, "Region", "甲区"),
         Entity(rb, "Region", "乙区"), Entity(proj, "Project", "星辰项目")]
        + [Entity(z, "Region", f"丙{i}区") for i, z in enumerate(places)],
        [Relation(star, "locatedIn", ra), Relation(ra, "locatedIn", rb), Relation(ra, "partOf", rb)]
        + [Relation(far, "locatedIn", z) for z in places],
        [Figure(f"{BASE}figure/d/0-4", proj, "总投资", 2_000_000_000, "CNY", None, "", "d", 0, 4)])
    data = H.view_data(g)
    ids = {inf["iri"]: k for k, inf in enumerate(data["info"])}
    nodes = {n["id"]: n for n in data["nodes"]}
    assert sorted(nodes) == list(range(len(ids)))

    def colour(fill, border):
        return {"background": fill, "border": border, "highlight": {"background": fill, "border": "#222222"},
                "hover": {"background": fill, "border": "#222222"}}

    for iri, label, size, font in ((star, "星辰科技", 12.0, {}), (far, "远航科技", 18.0, {"font": {"size": 19.5}})):
        node = nodes[ids[iri]]
        assert node == Node(ids[iri], "square", label=label, color=colour("#f28e2b", "#b56a20"), size=size,
                            x=node["x"], y=node["y"], t="Company", **font).options
    fig = nodes[ids[f"{BASE}figure/d/0-4"]]
    assert fig == Node(fig["id"], "dot", label="20亿元", color=colour("#9c9c9c", "#757575"), size=5, x=fig["x"],
                       y=fig["y"], t="Figure", st="Project", font={"size": 10, "color": "#666666"}).options
    edges = data["edges"]
    part_of = next(e for e in edges if e["p"] == "partOf")      # the second edge between 甲区 and 乙区
    smooth = {"enabled": True, "type": "curvedCW", "roundness": 0.25}     # nth 1, from < to
    assert part_of == Edge(ids[ra], ids[rb], True, id=part_of["id"], label="隶属 partOf", p="partOf",
                           smooth=smooth).options
    about = Edge(ids[f"{BASE}figure/d/0-4"], ids[proj], True, id=len(edges) - 1, label="关于 about", p="about",
                 dashes=True, color={"color": "#c8c8c8"}, font={"size": 8, "color": "#8a8a8a"}).options
    assert edges[-1] == about and data["einfo"][-1] == {"p": "about", "ev": []}


def test_sentence_bounds_by_regex_are_the_character_scan():
    import random
    rng = random.Random(5)

    def scan(text, start, end):              # the definition: walk left to an end, search right for one
        floor, limit = max(0, start - H.SENTENCE_CAP), min(len(text), end + H.SENTENCE_CAP)
        left = start
        while left > floor and text[left - 1] not in "。！？!?；;\n":
            left -= 1
        right = next((i + 1 for i in range(end, limit) if text[i] in "。！？!?；;\n"), limit)
        sent = text[left:right]
        stripped = sent.lstrip()
        shift = len(sent) - len(stripped)
        return stripped.rstrip(), start - left - shift, end - left - shift

    for _ in range(300):
        text = "".join(rng.choice("甲乙丙。！？;\n a") for _ in range(rng.randint(1, 600)))
        start = rng.randrange(len(text))
        end = rng.randint(start + 1, len(text))
        assert H.sentence_around(text, start, end) == scan(text, start, end)
    for _ in range(20):      # the side panel's evidence of a figure is that sentence too
        text = "".join(rng.choice("甲乙丙。！？;\n a") for _ in range(rng.randint(1, 600)))
        start = rng.randrange(len(text))
        end = rng.randint(start + 1, len(text))
        g = G.build_graph([Document("d", "d.txt", text)], [], [],
                          [Figure(f"{BASE}figure/d/{start}-{end}", None, "m", 1, "count", None, "x", "d", start, end)])
        assert H.view_data(g)["info"][0]["ev"] == [[0, *scan(text, start, end)]]


def test_entity_panel_takes_sorted_mentions_as_they_are_and_ranks_figures_by_place():
    """An entity's side panel: up to MAX_EVIDENCE distinct sentences by (doc, start), one per article first
    (the rule written out below), and its first MAX_FIGURES figures by (doc, start) of all of them."""
    import random
    rng = random.Random(8)
    texts = {f"d{i}": "".join(rng.choice("甲乙丙丁。") for _ in range(200)) for i in range(6)}
    docs = [Document(d, f"{d}.txt", t) for d, t in texts.items()]

    def evidence(ms, index):                 # the rule, without the shortcuts
        seen, first, rest, used = set(), [], [], set()
        for m in sorted(ms, key=lambda m: (m.doc, m.start, m.end)):
            sent, a, b = H.sentence_around(texts[m.doc], m.start, m.end)
            if (m.doc, sent) not in seen:
                seen.add((m.doc, sent))
                (rest if m.doc in used else first).append([index[m.doc], sent, a, b])
                used.add(m.doc)
        return (first + rest)[:H.MAX_EVIDENCE]

    e = f"{BASE}region/e"
    for _ in range(50):
        ms = [Mention(d, s, s + 2, texts[d][s:s + 2], "Region")
              for d, s in ((rng.choice(list(texts)), rng.randrange(198)) for _ in range(rng.randint(1, 15)))]
        data = H.view_data(G.build_graph(docs, [Entity(e, "Region", "示例市", mentions=ms)], [], []))
        index = {row[0]: i for i, row in enumerate(data["docs"])}
        assert data["info"][0]["ev"] == evidence(ms, index)
    figs = [Figure(f"{BASE}figure/d{i % 3}/{i:02d}", e, "m", i, "count", None, str(i), f"d{i % 3}", 50 - i, 52 - i)
            for i in range(30)]
    data = H.view_data(G.build_graph(docs, [Entity(e, "Region", "示例市")], [], figs))
    info = next(i for i in data["info"] if i["iri"] == e)
    ranked = sorted(figs, key=lambda f: (f.doc, f.start, f.iri))[:H.MAX_FIGURES]
    assert [r["x"] for r in info["figs"]] == [f.text for f in ranked] and info["nfigs"] == 30


def test_the_page_words_come_from_the_labels_file(tmp_path):
    """labels.yaml holds every word the page shows; a file missing one is refused by name."""
    assert H.LABELS["types"]["Region"] == "地区" and H.TYPE_STYLE["Region"][0] == "地区"
    assert list(H.TYPE_STYLE) == ["Region", "Company", "Organization", "Project", "Policy", "Industry", "Person"]
    assert H.PREDICATE_LABEL["partOf"] == "隶属" and H.SUBTYPE_LABEL["City"] == "市"
    short = tmp_path / "labels.yaml"
    short.write_text("title: x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing label.*bounded_note"):
        H.load_labels(short)


def test_the_search_index_holds_every_undrawn_entity_with_its_relations():
    g = chain_graph(n_hubs=40, leaves_per_hub=30)           # 1,240 entities, 500 drawn
    data = H.view_data(g, max_nodes=500)
    more, n = data["more"], len(data["nodes"])
    drawn = {i["name"] for i in data["info"]}
    assert len(more["rows"]) == 1240 - n and drawn.isdisjoint(r[0] for r in more["rows"])
    assert drawn | {r[0] for r in more["rows"]} == {e["name"] for _, e in G.entities(g)}
    name_of = {**{n + k: r[0] for k, r in enumerate(more["rows"])}, **{i: inf["name"] for i, inf in enumerate(data["info"])}}
    row_of = {r[0]: r for r in more["rows"]}
    hub = row_of["地区39"]                                   # an undrawn hub: 30 leaves and one chain link
    assert more["types"][hub[2]] == "Region"

    def links(row):
        flat = row[3]
        return {(more["preds"][flat[i]], name_of[flat[i + 1]] if flat[i + 1] >= 0 else "<-" + name_of[-1 - flat[i + 1]])
                for i in range(0, len(flat), 2)}
    hub_links = links(hub)
    assert ("partOf", "地区38") in hub_links and ("locatedIn", "<-企业39-0") in hub_links
    assert len(hub_links) == 31 <= H.MAX_INDEX_NEIGHBOURS
    assert links(row_of["企业39-7"]) == {("locatedIn", "地区39")}
    assert data["stats"]["total_entities"] == n + len(more["rows"])


def test_aliases_of_undrawn_entities_are_searchable_and_small_pages_have_no_index(page):
    _, text = page
    assert _data(text)["more"] == {"types": [], "preds": [], "rows": []}
    data = H.view_data(sample_graph(), max_nodes=4)
    aliases = {e["name"]: list(e.get("aliases", [])) for _, e in G.entities(sample_graph())}
    rows = data["more"]["rows"]
    assert len(rows) + sum(1 for i in data["info"] if i["k"] == "entity") == 9
    assert all(r[1] == aliases[r[0]] for r in rows) and any(r[1] for r in rows)


def test_unconnected_nodes_are_listed_and_grouped_below_the_graph(page):
    _, text = page
    data = _data(text)
    names = {i: (inf.get("name") or inf.get("v")) for i, inf in enumerate(data["info"])}
    assert sorted(names[i] for i in data["isolated"]) == sorted(["王明", "新能源汽车产业", "10%"])
    assert data["stats"]["isolated"] == 3
    y = {n["id"]: n["y"] for n in data["nodes"]}
    lowest_connected = max(v for i, v in y.items() if i not in data["isolated"])
    assert all(y[i] > lowest_connected for i in data["isolated"])       # below the drawing, not among it
    x = {n["id"]: n["x"] for n in data["nodes"]}
    assert len({x[i] for i in data["isolated"]}) == 3                   # one group per type, side by side


def test_a_bounded_page_is_deterministic(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    H.write_html(chain_graph(n_hubs=40, leaves_per_hub=30), a, max_nodes=500)
    H.write_html(chain_graph(n_hubs=40, leaves_per_hub=30), b, max_nodes=500)
    assert a.read_bytes() == b.read_bytes()
