"""Organisations by their head and from the gazetteer of national bodies and media (kg/rules/entities.yaml
`organisations`, kg/rules/gazetteer/organizations.txt), on invented sentences: each test asserts the mention
(type, text, offsets)."""
import pytest

from entity_run import bundled_pipeline, entity_mentions as mentions, found, found_and_not, not_found


@pytest.fixture(scope="module")
def pipe():
    return bundled_pipeline()


def org(ms, text, surface):
    return found(ms, text, "Organization", surface)


def no_org(ms, surface):
    not_found(ms, "Organization", surface)


# One row a rule: the sentence, the organisations it must name (at their first offset), the spans it must not.
ORGANISATIONS_FOUND_AND_NOT = [
    pytest.param("青禾县商务局招商科负责对接，青禾市商务局投资促进科科长李明出席。",
                 ("青禾县商务局", "招商科", "青禾市商务局", "投资促进科"), ("青禾县商务局招商科",),
                 id="section-after-its-agency-is-named-apart"),
    pytest.param("青禾县投资促进中心、青禾县委组织部、青禾市工商联、青禾县农村信用合作联社、青禾市农科院参加。",
                 ("青禾县投资促进中心", "青禾县委组织部", "青禾市工商联", "青禾县农村信用合作联社", "青禾市农科院"), (),
                 id="service-offices-party-departments-and-mass-bodies"),
    pytest.param("青禾市政务服务和数据管理局发布通知。", ("青禾市政务服务和数据管理局",), (),
                 id="standard-agency-name-with-a-conjunction-is-whole"),
    pytest.param("建行青禾分行、工行青禾支行为项目授信。", ("建行青禾分行", "工行青禾支行"), (),
                 id="bank-short-form-opens-a-branch-name"),
    pytest.param("据中新社报道，澎湃新闻、央视网也关注了此事。", ("中新社", "澎湃新闻", "央视网"), (),
                 id="national-media-are-organisations"),
    pytest.param("本文来源：青禾发布\n青禾县举行签约仪式。", ("青禾发布",), (),
                 id="government-account-after-a-source-cue-is-an-outlet"),
    pytest.param("县委组织部、县投资促进中心、市工商联、县融媒体中心参加。区政府、区政务服务中心也参加。",
                 ("县委组织部", "县投资促进中心", "市工商联", "县融媒体中心"), ("区政务服务中心",),
                 id="level-word-alone-before-a-named-body"),
    pytest.param("青禾大道建设指挥部负责施工。青禾县招商引资工作领导小组召开会议。会议决定成立专项领导小组。",
                 ("青禾大道建设指挥部", "青禾县招商引资工作领导小组"), ("专项领导小组",),
                 id="headquarters-and-task-forces-keep-their-remit"),
]


@pytest.mark.parametrize("text, present, absent", ORGANISATIONS_FOUND_AND_NOT)
def test_organisations_found_and_not_found(pipe, text, present, absent):
    found_and_not(text, pipe, "Organization", present, absent)


# names: surface -> the full name it must carry (None: only found, whatever its name).
@pytest.mark.parametrize("text, names", [
    pytest.param("证监会、国务院国资委和国家发展改革委相关负责人出席。",
                 {"证监会": None, "国务院国资委": None, "国家发展改革委": "国家发展和改革委员会"},
                 id="central-bodies-by-their-short-forms"),
    pytest.param("清华、哈工大与青禾县签约。", {"清华": "清华大学", "哈工大": "哈尔滨工业大学"},
                 id="universities-by-their-short-forms"),
])
def test_organisation_short_forms_name_the_full_body(pipe, text, names):
    ms = mentions(text, pipe)
    for surface, name in names.items():
        found = org(ms, text, surface)
        if name is not None:
            assert found.name == name


def test_subject_words_ending_in_the_section_head_are_no_body(pipe):
    ms = mentions("他在大学读本科，学科建设加快。", pipe)
    no_org(ms, "大学读本科")
    assert not [m for m in ms if m.type == "Organization" and m.text.endswith("科")]


def test_site_footer_names_no_body(pipe):
    text = "青禾县举行签约仪式。\n主办单位：青禾县人民政府办公室 承办单位：青禾县融媒体中心\n技术支持：青禾星网网络科技有限公司\n"
    ms = mentions(text, pipe)
    assert not [m for m in ms if m.type in ("Organization", "Company")]


def test_section_head_alone_ends_no_body(pipe):
    text = "伟航数科董事长出席。"
    ms = mentions(text, pipe)
    no_org(ms, "伟航数科")
    assert [m.text for m in ms if m.type == "Company"] == ["伟航数科"]
