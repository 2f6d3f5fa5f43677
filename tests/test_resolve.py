"""Resolution: mentions merge into entities within an article, and across articles only by specific names."""

import pickle
from dataclasses import replace

from kg.model import DocResult, Document, FigureMention, Mention, RelationMention
from kg.resolve import LocalSummary, ResolveRules, local_summary, resolve
from kg.terms import entity_iri

BASE = "https://w3id.org/cnkg/id/"


def doc_result(doc_id, mentions):
    text = "".join(m[0] for m in mentions)
    out, pos = [], 0
    for surface, type_, extra in mentions:
        out.append(Mention(doc_id, pos, pos + len(surface), surface, type_, name=extra.get("name", surface),
                           subtype=extra.get("subtype"), aliases=tuple(extra.get("aliases", ()))))
        pos += len(surface)
    return DocResult(Document(doc_id, doc_id, text), [], out, [], [])


def by_name(ents):
    return {e.name: e for e in ents}


def test_within_article_region_forms_merge(rules):
    res = doc_result("a", [
        ("长春市", "Region", {"subtype": "City"}),
        ("长春", "Region", {"name": "长春市", "subtype": "City"}),
        ("长春市宁川区", "Region", {"subtype": "District"}),
        ("宁川区", "Region", {"subtype": "District"}),
        ("长春经开区", "Region", {"subtype": "DevelopmentZone"}),
        ("经开区", "Region", {"subtype": "DevelopmentZone"}),
    ])
    ents, _, _ = resolve([res], ResolveRules(rules), BASE)
    names = by_name(ents)
    assert set(names) == {"长春市", "长春市宁川区", "长春经开区"}
    assert "宁川区" in names["长春市宁川区"].aliases
    assert "经开区" in names["长春经开区"].aliases
    assert names["长春市宁川区"].subtype == "District"


def test_company_short_names_merge_with_their_full_name(rules):
    res = doc_result("a", [
        ("皓瑞集团", "Company", {}), ("皓瑞公司", "Company", {}), ("皓瑞", "Company", {}),
        ("中车长城轨道客车股份有限公司", "Company", {}), ("中车长客", "Company", {}),
        ("长春中拓塑业科技有限公司", "Company", {"aliases": ["中拓塑业"]}), ("中拓塑业", "Company", {}),
    ])
    ents, _, _ = resolve([res], ResolveRules(rules), BASE)
    names = by_name(ents)
    assert set(names) == {"皓瑞集团", "中车长城轨道客车股份有限公司", "长春中拓塑业科技有限公司"}
    assert {"皓瑞公司", "皓瑞"} <= set(names["皓瑞集团"].aliases)
    assert "中车长客" in names["中车长城轨道客车股份有限公司"].aliases


def test_ambiguous_short_name_does_not_merge(rules):
    res = doc_result("a", [("中车永安", "Company", {}), ("中车长客", "Company", {}), ("中车", "Company", {})])
    ents, _, _ = resolve([res], ResolveRules(rules), BASE)
    assert len(ents) == 3


def test_types_never_merge(rules):
    res = doc_result("a", [("光电信息", "Industry", {}), ("光电信息", "Project", {})])
    ents, _, _ = resolve([res], ResolveRules(rules), BASE)
    assert sorted(e.type for e in ents) == ["Industry", "Project"]


def test_across_articles_specific_names_merge_generic_do_not(rules):
    a = doc_result("a", [("长春新区", "Region", {"subtype": "DevelopmentZone"}),
                         ("新区", "Region", {"subtype": "DevelopmentZone"})])
    b = doc_result("b", [("哈尔滨新区", "Region", {"subtype": "DevelopmentZone"}),
                         ("新区", "Region", {"subtype": "DevelopmentZone"})])
    c = doc_result("c", [("长春新区", "Region", {"subtype": "DevelopmentZone"})])
    ents, _, _ = resolve([a, b, c], ResolveRules(rules), BASE)
    names = by_name(ents)
    assert set(names) == {"长春新区", "哈尔滨新区"}
    assert {m.doc for m in names["长春新区"].mentions} == {"a", "c"}
    assert {m.doc for m in names["哈尔滨新区"].mentions} == {"b"}


def test_province_and_city_of_the_same_stem_stay_apart(rules):
    res = doc_result("a", [("吉林省", "Region", {"subtype": "Province"}),
                           ("吉林市", "Region", {"subtype": "City"})])
    ents, _, _ = resolve([res], ResolveRules(rules), BASE)
    assert len(ents) == 2


def test_iris_are_deterministic(rules):
    res = doc_result("a", [("长春市", "Region", {"subtype": "City"}), ("长春", "Region", {"name": "长春市"})])
    ents1, _, _ = resolve([res], ResolveRules(rules), BASE)
    ents2, _, _ = resolve([res], ResolveRules(rules), BASE)
    assert [e.iri for e in ents1] == [e.iri for e in ents2] == [entity_iri(BASE, "Region", "长春市")]


def test_short_agency_names_stay_in_their_article(rules):
    a = doc_result("a", [("市监局", "Organization", {}), ("新区", "Region", {"subtype": "DevelopmentZone"})])
    b = doc_result("b", [("市监局", "Organization", {}), ("新区", "Region", {"subtype": "DevelopmentZone"})])
    c = doc_result("c", [("科技部", "Organization", {})])
    d = doc_result("d", [("科技部", "Organization", {})])
    results = [a, b, c, d]
    for r in (c, d):   # a gazetteer vouches for 科技部: one national body across articles
        r.mentions[0] = Mention(r.document.id, 0, 3, "科技部", "Organization", name="科技部", rule="gazetteer")
    ents, _, _ = resolve(results, ResolveRules(rules), BASE)
    docs_of = sorted((e.name, sorted({m.doc for m in e.mentions})) for e in ents)
    assert docs_of == [("市监局", ["a"]), ("市监局", ["b"]), ("新区", ["a"]), ("新区", ["b"]), ("科技部", ["c", "d"])]
    again, _, _ = resolve(results, ResolveRules(rules), BASE)
    assert [e.iri for e in again] == [e.iri for e in ents]


def test_truncated_short_form_merges_when_the_full_name_already_has_its_own_short_form(rules):
    # 恒远新材 names the company even though the article also wrote 恒远新材料 (already merged)
    res = doc_result("a", [
        ("苏州恒远新材料科技有限公司", "Company", {"aliases": ["恒远新材料"]}),
        ("恒远新材料", "Company", {}),
        ("恒远新材", "Company", {}),
    ])
    ents, _, _ = resolve([res], ResolveRules(rules), BASE)
    assert [e.name for e in ents if e.type == "Company"] == ["苏州恒远新材料科技有限公司"]


def test_sector_is_named_without_its_industry_suffix(rules):
    res = doc_result("a", [("集成电路产业", "Industry", {"name": "集成电路", "aliases": ["集成电路产业"]}),
                           ("集成电路", "Industry", {})])
    ents, _, _ = resolve([res], ResolveRules(rules), BASE)
    assert [(e.name, e.aliases) for e in ents] == [("集成电路", ["集成电路产业"])]


def test_zone_short_ending_names_the_same_zone(rules):
    res = doc_result("a", [("昆明经济技术开发区", "Region", {"subtype": "DevelopmentZone"}),
                           ("昆明经开区", "Region", {"subtype": "DevelopmentZone"})])
    ents, _, _ = resolve([res], ResolveRules(rules), BASE)
    assert [(e.name, e.aliases) for e in ents] == [("昆明经济技术开发区", ["昆明经开区"])]


def test_zone_written_with_its_city_suffix_merges_with_the_short_form(rules):
    res = doc_result("a", [
        ("青山高新技术产业开发区", "Region", {"subtype": "DevelopmentZone", "aliases": ("青山高新区",)}),
        ("青山市高新区", "Region", {"subtype": "DevelopmentZone"}),
    ])
    ents, _, _ = resolve([res], ResolveRules(rules), BASE)
    zones = [e for e in ents if e.type == "Region"]
    assert len(zones) == 1, [(e.name, e.aliases) for e in zones]
    assert {"青山市高新区", "青山高新技术产业开发区"} <= {zones[0].name, *zones[0].aliases}


def test_the_city_ending_dropped_before_a_zone_short_form_is_rule_data(tmp_path):
    """resolve.city_suffix (市 in the bundled pack) is what may be dropped before a zone's short ending."""
    from kg.pipeline import load_rules
    pack = tmp_path / "county.yaml"
    pack.write_text("resolve:\n  city_suffix: 县\n", encoding="utf-8")
    core_forms = ResolveRules(load_rules([str(pack)], compile=False)).core_forms
    assert core_forms("青山县高新区", []) == {"青山县高新区", "青山高新区"}
    assert core_forms("吉林市高新区", []) == {"吉林市高新区"}


def _mixed_documents():
    """Three articles: aliases within one, specific names shared across them, generic and short names,
    a gazetteer name, subtypes, an Industry name with an avoided ending, relations and figures."""
    docs = [
        doc_result("a", [("长春市", "Region", {"subtype": "City"}),
                         ("长春市宁川区", "Region", {"subtype": "District"}), ("宁川区", "Region", {"subtype": "District"}),
                         ("远航科技有限公司", "Company", {}), ("远航科技", "Company", {}),
                         ("新区", "Region", {"subtype": "DevelopmentZone"}), ("集成电路产业", "Industry", {})]),
        doc_result("b", [("宁川区", "Region", {"subtype": "District"}), ("远航科技", "Company", {}),
                         ("市监局", "Organization", {}), ("集成电路", "Industry", {})]),
        doc_result("c", [("长春新区", "Region", {"subtype": "DevelopmentZone"}),
                         ("新区", "Region", {"subtype": "DevelopmentZone"}),
                         ("市监局", "Organization", {})]),
    ]
    a, b, _ = docs
    m = a.mentions
    a.relations = [RelationMention("a", m[1], "partOf", m[0], 0, 9, "长春市长春市宁川区"),
                   RelationMention("a", m[3], "locatedIn", m[2], 9, 20, "宁川区远航科技有限公司"),
                   # an equal mention, not the listed object; one at a span no kept mention has
                   RelationMention("a", replace(m[4]), "locatedIn", replace(m[0], start=1), 0, 3, "长春市")]
    a.figures = [FigureMention("a", 3, 5, "20亿", 20, "CNY", "investment", subject=m[3], sentence_start=0,
                               sentence_end=9), FigureMention("a", 6, 8, "3%", 3, "percent", "growth")]
    b.mentions[2] = replace(b.mentions[2], rule="gazetteer")     # a gazetteer knows this 市监局
    return docs


def test_per_document_summaries_give_the_same_output_as_resolving_in_one_go(rules):
    docs = _mixed_documents()
    plain = resolve(docs, ResolveRules(rules), BASE)
    for d in docs:
        d.summary = local_summary(d, ResolveRules(rules))
    assert resolve(docs, ResolveRules(rules), BASE) == plain
    ents, rels, figs = plain
    names = {(e.type, e.name): e for e in ents}
    assert {m.doc for m in names["Region", "长春市宁川区"].mentions} == {"a", "b"}
    assert {m.doc for m in names["Company", "远航科技有限公司"].mentions} == {"a", "b"}
    assert [(r.subject, r.predicate, r.object, len(r.evidence)) for r in rels] == sorted([
        (names["Region", "长春市宁川区"].iri, "partOf", names["Region", "长春市"].iri, 1),
        (names["Company", "远航科技有限公司"].iri, "locatedIn", names["Region", "长春市宁川区"].iri, 1)])
    assert [(f.subject, f.sentence) for f in figs] == [(names["Company", "远航科技有限公司"].iri, "长春市长春市宁川区"),
                                                       (None, "")]


def test_a_summary_survives_a_pickle_round_trip(rules):
    docs = _mixed_documents()
    for d in docs:
        d.summary = local_summary(d, ResolveRules(rules))
    again = [pickle.loads(pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL)) for d in docs]
    assert [d.summary for d in again] == [d.summary for d in docs]
    assert isinstance(again[0].summary, LocalSummary)
    assert resolve(again, ResolveRules(rules), BASE) == resolve(docs, ResolveRules(rules), BASE)


def test_summary_holds_the_within_article_clusters(rules):
    res = _mixed_documents()[0]
    summary = local_summary(res, ResolveRules(rules))
    groups = sorted((c[0], sorted(c[1])) for c in summary.clusters)
    assert groups == [("Company", ["远航科技", "远航科技有限公司"]), ("Industry", ["集成电路产业"]),
                      ("Region", ["宁川区", "长春市宁川区"]), ("Region", ["新区"]), ("Region", ["长春市"])]
    by_name = {n: i for i, c in enumerate(summary.clusters) for n in c[1]}
    assert summary.mention_cluster == tuple(by_name[m.text] for m in res.mentions)
    # the relation to a mention at a span no kept mention has names no entity
    assert summary.relation_ends == (by_name["长春市宁川区"], by_name["长春市"], by_name["远航科技有限公司"],
                                     by_name["宁川区"], by_name["远航科技"], -1)
    assert summary.figure_subjects == (by_name["远航科技有限公司"], -1)


def test_results_sharing_a_document_id_resolve_as_one_article(rules):
    # a relation in one part names a key only the other part mentions (at a span this part kept)
    one = doc_result("a", [("远航科技有限公司", "Company", {}), ("长春市", "Region", {"subtype": "City"}),
                           ("新区", "Region", {"subtype": "DevelopmentZone"})])
    two = doc_result("a", [("宁川区", "Region", {"subtype": "District"}),
                           ("新区", "Region", {"subtype": "DevelopmentZone"})])
    three = doc_result("b", [("新区", "Region", {"subtype": "DevelopmentZone"})])
    other_key = replace(one.mentions[1], name="宁川区")
    one.relations = [RelationMention("a", one.mentions[0], "locatedIn", other_key, 0, 8, "远航科技有限公司")]
    ents, rels, _ = resolve([one, two, three], ResolveRules(rules), BASE)
    names = {e.name: e for e in ents if e.name != "新区"}
    assert [(r.subject, r.object) for r in rels] == [(names["远航科技有限公司"].iri, names["宁川区"].iri)]
    # 新区 stays inside its article: both parts of a name one, b's is another
    zones = sorted([m.doc for m in e.mentions] for e in ents if e.name == "新区")
    assert zones == [["a", "a"], ["b"]]


# ---- against the straightforward resolver (tests/reference_resolve.py) on random documents
_VOCAB = {
    "Region": ["长春市", "长春", "宁川区", "长春市宁川区", "新区", "长春新区", "吉林省", "吉林市", "吉林", "经开区",
               "长春经开区", "长春经济技术开发区", "高新区", "青山市高新区", "青山高新区", "本区", "区"],
    "Company": ["皓瑞集团", "皓瑞公司", "皓瑞", "远航科技", "远航科技有限公司", "公司", "集团", "恒远新材", "恒远新材料",
                "长春恒远新材料股份有限公司"],
    "Organization": ["市监局", "科技部", "国务院", "管委会", "区政府", "发改委", "长春市发改委", "经发局"],
    "Industry": ["集成电路", "集成电路产业", "汽车产业", "汽车", "新能源汽车产业", "光电信息", "产业"],
    "Project": ["光电信息", "一汽项目", "一汽", "项目", "长春一汽红旗项目", "红旗项目"],
    "Person": ["张三", "李四", "张"],
}
_SUBTYPES = [None, "City", "District", "Province", "DevelopmentZone"]


def _random_document(rng, doc_id: str) -> DocResult:
    """Names, aliases, subtypes and gazetteer hits drawn from a small shared vocabulary (so documents
    share names), relation and figure ends that are listed mentions, equal copies, other keys at the
    same span, or spans the entity stage did not keep."""
    ms, pos = [], 0
    for _ in range(rng.randint(0, 12)):
        type_ = rng.choice(list(_VOCAB))
        text = rng.choice(_VOCAB[type_])
        name = rng.choice([text, rng.choice(_VOCAB[type_])]) if rng.random() < 0.3 else ""
        aliases = tuple(rng.sample(_VOCAB[type_], rng.randint(0, 2))) if rng.random() < 0.2 else ()
        ms.append(Mention(doc_id, pos, pos + len(text), text, type_, name=name, aliases=aliases,
                          subtype=rng.choice(_SUBTYPES) if type_ == "Region" else None,
                          rule="gazetteer" if rng.random() < 0.15 else "suffix"))
        pos += len(text) + rng.randint(0, 2)
    text = "".join(rng.choice("一二三四五。") for _ in range(pos + 5))

    def end():
        r = rng.random()
        if not ms or r < 0.1:
            return None
        m = rng.choice(ms)
        if r < 0.2:
            return Mention(doc_id, m.start, m.end, m.text, m.type, name=rng.choice(_VOCAB[m.type]))
        if r < 0.25:
            return Mention(doc_id, m.start + 1, m.end + 1, m.text, m.type)
        if r < 0.3:
            return replace(m)
        return m

    rels = []
    for _ in range(rng.randint(0, 6)):
        s, o = end(), end()
        if s is not None and o is not None:
            at = rng.randint(0, pos)
            rels.append(RelationMention(doc_id, s, rng.choice(["locatedIn", "partOf"]), o, at, at + 3,
                                        text[at:at + 3]))
    figs = []
    for _ in range(rng.randint(0, 5)):
        at = rng.randint(0, pos)
        figs.append(FigureMention(doc_id, at, at + 2, "20亿", 20, "CNY", "investment", None, end(),
                                  rng.choice([0, at]), rng.choice([0, at + 4])))
    return DocResult(Document(doc_id, doc_id, text), [], ms, figs, rels)


def test_resolve_gives_exactly_what_the_straightforward_resolver_gives(rules):
    import random
    import reference_resolve
    for seed in range(400):
        rng = random.Random(seed)
        ids = [f"d{rng.randint(0, 6)}" for _ in range(rng.randint(1, 6))]     # repeated ids on purpose
        if rng.random() < 0.5:
            ids = sorted(set(ids))
        docs = [_random_document(rng, i) for i in ids]
        expected = reference_resolve.resolve(docs, rules, BASE)
        assert resolve(docs, ResolveRules(rules), BASE) == expected, seed
        for d in docs:                   # as the pipeline runs it: summaries made apart, pickled
            d.summary = local_summary(d, ResolveRules(rules))
        shipped = [pickle.loads(pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL)) for d in docs]
        assert resolve(shipped, ResolveRules(rules), BASE) == expected, seed


def test_core_forms_strip_prefixes_suffixes_and_equivalent_endings(rules):
    core_forms = ResolveRules(rules).core_forms
    prefixes = ["长春市", "中国"]
    assert core_forms("昆明经济技术开发区", prefixes) == {"昆明经济技术开发区", "昆明经开区"}
    assert core_forms("吉林市高新区", prefixes) == {"吉林市高新区", "吉林高新区"}
    assert core_forms("长春市远航科技有限公司", prefixes) == {      # 有限公司, and 公司 alone
        "长春市远航科技有限公司", "远航科技有限公司", "长春市远航科技", "远航科技", "长春市远航科技有限", "远航科技有限"}
    assert core_forms("中国一汽集团", prefixes) == {"中国一汽集团", "一汽集团", "中国一汽", "一汽"}
    assert core_forms("宁川区", prefixes) == {"宁川区"}                 # nothing to strip
    assert core_forms("长春市", prefixes) == {"长春市", "长春"}         # never below two characters
