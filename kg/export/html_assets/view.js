/* kg graph view. Data from the input is written only with textContent, never innerHTML. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var SVGNS = "http://www.w3.org/2000/svg";
  var typeOn = { Figure: true };
  var predOn = {};
  var typeInfo = {};
  DATA.types.forEach(function (t) { typeOn[t.key] = true; typeInfo[t.key] = t; });
  DATA.predicates.forEach(function (p) { predOn[p.key] = true; });
  var TYPE_EN = { Figure: "Figure" };
  var N = DATA.nodes.length;              /* ids from N on are undrawn entities: DATA.more.rows[id - N] */
  var MORE = DATA.more;
  var isolated = {};
  DATA.isolated.forEach(function (id) { isolated[id] = true; });
  var showIsolated = false;
  var forced = {};                        /* nodes shown whatever the filters say: the ones searched for */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /* ---- header ---- */
  var s = DATA.stats;
  document.getElementById("title").textContent = DATA.title;
  document.getElementById("stats").textContent =
    s.entities + " 个实体 · " + s.figures + " 个数值 · " + s.relations + " 条关系 · " + s.documents + " 篇文章";
  if (DATA.note) {
    var note = document.getElementById("note");
    note.textContent = DATA.note;
    note.hidden = false;
  }

  /* ---- network ---- */
  function nodeVisible(n) {
    if (forced[n.id]) return true;
    if (isolated[n.id] && !showIsolated) return false;
    if (n.t === "Figure") return typeOn.Figure && (n.st === null || n.st === undefined || typeOn[n.st] !== false);
    return typeOn[n.t] !== false;
  }
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return predOn[e.p] !== false; } });
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, DATA.options);

  /* after a filter changes: the view re-fits to what is left */
  function refresh(keepView) {
    nodeView.refresh();
    edgeView.refresh();
    if (!keepView) network.fit({ animation: false });
    relabel();
  }

  /* ---- labels by importance and zoom ----
     Every label is at least LABEL_PX on screen; the most important nodes (biggest: most connected,
     and the one selected) are labelled first, and a label that would overlap one already placed
     is left out. Zooming in makes room, so more labels appear. */
  var LABEL_PX = 12, MAX_LABELS = 400;
  var baseFont = {}, shownSize = {}, rank = [];
  function baseFontOf(n) {
    var f = n.font || {};
    return { size: f.size || 14, color: f.color };
  }
  function noteNode(n) {
    baseFont[n.id] = baseFontOf(n);
    rank.push(n.id);
  }
  DATA.nodes.forEach(noteNode);
  function importance(id) {
    var n = nodes.get(id);
    return (forced[id] ? 1000 : 0) + (n ? n.size : 0) + (n && n.t === "Figure" ? -100 : 0);
  }
  function sortRank() {
    var imp = {};
    rank.forEach(function (id) { imp[id] = importance(id); });
    rank.sort(function (a, b) { return imp[b] - imp[a] || a - b; });
  }
  sortRank();
  function relabel() {
    var scale = network.getScale(), centre = network.getViewPosition();
    labelledAt = [scale.toFixed(3), Math.round(centre.x), Math.round(centre.y)].join(" ");
    var box = container.getBoundingClientRect();
    var w = box.width, h = box.height;
    var topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    var visible = {};
    nodeView.getIds().forEach(function (id) { visible[id] = true; });
    var pos = network.getPositions(rank.filter(function (id) { return visible[id]; }));
    var cell = 80, grid = {}, placed = 0, changes = [];
    function cells(r, add) {
      for (var gx = Math.floor(r[0] / cell); gx <= Math.floor(r[2] / cell); gx++) {
        for (var gy = Math.floor(r[1] / cell); gy <= Math.floor(r[3] / cell); gy++) {
          var key = gx + ":" + gy;
          if (add) { (grid[key] = grid[key] || []).push(r); continue; }
          var list = grid[key] || [];
          for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (r[0] < o[2] && o[0] < r[2] && r[1] < o[3] && o[1] < r[3]) return true;
          }
        }
      }
      return false;
    }
    rank.forEach(function (id) {
      var size = 0, p = pos[id];
      if (p && placed < MAX_LABELS) {
        var sx = (p.x - topLeft.x) * scale, sy = (p.y - topLeft.y) * scale;
        var px = Math.min(Math.max(baseFont[id].size * scale, LABEL_PX), 2 * LABEL_PX + 8);
        if (forced[id]) px = Math.max(px, LABEL_PX + 2);
        var n = nodes.get(id);
        var text = String(n.label || ""), tw = 0;
        for (var i = 0; i < text.length; i++) tw += text.charCodeAt(i) > 0x2e80 ? px : px * 0.6;
        var top = sy + (n.size || 8) * scale + 2;
        var r = [sx - tw / 2 - 2, top, sx + tw / 2 + 2, top + px + 2];
        if (r[2] > 0 && r[0] < w && r[3] > 0 && r[1] < h && (forced[id] || !cells(r, false))) {
          cells(r, true);
          placed++;
          size = Math.round(px / scale * 10) / 10;
        }
      }
      if (shownSize[id] !== size) {
        shownSize[id] = size;
        var font = { size: size };
        if (baseFont[id].color) font.color = baseFont[id].color;
        changes.push({ id: id, font: font });
      }
    });
    if (changes.length) nodes.update(changes);
  }
  var relabelTimer = null;
  function relabelSoon() {
    if (relabelTimer !== null) clearTimeout(relabelTimer);
    relabelTimer = setTimeout(function () { relabelTimer = null; relabel(); }, 120);
  }
  /* any change of zoom or pan (the wheel, a drag, fit, focus, an animation) relabels once it settles */
  var labelledAt = "";
  network.on("afterDrawing", function () {
    var c = network.getViewPosition(), at = [network.getScale().toFixed(3), Math.round(c.x), Math.round(c.y)].join(" ");
    if (at !== labelledAt && document.body.dataset.ready === "1") relabelSoon();
  });

  /* ---- legend + filters ---- */
  function shapeIcon(shape, color) {
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("class", "swatch");
    var p;
    var pts = {
      triangle: "8,1.5 15,14.5 1,14.5", triangleDown: "1,1.5 15,1.5 8,14.5",
      diamond: "8,1 15,8 8,15 1,8", hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
      star: "8,0.8 10.1,5.6 15.3,6 11.3,9.4 12.6,14.6 8,11.8 3.4,14.6 4.7,9.4 0.7,6 5.9,5.6"
    };
    if (shape === "square") {
      p = document.createElementNS(SVGNS, "rect");
      p.setAttribute("x", "2"); p.setAttribute("y", "2"); p.setAttribute("width", "12"); p.setAttribute("height", "12");
    } else if (pts[shape]) {
      p = document.createElementNS(SVGNS, "polygon");
      p.setAttribute("points", pts[shape]);
    } else {
      p = document.createElementNS(SVGNS, "circle");
      p.setAttribute("cx", "8"); p.setAttribute("cy", "8"); p.setAttribute("r", "6.5");
    }
    p.setAttribute("fill", color);
    svg.appendChild(p);
    return svg;
  }

  var typeBoxes = {};
  var typeList = document.getElementById("type-filters");
  DATA.types.forEach(function (t) {
    var li = el("li");
    var label = el("label", "filter");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.type = t.key;
    box.addEventListener("change", function () { typeOn[t.key] = box.checked; refresh(); });
    typeBoxes[t.key] = box;
    label.appendChild(box);
    label.appendChild(shapeIcon(t.shape, t.color));
    label.appendChild(el("span", null, t.zh));
    label.appendChild(el("span", "en", t.key));
    label.appendChild(el("span", "count", t.count));
    li.appendChild(label);
    typeList.appendChild(li);
  });
  var figBox = document.getElementById("figure-toggle");
  document.getElementById("figure-swatch").style.background = DATA.figure.color;
  var figLabel = document.getElementById("figure-label");
  figLabel.appendChild(el("span", null, DATA.figure.zh + " "));
  figLabel.appendChild(el("span", "en", "figures"));
  figLabel.parentNode.appendChild(el("span", "count", DATA.figure.count));
  figBox.addEventListener("change", function () { typeOn.Figure = figBox.checked; refresh(); });
  var isoBox = document.getElementById("isolated-toggle");
  document.getElementById("isolated-count").textContent = DATA.isolated.length;
  if (!DATA.isolated.length) isoBox.closest("label").hidden = true;
  isoBox.addEventListener("change", function () { showIsolated = isoBox.checked; refresh(); });

  var predBoxes = {};
  var relList = document.getElementById("relation-filters");
  DATA.predicates.forEach(function (p) {
    var li = el("li");
    var label = el("label", "filter");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.predicate = p.key;
    box.addEventListener("change", function () { predOn[p.key] = box.checked; refresh(); });
    predBoxes[p.key] = box;
    label.appendChild(box);
    label.appendChild(el("span", "edge-swatch" + (p.key === "about" ? " about" : "")));
    label.appendChild(el("span", null, p.zh));
    label.appendChild(el("span", "en", p.key));
    label.appendChild(el("span", "count", p.count));
    li.appendChild(label);
    relList.appendChild(li);
  });
  if (!DATA.predicates.length) relList.appendChild(el("li", "muted", "（无）"));

  /* ---- side panel ---- */
  var PRED_ZH = {};
  DATA.predicates.forEach(function (p) { PRED_ZH[p.key] = p.zh; });
  var relationsOf = {};
  DATA.edges.forEach(function (e) {
    if (e.p === "about") return;
    (relationsOf[e.from] = relationsOf[e.from] || []).push(e);
    if (e.to !== e.from) (relationsOf[e.to] = relationsOf[e.to] || []).push(e);
  });
  var panelBody = document.getElementById("panel-body");
  var panelEmpty = document.getElementById("panel-empty");
  var pinned = null;

  function sentenceBlock(ev) {
    var doc = DATA.docs[ev[0]] || ["", ""];
    var div = el("div", "ev");
    div.appendChild(el("div", "src", "《" + doc[0] + "》" + (doc[1] ? " " + doc[1] : "")));
    var q = el("blockquote");
    var text = ev[1], a = ev[2], b = ev[3];
    if (a >= 0 && b > a && b <= text.length) {
      q.appendChild(document.createTextNode(text.slice(0, a)));
      q.appendChild(el("mark", null, text.slice(a, b)));
      q.appendChild(document.createTextNode(text.slice(b)));
    } else {
      q.textContent = text;
    }
    div.appendChild(q);
    return div;
  }

  function badge(typeKey) {
    var t = typeInfo[typeKey];
    var b = el("span", "badge", t ? t.zh + " " + t.key : (typeKey === "Figure" ? DATA.figure.zh + " Figure" : typeKey));
    b.style.background = t ? t.color : DATA.figure.color;
    return b;
  }

  function figureTable(rows) {
    var table = el("table", "figs");
    rows.forEach(function (f) {
      var tr = el("tr");
      tr.appendChild(el("td", "v", f.v));
      tr.appendChild(el("td", null, f.m || "—"));
      tr.appendChild(el("td", "p", f.p || ""));
      tr.title = f.x;
      table.appendChild(tr);
    });
    return table;
  }

  function showNode(id) {
    var inf = infoOf(id);
    if (!inf) return;
    panelBody.replaceChildren();
    if (inf.k === "entity") {
      var head = el("div");
      head.appendChild(badge(inf.type));
      if (inf.subtype) head.appendChild(el("span", "sub", (DATA.subtypes[inf.subtype] || "") + " " + inf.subtype));
      panelBody.appendChild(head);
      panelBody.appendChild(el("h2", null, inf.name));
      if (inf.undrawn) panelBody.appendChild(el("div", "muted", "此实体不在初始视图中：这里只有名称、别名和关系；用 kg viz OUT_DIR --focus 名称 查看其数值和原文。"));
      else panelBody.appendChild(el("div", "muted", inf.nmentions + " 处提及 · " + inf.ndocs + " 篇文章 · " + inf.deg + " 条连接"));
      panelBody.appendChild(el("h3", null, "别名 aliases"));
      if (inf.aliases.length) {
        var ul = el("ul", "aliases");
        inf.aliases.forEach(function (a) { ul.appendChild(el("li", null, a)); });
        panelBody.appendChild(ul);
      } else {
        panelBody.appendChild(el("div", "muted", "（无）"));
      }
      var rels = relationsOf[id] || [];
      if (rels.length) {
        panelBody.appendChild(el("h3", null, "关系 relations"));
        var list = el("ul", "rels");
        rels.slice(0, 15).forEach(function (e) {
          var out = e.from === id, other = out ? e.to : e.from;
          var li = el("li");
          li.appendChild(el("span", "pred", out ? PRED_ZH[e.p] + " →" : "← " + PRED_ZH[e.p]));
          var b = el("button", "link", infoOf(other).name);
          b.type = "button";
          b.addEventListener("click", function () { focusNode(other); });
          li.appendChild(b);
          list.appendChild(li);
        });
        panelBody.appendChild(list);
        if (rels.length > 15) panelBody.appendChild(el("div", "muted", "另有 " + (rels.length - 15) + " 条关系"));
      }
      if (inf.figs.length) {
        panelBody.appendChild(el("h3", null, "关键数值 figures"));
        panelBody.appendChild(figureTable(inf.figs));
        if (inf.nfigs > inf.figs.length) panelBody.appendChild(el("div", "muted", "另有 " + (inf.nfigs - inf.figs.length) + " 个数值"));
      }
    } else {
      var h = el("div");
      h.appendChild(badge("Figure"));
      panelBody.appendChild(h);
      panelBody.appendChild(el("h2", null, inf.v));
      panelBody.appendChild(figureTable([inf]));
      panelBody.appendChild(el("div", "muted", "原文 " + inf.x + (inf.subject ? " · 关于 " + inf.subject : " · 主体未知")));
    }
    if (!inf.undrawn) {
      panelBody.appendChild(el("h3", null, "原文句子 evidence"));
      if (inf.ev.length) inf.ev.forEach(function (ev) { panelBody.appendChild(sentenceBlock(ev)); });
      else panelBody.appendChild(el("div", "muted", "（无）"));
      panelBody.appendChild(el("div", "iri", inf.iri));
    }
    panelEmpty.hidden = true;
    panelBody.hidden = false;
  }

  function showEdge(id) {
    var e = edges.get(id);
    var inf = DATA.einfo[id] || { p: e && e.p, ev: [] };
    if (!e) return;
    panelBody.replaceChildren();
    panelBody.appendChild(el("span", "badge", "关系 relation")).style.background = "#52606d";
    var from = infoOf(e.from), to = infoOf(e.to);
    panelBody.appendChild(el("h2", null, (from.name || from.v) + " → " + (to.name || to.v)));
    panelBody.appendChild(el("div", null, e.label));
    panelBody.appendChild(el("h3", null, "原文句子 evidence"));
    if (inf.ev.length) inf.ev.forEach(function (ev) { panelBody.appendChild(sentenceBlock(ev)); });
    else panelBody.appendChild(el("div", "muted", "（无）"));
    panelEmpty.hidden = true;
    panelBody.hidden = false;
  }

  function clearPanel() {
    panelBody.hidden = true;
    panelEmpty.hidden = false;
  }

  network.on("hoverNode", function (p) { showNode(p.node); });
  network.on("blurNode", function () { if (pinned !== null) showNode(pinned); else clearPanel(); });
  network.on("click", function (p) {
    if (p.nodes.length) { pinned = p.nodes[0]; showNode(pinned); }
    else if (p.edges.length) { pinned = null; showEdge(p.edges[0]); }
    else { pinned = null; clearPanel(); }
  });

  /* ---- search ---- */
  function fold(x) { return String(x).normalize("NFKC").replace(/[\s"'“”‘’《》「」]/g, "").toLowerCase(); }
  var index = [];
  DATA.info.forEach(function (inf, id) {
    if (inf.k !== "entity") return;
    [inf.name].concat(inf.aliases).forEach(function (nm) { index.push([fold(nm), id, nm]); });
  });
  MORE.rows.forEach(function (row, k) {
    [row[0]].concat(row[1]).forEach(function (nm) { index.push([fold(nm), N + k, nm]); });
  });

  function search(q) {
    var f = fold(q);
    if (!f) return [];
    var tiers = [[], [], []], seen = {};
    index.forEach(function (row) {
      var tier = row[0] === f ? 0 : row[0].indexOf(f) === 0 ? 1 : row[0].indexOf(f) > 0 ? 2 : -1;
      if (tier >= 0) tiers[tier].push(row);
    });
    var out = [];
    tiers.forEach(function (rows) {
      rows.forEach(function (row) {
        if (!seen[row[1]] && out.length < 12) { seen[row[1]] = true; out.push({ id: row[1], matched: row[2] }); }
      });
    });
    return out;
  }

  /* the side-panel record of any entity, drawn or not */
  var moreInfo = {};
  function infoOf(id) {
    if (id < N) return DATA.info[id];
    if (moreInfo[id]) return moreInfo[id];
    var row = MORE.rows[id - N];
    if (!row) return null;
    return (moreInfo[id] = { k: "entity", undrawn: true, name: row[0], aliases: row[1],
                             type: MORE.types[row[2]], figs: [], nfigs: 0, ev: [], iri: null });
  }

  /* an undrawn entity's relations: [predicate, other id, outgoing] */
  function linksOf(id) {
    var flat = MORE.rows[id - N][3], out = [];
    for (var i = 0; i < flat.length; i += 2) {
      var o = flat[i + 1];
      out.push([MORE.preds[flat[i]], o < 0 ? -1 - o : o, o >= 0]);
    }
    return out;
  }

  function looksOf(type) { return DATA.looks[type] || DATA.looks.Other; }

  function undrawnNode(id, x, y) {
    var inf = infoOf(id), look = looksOf(inf.type), nlinks = MORE.rows[id - N][3].length / 2;
    var node = { id: id, label: inf.name, shape: look[1], x: x, y: y, t: DATA.looks[inf.type] ? inf.type : "Other",
                 size: Math.round(Math.min(36, 9 + 3 * Math.sqrt(nlinks)) * 10) / 10,
                 color: { background: look[2], border: "#222222", highlight: { background: look[2], border: "#222222" },
                          hover: { background: look[2], border: "#222222" } } };
    noteNode(node);
    return node;
  }

  var extraEdges = {};
  function newEdge(from, p, to) {
    var key = from + " " + p + " " + to;
    if (extraEdges[key] !== undefined) return null;
    var e = { id: "x" + Object.keys(extraEdges).length, from: from, to: to, p: p, arrows: "to",
              label: (PRED_ZH[p] || p) + " " + p };
    extraEdges[key] = e.id;
    if (predOn[p] === undefined) predOn[p] = true;
    (relationsOf[from] = relationsOf[from] || []).push(e);
    if (to !== from) (relationsOf[to] = relationsOf[to] || []).push(e);
    return e;
  }

  function angleOf(id) { return (id * 2.39996323) % (2 * Math.PI); }

  /* an entity that is not drawn comes into view next to a drawn neighbour (or the view's centre),
     with its neighbours around it and the relations among them; added in one batch each, as
     every change of vis's data sets costs a pass over the whole network */
  function bringIn(id) {
    if (nodes.get(id) || id < N || !MORE.rows[id - N]) return;
    var links = linksOf(id);
    var anchor = null;
    links.forEach(function (l) { if (anchor === null && nodes.get(l[1])) anchor = l[1]; });
    var c = anchor !== null ? network.getPosition(anchor) : network.getViewPosition();
    var a = angleOf(id), r = anchor !== null ? 180 : 0;
    var x = c.x + r * Math.cos(a), y = c.y + r * Math.sin(a);
    var added = [undrawnNode(id, x, y)], present = {};
    present[id] = true;
    links.forEach(function (l, i) {
      if (present[l[1]] || nodes.get(l[1])) return;
      var b = a + Math.PI + (i - (links.length - 1) / 2) * Math.min(0.5, 5 / links.length);
      added.push(undrawnNode(l[1], x + 160 * Math.cos(b), y + 160 * Math.sin(b)));
      present[l[1]] = true;
    });
    var newEdges = [];
    added.forEach(function (n) {
      linksOf(n.id).forEach(function (l) {
        if (!present[l[1]] && !nodes.get(l[1])) return;
        var e = l[2] ? newEdge(n.id, l[0], l[1]) : newEdge(l[1], l[0], n.id);
        if (e) newEdges.push(e);
      });
      forced[n.id] = true;
    });
    nodes.add(added);
    edges.add(newEdges);
    sortRank();
    nodeView.refresh();
    edgeView.refresh();
  }

  function focusNode(id) {
    bringIn(id);
    var n = nodes.get(id);
    if (!n) return;
    forced[id] = true;
    if (typeOn[n.t] === false) { typeOn[n.t] = true; if (typeBoxes[n.t]) typeBoxes[n.t].checked = true; }
    refresh(true);
    sortRank();
    pinned = id;
    network.selectNodes([id]);
    /* (no animation on a big page: its frames are slow to draw) */
    network.focus(id, { scale: Math.max(network.getScale(), 1.2),
                        animation: N > 2000 ? false : { duration: 300, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }

  var input = document.getElementById("search");
  var results = document.getElementById("results");
  function renderResults() {
    results.replaceChildren();
    if (!input.value.trim()) return;
    var found = search(input.value);
    if (!found.length) { results.appendChild(el("li", "empty", "没有找到")); return; }
    found.forEach(function (r) {
      var inf = infoOf(r.id);
      var li = el("li");
      var b = el("button");
      b.type = "button";
      b.appendChild(document.createTextNode(inf.name));
      if (r.matched !== inf.name) b.appendChild(el("span", "type", "（" + r.matched + "）"));
      b.appendChild(el("span", "type", (typeInfo[inf.type] || {}).zh || inf.type));
      b.addEventListener("click", function () { focusNode(r.id); });
      li.appendChild(b);
      results.appendChild(li);
    });
  }
  input.addEventListener("input", renderResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = search(input.value);
      if (found.length) focusNode(found[0].id);
    }
  });

  /* ---- hooks for tests and the console ---- */
  window.kgView = {
    network: network, nodes: nodes, edges: edges, data: DATA,
    drawnNodeCount: function () { return network.body.nodeIndices.length; },
    drawnEdgeCount: function () { return network.body.edgeIndices.length; },
    selectedIri: function () {
      var sel = network.getSelectedNodes();
      return sel.length ? infoOf(sel[0]).iri : null;
    },
    selectedName: function () {
      var sel = network.getSelectedNodes();
      return sel.length ? infoOf(sel[0]).name : null;
    },
    /* is the node drawn and inside the visible part of the canvas? */
    inView: function (id) {
      if (network.body.nodeIndices.indexOf(id) < 0) return false;
      var p = network.canvasToDOM(network.getPosition(id)), box = container.getBoundingClientRect();
      return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height;
    },
    labelled: function () {
      return Object.keys(shownSize).filter(function (id) { return shownSize[id] > 0; }).length;
    },
    search: search, focus: focusNode, infoOf: infoOf, relabel: relabel, bringIn: bringIn, nodeView: nodeView, edgeView: edgeView
  };
  network.once("afterDrawing", function () {
    network.fit({ animation: false });
    relabel();
    document.body.dataset.ready = "1";
  });
})();
