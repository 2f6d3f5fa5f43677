"""graph.html in headless Chromium: offline load, drawn nodes, search, filters, hostile names.

Needs the Python `playwright` package and a Chromium binary (Debian's `chromium`
at /usr/bin/chromium, or $KG_CHROMIUM); skips with a message otherwise. Never
runs `playwright install`. KG_UPDATE_SCREENSHOT=1 also refreshes docs/screenshot.png from the sample.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg import graph as G
from kg.export import html as H
from test_html import BASE, HOSTILE_NAME, sample_graph

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium or set KG_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # a broken or incompatible browser is an environment problem
            pytest.skip(f"Chromium at {CHROMIUM} would not start: {exc}")
        yield b
        b.close()


class Page:
    """A loaded graph page plus everything it logged or requested."""

    def __init__(self, browser, path: Path, width: int = 1400, height: int = 820):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("document.body.dataset.ready === '1'", timeout=30_000)

    def js(self, expr: str):
        return self.page.evaluate(expr)

    def hover_node(self, iri: str) -> None:
        xy = self.js(f"""(() => {{
            const id = kgView.data.info.findIndex(i => i.iri === {iri!r});
            const p = kgView.network.canvasToDOM(kgView.network.getPosition(id));
            const r = document.getElementById('network').getBoundingClientRect();
            return [p.x + r.left, p.y + r.top];
        }})()""")
        self.page.mouse.move(*xy)
        self.page.wait_for_timeout(300)

    def close(self):
        self.page.close()


@pytest.fixture()
def sample_page(browser, tmp_path):
    path = tmp_path / "graph.html"
    H.write_html(sample_graph(), path)
    p = Page(browser, path)
    yield p
    p.close()


def test_loads_offline_and_draws_every_node(sample_page):
    g = sample_graph()
    expected = sum(1 for _ in G.entities(g)) + sum(1 for _ in G.figures(g))
    # the unconnected ones (王明, 新能源汽车产业, the figure without a subject) wait behind a toggle
    assert sample_page.js("kgView.drawnNodeCount()") == expected - 3 == 11
    assert sample_page.js("kgView.drawnEdgeCount()") == 6 + 4
    sample_page.page.check("#isolated-toggle")
    assert sample_page.js("kgView.drawnNodeCount()") == expected == 14
    assert sample_page.page.inner_text("label.isolated-toggle .count") == "3"
    assert sample_page.errors == []
    assert all(u.startswith("file://") for u in sample_page.requests), sample_page.requests


def test_search_by_alias_focuses_the_entity(sample_page):
    pg = sample_page.page
    pg.fill("#search", "示例市发改委")
    assert pg.inner_text("#results button").startswith("示例市发展和改革委员会")
    pg.press("#search", "Enter")
    assert sample_page.js("kgView.selectedIri()") == f"{BASE}organization/org"
    assert pg.inner_text("#panel-body h2") == "示例市发展和改革委员会"
    assert "示例市发改委" in pg.inner_text("#panel-body .aliases")
    assert "《示例市高新区项目签约》" in pg.inner_text("#panel-body .ev")


def test_hover_shows_figures_and_sentences(sample_page):
    sample_page.hover_node(f"{BASE}project/proj")
    panel = sample_page.page.inner_text("#panel-body")
    assert "星辰新能源电池项目" in panel and "项目 Project" in panel
    assert "20亿元" in panel and "总投资" in panel and "12万平方米" in panel
    assert sample_page.page.inner_text("#panel-body mark") == "星辰新能源电池项目"
    rels = sample_page.page.inner_text("#panel-body ul.rels")
    assert "实施主体 →" in rels and "星辰科技有限公司" in rels and "示例市高新区" in rels
    sample_page.page.click("#panel-body ul.rels button:text('星辰科技有限公司')")   # a neighbour link
    assert sample_page.js("kgView.selectedIri()") == f"{BASE}company/comp"
    assert sample_page.page.inner_text("#panel-body h2") == "星辰科技有限公司"


def test_type_relation_and_figure_filters(sample_page):
    pg = sample_page.page
    pg.check("#isolated-toggle")
    pg.uncheck("input[data-type=Company]")                  # the company and the figure about it
    assert sample_page.js("kgView.drawnNodeCount()") == 12
    pg.check("input[data-type=Company]")
    pg.uncheck("#figure-toggle")
    assert sample_page.js("kgView.drawnNodeCount()") == 9
    pg.check("#figure-toggle")
    pg.uncheck("input[data-predicate=locatedIn]")
    assert sample_page.js("kgView.drawnEdgeCount()") == 10 - 3
    assert sample_page.js("kgView.drawnNodeCount()") == 14
    assert sample_page.errors == []


def test_injected_markup_in_names_never_runs(browser, tmp_path):
    path = tmp_path / "hostile.html"
    H.write_html(sample_graph(hostile=True), path, title='<img src=x onerror="window.__pwned=2">')
    p = Page(browser, path)
    try:
        p.page.fill("#search", "<script>")
        p.page.press("#search", "Enter")
        p.hover_node(f"{BASE}company/comp")
        assert p.page.inner_text("#panel-body h2") == HOSTILE_NAME
        assert HOSTILE_NAME in p.page.inner_text("#panel-body")        # the hostile article title, as text
        assert p.js("window.__pwned") is None
        assert p.dialogs == []
        assert p.js("document.scripts.length") == 3
        assert p.js("document.querySelectorAll('[onmouseover], img').length") == 0
        assert p.page.title() == '<img src=x onerror="window.__pwned=2">'
        assert p.errors == []
        assert all(u.startswith("file://") for u in p.requests), p.requests
    finally:
        p.close()


def test_a_5000_node_page_draws_everything(browser, tmp_path):
    from test_html import chain_graph
    path = tmp_path / "big.html"
    stats = H.write_html(chain_graph(n_hubs=100, leaves_per_hub=49), path)
    p = Page(browser, path)
    try:
        assert stats["nodes"] == 5000
        assert p.js("kgView.drawnNodeCount()") == 5000
        assert p.js("kgView.data.options.physics.enabled") is False
        p.page.fill("#search", "企业42-7")
        p.page.press("#search", "Enter")
        assert p.js("kgView.selectedIri()") == f"{BASE}company/h00042l007"
        assert p.errors == []
    finally:
        p.close()


def test_a_bounded_page_says_so(browser, tmp_path):
    path = tmp_path / "bounded.html"
    stats = H.write_html(sample_graph(), path, max_nodes=6)
    p = Page(browser, path)
    try:
        assert p.js("kgView.drawnNodeCount()") == stats["nodes"] < 14
        assert p.page.is_visible("#note")
        assert "只显示连接最多的实体" in p.page.inner_text("#note")
        assert p.errors == []
    finally:
        p.close()


def test_screenshot_of_the_sample(browser, tmp_path):
    """A screenshot of the bundled sample's view; KG_UPDATE_SCREENSHOT=1 writes it to docs/screenshot.png
    (a plain test run leaves the working tree alone)."""
    g = _sample_build(tmp_path)
    update = os.environ.get("KG_UPDATE_SCREENSHOT") == "1"
    target = ROOT / "docs" / "screenshot.png" if update else tmp_path / "screenshot.png"
    path = tmp_path / "sample.html"
    H.write_html(g, path)
    p = Page(browser, path, 1440, 860)
    try:
        hub = max(G.entities(g), key=lambda e: (g.degree(e[0]), e[0]))[0]
        p.js(f"""(() => {{
            const id = kgView.data.info.findIndex(i => i.iri === {hub!r});
            kgView.focus(id);
            kgView.network.moveTo({{position: kgView.network.getPosition(id), scale: 0.8, animation: false}});
        }})()""")
        p.page.wait_for_timeout(500)
        assert p.errors == []
        target.parent.mkdir(exist_ok=True)
        p.page.screenshot(path=str(target))
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 10_000
    finally:
        p.close()


def _sample_build(tmp_path):
    from kg.commands.viz import load_graph
    from kg.pipeline import build
    build(None, tmp_path / "out", progress=False)
    g = load_graph(tmp_path / "out")
    assert sum(1 for _ in G.entities(g)) >= 5
    return g


def test_search_finds_an_undrawn_entity_and_brings_it_into_view(browser, tmp_path):
    """On a graph larger than the drawn limit, a name that is not drawn is found (from the page's index,
    with no network request) and comes into view with its neighbourhood."""
    from test_html import chain_graph
    path = tmp_path / "bounded.html"
    stats = H.write_html(chain_graph(n_hubs=110, leaves_per_hub=49), path)    # 5,500 entities
    assert stats["bounded"] and stats["nodes"] <= H.MAX_NODES < stats["total_nodes"] == 5500
    p = Page(browser, path)
    try:
        drawn_names = set(p.js("kgView.data.info.map(i => i.name)"))
        assert "企业107-3" not in drawn_names and "地区107" in drawn_names     # the leaf only
        before = p.js("kgView.drawnNodeCount()")
        p.page.fill("#search", "企业107-3")
        assert p.page.inner_text("#results button").startswith("企业107-3")
        p.page.press("#search", "Enter")
        p.page.wait_for_timeout(600)                     # the focus animation
        assert p.js("kgView.selectedName()") == "企业107-3"
        node = p.js("kgView.network.getSelectedNodes()[0]")
        assert p.js(f"kgView.inView({node})")
        assert p.js("kgView.drawnNodeCount()") == before + 1
        neighbours = p.js(f"kgView.network.getConnectedNodes({node}).map(n => kgView.infoOf(n).name)")
        assert neighbours == ["地区107"]
        # drawn beside its region, with the relation, and labelled
        hub = p.js("kgView.data.info.findIndex(i => i.name === '地区107')")
        dist = p.js(f"""(() => {{ const a = kgView.network.getPosition({node}), b = kgView.network.getPosition({hub});
                       return Math.hypot(a.x - b.x, a.y - b.y); }})()""")
        assert dist < 400
        assert p.js(f"kgView.nodes.get({node}).font.size") > 0
        assert p.page.inner_text("#panel-body h2") == "企业107-3"
        assert "位于 →" in p.page.inner_text("#panel-body ul.rels")
        assert "地区107" in p.page.inner_text("#panel-body ul.rels")
        assert p.errors == []
        assert all(u.startswith("file://") for u in p.requests), p.requests
    finally:
        p.close()


def test_labels_follow_importance_and_zoom(sample_page, browser, tmp_path):
    # the small sample: every drawn node is labelled in the first view
    assert sample_page.js("kgView.labelled()") == sample_page.js("kgView.drawnNodeCount()")
    from test_html import chain_graph
    path = tmp_path / "big.html"
    H.write_html(chain_graph(n_hubs=60, leaves_per_hub=30), path)
    p = Page(browser, path)
    try:
        first = p.js("kgView.labelled()")
        assert 10 <= first < p.js("kgView.drawnNodeCount()")      # some, not a smear of 1,860
        hubs = p.js("kgView.data.info.filter(i => /^地区/.test(i.name)).length")
        # the labels shown first are the hubs' (the biggest nodes)
        shown = p.js("""kgView.nodes.get().filter(n => n.font && n.font.size > 0).map(n => n.label)""")
        assert sum(1 for s in shown if s.startswith("地区")) >= min(hubs, len(shown)) * 0.5
        p.js("void kgView.network.moveTo({scale: kgView.network.getScale() * 6, animation: false})")
        p.js("void kgView.network.emit('zoom', {})")
        p.page.wait_for_timeout(400)
        shown_near = p.js("""kgView.nodes.get().filter(n => n.font && n.font.size > 0).map(n => n.label)""")
        assert any(s.startswith("企业") for s in shown_near)     # zoomed in: the leaves get theirs
        assert p.errors == []
    finally:
        p.close()


def test_the_view_refits_after_filtering(sample_page):
    scale = sample_page.js("kgView.network.getScale()")
    sample_page.page.uncheck("input[data-type=Region]")
    sample_page.page.uncheck("input[data-type=Company]")
    visible = sample_page.js("kgView.network.body.nodeIndices")
    assert visible and all(sample_page.js(f"kgView.inView({n})") for n in visible)
    assert sample_page.js("kgView.network.getScale()") > scale
