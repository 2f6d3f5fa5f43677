"""Project and policy boundaries on short invented sentences (issue 17 §2): lists under one head,
enumerated items after an amount, strategies and slogans, verbs in front of quoted policies. Each test
asserts the type, name and offsets of what the entity families make."""
import pytest

from entity_run import bundled_pipeline, entity_mentions as mentions


@pytest.fixture(scope="module")
def pipe():
    return bundled_pipeline()


def find(text, pipe, type_, span, name=None):
    ms = mentions(text, pipe)
    hits = [m for m in ms if m.type == type_ and m.text == span]
    assert hits, f"no {type_} {span!r} in {[(m.type, m.text) for m in ms]}"
    assert (hits[0].start, hits[0].end) == (text.index(span), text.index(span) + len(span))
    if name is not None:
        assert hits[0].name == name
    return hits[0]


def none_of(text, pipe, type_, *spans):
    got = [m.text for m in mentions(text, pipe) if m.type == type_]
    for s in spans:
        assert s not in got, f"{type_} {s!r} should not be named: {got}"
    return got


# One row a rule (a rule shown on two sentences has a row each): the type, the sentence, the spans it must
# name of that type (at their first offset), the spans it must not.
FOUND_AND_NOT = [
    # ---- projects
    pytest.param("Project", "签约的还有甲型滤芯、乙型阀门生产项目。",
                 ("甲型滤芯、乙型阀门生产项目",), ("乙型阀门生产项目",),
                 id="items-without-a-head-share-the-project-head"),
    pytest.param("Project", "总投资9亿元的宏远年产300万平方米PET(聚酯薄膜)、年产2万吨光学胶工业项目开工。",
                 ("宏远年产300万平方米PET(聚酯薄膜)、年产2万吨光学胶工业项目",), ("年产2万吨光学胶工业项目",),
                 id="capacity-items-share-the-head-with-the-company-in-front"),
    pytest.param("Project", "该县投资6亿元的锂电正极片和锂电负极片建设项目开工。",
                 ("锂电正极片和锂电负极片建设项目",), (),
                 id="items-joined-by-and-after-an-amount"),
    pytest.param("Project", "翠峰冰雪世界、云台地质展馆和青石岭农业科技示范园加快建设。",
                 ("青石岭农业科技示范园",), ("翠峰冰雪世界、云台地质展馆和青石岭农业科技示范园",),
                 id="named-places-in-a-list-keep-their-own-names"),
    pytest.param("Project", "其中：12亿元的宝川光伏组件项目、6亿元的立新精密铸件项目。",
                 ("宝川光伏组件项目", "立新精密铸件项目"), (),
                 id="enumerated-item-after-an-amount-keeps-an-adverb-like-first-word"),
    pytest.param("Project", "星海储能电池项目总投资50亿元，主要建设电芯生产线、模组生产线及配套设施。",
                 ("星海储能电池项目",), ("电芯生产线", "模组生产线"),
                 id="parts-a-project-builds-after-a-clause-on-it"),
    pytest.param("Project", "签约项目12个，主要包括云帆数据中心项目、博瑞冷链物流基地项目。",
                 ("云帆数据中心项目", "博瑞冷链物流基地项目"), (),
                 id="signed-projects-listed-after-a-count-stay-projects"),
    pytest.param("Project", "青云集团投资建设的青云智慧物流港已建成投用。", ("青云智慧物流港",), (),
                 id="logistics-port-head"),
    pytest.param("Project", "恒通物流将建设华北区域运营中心。", ("华北区域运营中心",), (),
                 id="regional-centre-head"),
    pytest.param("Project", "远帆物流西南分拨中心和星河精密制造中心同日投用。",
                 ("远帆物流西南分拨中心", "星河精密制造中心"), (),
                 id="distribution-and-manufacturing-centres"),
    pytest.param("Project", "凤栖湖康养旅游度假区二期工程开工。", ("凤栖湖康养旅游度假区二期工程",), (),
                 id="resort-area-is-a-project-with-a-phase-or-construction-cue"),
    pytest.param("Project", "锦城数字产业园和城西物流仓储基地2个项目同时开工。",
                 ("锦城数字产业园", "城西物流仓储基地"), (),
                 id="count-closing-a-list-of-projects-leaves-the-last-item"),
    pytest.param("Project", "全力推进南河至北岭高速公路建设。", ("南河至北岭高速公路",), (),
                 id="route-without-the-verbs-in-front"),
    pytest.param("Project", "总投资8亿元的星云工业互联网创新应用平台项目建成。", ("星云工业互联网创新应用平台项目",), (),
                 id="amount-item-takes-the-last-of-adjacent-heads"),
    pytest.param("Project", "星光大道、妇幼保健院等项目加快建设。", ("妇幼保健院",), (),
                 id="named-works-and-buildings-listed-before-a-project-word-stay"),
    pytest.param("Project", "南河新区再生资源与精密加工产业园开工。", ("南河新区再生资源与精密加工产业园",), (),
                 id="two-sectors-joined-by-yu-share-a-park-head"),
    pytest.param("Project", "南河市人民政府与星光集团签署南河星光新能源产业基地项目投资协议。",
                 ("南河星光新能源产业基地项目",), (),
                 id="signing-verb-ends-what-stands-before-the-project"),
    pytest.param("Project", "南河石化分公司100万吨/年乙烯项目签约。", ("南河石化分公司100万吨/年乙烯项目",), (),
                 id="capacity-written-as-a-rate-per-year-belongs-to-the-project"),
    pytest.param("Project", "青山水泥有限公司4500吨/日熟料生产线技术改造项目通过验收。",
                 ("青山水泥有限公司4500吨/日熟料生产线技术改造项目",), (),
                 id="capacity-written-as-a-rate-per-day-belongs-to-the-project"),
    pytest.param("Project", "引进“星河智慧产业园”落户。", ("星河智慧产业园",), (),
                 id="quoted-park-name-is-a-project"),
    # ---- policies
    pytest.param("Policy", "该县推出人才“引育留用”改革举措。", ("人才“引育留用”改革举措",), (),
                 id="noun-before-a-quoted-policy-stays"),
    pytest.param("Policy", "全市大力实施工业强市战略和乡村振兴战略。", ("工业强市战略",), (),
                 id="named-strategies-without-the-governing-verb"),
    pytest.param("Policy", "深入实施制造业强省战略。", ("制造业强省战略",), (),
                 id="named-strategy-without-the-governing-verb-and-its-adverb"),
    pytest.param("Policy", "实施科技强县和人才兴县战略。", ("科技强县和人才兴县战略",), (),
                 id="named-strategies-joined-by-and-without-the-governing-verb"),
    pytest.param("Policy", "该区推动三区联动，实施四个一批工程。", ("三区联动", "四个一批"), (),
                 id="unquoted-numbered-slogans"),
    pytest.param("Policy", "全县以“三个一批”为抓手。", ("“三个一批”",), (),
                 id="quoted-numbered-slogan"),
    pytest.param("Policy", "该区实行“首问负责制”和“限时办结制”。", ("“首问负责制”", "“限时办结制”"), (),
                 id="quoted-system-ending-in-zhi"),
    pytest.param("Policy", "深入实施创新驱动发展战略、区域协调发展战略。", ("创新驱动发展战略", "区域协调发展战略"), (),
                 id="national-strategies-by-full-name"),
    pytest.param("Policy", "区里印发《南河区2024年招商引资工作要点》。", ("《南河区2024年招商引资工作要点》",), (),
                 id="titled-work-points-are-policy-documents"),
    pytest.param("Policy", "县里公布《南河县涉企收费清单》。", ("《南河县涉企收费清单》",), (),
                 id="titled-lists-are-policy-documents"),
    pytest.param("Policy", "该区出台支持企业发展“黄金十条”。", ("“黄金十条”",), (),
                 id="quoted-package-of-articles-after-a-document-verb"),
    pytest.param("Policy", "我市全面实施“人才新政20条”。", ("“人才新政20条”",), (),
                 id="quoted-package-of-numbered-articles-after-a-document-verb"),
    pytest.param("Policy", "全省开展营商环境建设年活动。", ("营商环境建设年活动",), (),
                 id="campaign-year-without-the-verbs-in-front"),
    pytest.param("Policy", "全市开展项目建设百日攻坚行动，实施企业梯度培育行动。",
                 ("项目建设百日攻坚行动", "企业梯度培育行动"), (),
                 id="campaigns-of-a-kind-without-the-verbs-in-front"),
    pytest.param("Policy", "各地开展百日攻坚行动。", ("百日攻坚行动",), (),
                 id="campaign-without-a-kind-without-the-verbs-in-front"),
    # ---- industries
    pytest.param("Industry", "松林汽车零部件产业基地一期已投产。", ("汽车零部件",), ("松林汽车零部件",),
                 id="sector-in-front-of-a-park-word-without-the-parks-own-name"),
    pytest.param("Industry", "城东工业园新材料产业发展迅速。", ("新材料",), ("城东工业园新材料",),
                 id="park-word-in-front-of-a-sector-is-no-part-of-it"),
]


@pytest.mark.parametrize("type_, text, present, absent", FOUND_AND_NOT)
def test_spans_found_and_not_found(pipe, type_, text, present, absent):
    for span in present:
        find(text, pipe, type_, span)
    none_of(text, pipe, type_, *absent)


# The type, a sentence that must name nothing of that type, and spans that used to be named there.
NOTHING_OF_THE_TYPE = [
    pytest.param("Project", "全年完成投资80亿元的3个重大项目。", (),
                 id="counted-category-after-an-amount-is-no-project"),
    pytest.param("Project", "实施基础设施建设项目32个，推进重大项目建设项目。", (),
                 id="generic-construction-project-is-no-name"),
    pytest.param("Project", "游客来到凤栖湖康养旅游度假区游玩。", (),
                 id="resort-area-without-a-phase-or-construction-cue-is-no-project"),
    pytest.param("Project", "全区新开工产业园项目24个。", (),
                 id="count-after-a-kind-of-project-is-no-project"),
    pytest.param("Project", "重点引进正极材料、隔膜等配套项目，以及智能制造、新能源汽车等潜力产业项目。",
                 ("正极材料", "隔膜", "智能制造", "新能源汽车"),
                 id="sectors-and-products-listed-before-a-project-word-are-kinds"),
    pytest.param("Project", "瞄准市场需求谋项目，依托龙头企业引项目。", (),
                 id="verb-taking-the-project-word-names-no-project"),
    pytest.param("Project", "全面推行“一枚印章管审批”，实现“企业办事不出园区”。", (),
                 id="quoted-slogan-ending-in-a-park-word-is-no-project"),
    pytest.param("Policy", "坚持“补短板、强基础、延链条”。", (),
                 id="quoted-list-of-aims-is-no-package-of-articles"),
    pytest.param("Policy", "双方并进，三方协同推进。", (),
                 id="two-parties-are-no-slogan"),
]


@pytest.mark.parametrize("type_, text, spans", NOTHING_OF_THE_TYPE)
def test_nothing_of_the_type(pipe, type_, text, spans):
    assert none_of(text, pipe, type_, *spans) == []


@pytest.mark.parametrize("text, span, alias", [
    pytest.param("分会场的青林镇万亩高标准农田建设项目同步开工。", "青林镇万亩高标准农田建设项目", "青林镇万亩高标准农田项目",
                 id="name-before-a-construction-head-word"),
    pytest.param("星辰智能装备产业园项目开工。", "星辰智能装备产业园项目", "星辰智能装备产业园",
                 id="park-project-answers-to-the-park-name"),
])
def test_project_answers_to_a_shorter_name(pipe, text, span, alias):
    assert alias in find(text, pipe, "Project", span).aliases


def test_an_amount_is_no_item_of_a_project_list(pipe):
    text = "总投资5.5亿元、年产800万米棉纱生产线项目开工。"
    got = none_of(text, pipe, "Project", "5.5亿元、年产800万米棉纱生产线项目")
    assert "年产800万米棉纱生产线项目" in got


def test_verb_before_a_quoted_policy_is_no_part_of_it(pipe):
    text = "该区研究“以投带引”的新模式。"
    find(text, pipe, "Policy", "“以投带引”的新模式", name="“以投带引”新模式")
    find("市委提出“1+3+N”产业体系。", pipe, "Policy", "“1+3+N”产业体系")


def test_short_title_of_a_document_names_the_document_before_it(pipe):
    text = "南河市出台《南河市优化营商环境若干措施》（以下简称《措施》）。《措施》明确了30条举措。"
    ms = [m for m in mentions(text, pipe) if m.type == "Policy"]
    assert [m.name for m in ms] == ["《南河市优化营商环境若干措施》"] * 3
    assert [m.text for m in ms] == ["《南河市优化营商环境若干措施》", "《措施》", "《措施》"]
    assert none_of("会议审议了《方案》。", pipe, "Policy") == []
