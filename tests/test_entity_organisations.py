"""Organisations by their head and from the gazetteer of national bodies and media (kg/rules/entities.yaml
`organisations`, kg/rules/gazetteer/organizations.txt), on invented sentences: each test asserts the mention
(type, text, offsets)."""
import pytest

from entity_run import bundled_pipeline, entity_mentions as mentions


@pytest.fixture(scope="module")
def pipe():
    return bundled_pipeline()


def org(ms, text, surface):
    hits = [m for m in ms if m.type == "Organization" and m.text == surface]
    assert hits, f"no Organization {surface!r} in {[(m.type, m.text) for m in ms]}"
    assert hits[0].start == text.index(surface)
    return hits[0]


def no_org(ms, surface):
    assert not [m for m in ms if m.type == "Organization" and m.text == surface], \
        f"{surface!r} should not be an organisation: {[(m.type, m.text) for m in ms]}"


def test_section_after_its_agency_is_named_apart(pipe):
    text = "青禾县商务局招商科负责对接，青禾市商务局投资促进科科长李明出席。"
    ms = mentions(text, pipe)
    for surface in ("青禾县商务局", "招商科", "青禾市商务局", "投资促进科"):
        org(ms, text, surface)
    no_org(ms, "青禾县商务局招商科")


def test_subject_words_ending_in_the_section_head_are_no_body(pipe):
    ms = mentions("他在大学读本科，学科建设加快。", pipe)
    no_org(ms, "大学读本科")
    assert not [m for m in ms if m.type == "Organization" and m.text.endswith("科")]


def test_service_offices_party_departments_and_mass_bodies(pipe):
    text = "青禾县投资促进中心、青禾县委组织部、青禾市工商联、青禾县农村信用合作联社、青禾市农科院参加。"
    ms = mentions(text, pipe)
    for surface in ("青禾县投资促进中心", "青禾县委组织部", "青禾市工商联", "青禾县农村信用合作联社", "青禾市农科院"):
        org(ms, text, surface)


def test_standard_agency_name_with_a_conjunction_is_whole(pipe):
    text = "青禾市政务服务和数据管理局发布通知。"
    org(mentions(text, pipe), text, "青禾市政务服务和数据管理局")


def test_bank_short_form_opens_a_branch_name(pipe):
    text = "建行青禾分行、工行青禾支行为项目授信。"
    ms = mentions(text, pipe)
    org(ms, text, "建行青禾分行")
    org(ms, text, "工行青禾支行")


def test_national_media_are_organisations(pipe):
    text = "据中新社报道，澎湃新闻、央视网也关注了此事。"
    ms = mentions(text, pipe)
    for surface in ("中新社", "澎湃新闻", "央视网"):
        org(ms, text, surface)


def test_central_bodies_by_their_short_forms(pipe):
    text = "证监会、国务院国资委和国家发展改革委相关负责人出席。"
    ms = mentions(text, pipe)
    for surface in ("证监会", "国务院国资委", "国家发展改革委"):
        org(ms, text, surface)
    assert org(ms, text, "国家发展改革委").name == "国家发展和改革委员会"


def test_government_account_after_a_source_cue_is_an_outlet(pipe):
    text = "本文来源：青禾发布\n青禾县举行签约仪式。"
    org(mentions(text, pipe), text, "青禾发布")


def test_level_word_alone_before_a_named_body(pipe):
    text = "县委组织部、县投资促进中心、市工商联、县融媒体中心参加。区政府、区政务服务中心也参加。"
    ms = mentions(text, pipe)
    for surface in ("县委组织部", "县投资促进中心", "市工商联", "县融媒体中心"):
        org(ms, text, surface)
    no_org(ms, "区政务服务中心")


def test_site_footer_names_no_body(pipe):
    text = "青禾县举行签约仪式。\n主办单位：青禾县人民政府办公室 承办单位：青禾县融媒体中心\n技术支持：青禾星网网络科技有限公司\n"
    ms = mentions(text, pipe)
    assert not [m for m in ms if m.type in ("Organization", "Company")]


def test_universities_by_their_short_forms(pipe):
    text = "清华、哈工大与青禾县签约。"
    ms = mentions(text, pipe)
    assert org(ms, text, "清华").name == "清华大学"
    assert org(ms, text, "哈工大").name == "哈尔滨工业大学"


def test_headquarters_and_task_forces_keep_their_remit(pipe):
    text = "青禾大道建设指挥部负责施工。青禾县招商引资工作领导小组召开会议。会议决定成立专项领导小组。"
    ms = mentions(text, pipe)
    org(ms, text, "青禾大道建设指挥部")
    org(ms, text, "青禾县招商引资工作领导小组")
    no_org(ms, "专项领导小组")


def test_section_head_alone_ends_no_body(pipe):
    text = "伟航数科董事长出席。"
    ms = mentions(text, pipe)
    no_org(ms, "伟航数科")
    assert [m.text for m in ms if m.type == "Company"] == ["伟航数科"]
