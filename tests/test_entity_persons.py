"""Family `persons` on invented sentences: bylines, datelines, titles, listed names; footer editors are not
persons of the article. Each test asserts the Person mentions (text and offsets)."""
import pytest

from entity_run import bundled_pipeline, entity_mentions


@pytest.fixture(scope="module")
def pipe():
    return bundled_pipeline()


def persons(text, pipe):
    """The Person mentions the entity families (lexicon … overlap) find in one text, as (text, start)."""
    return {(m.text, m.start) for m in entity_mentions(text, pipe) if m.type == "Person"}


def at(text, *names):
    return {(n, text.index(n)) for n in names}


def test_byline_names_run_on_after_the_title(pipe):
    text = "项目明年投产。\n本报记者 周明远 林小溪\n"
    assert persons(text, pipe) == at(text, "周明远", "林小溪")


def test_byline_roles_and_separators(pipe):
    text = "（记者 张晓东 实习生 白若溪）（通讯员王晓东、陈立）项目开工。"
    assert persons(text, pipe) == at(text, "张晓东", "白若溪", "王晓东", "陈立")


def test_byline_name_without_a_known_surname_needs_a_space(pipe):
    text = "本报记者 锡明轩\n记者了解到，记者从西城获悉，项目开工。"
    assert persons(text, pipe) == at(text, "锡明轩")


def test_dateline_author_in_brackets(pipe):
    text = "某某网北京5月6日电（张明远）5月6日，项目开工。"
    assert persons(text, pipe) == at(text, "张明远")


def test_footer_editor_is_no_person(pipe):
    text = "项目开工。\n责任编辑：王小明\n初审：李小华"
    assert persons(text, pipe) == set()


def test_title_before_name_and_a_new_end_cue(pipe):
    text = "省商务厅厅长刘建华出席签约仪式。"
    assert persons(text, pipe) == at(text, "刘建华")


def test_names_listed_before_a_leaders_cue(pipe):
    text = "张立山、李海、王明远等省领导及赵静安、孙伟等市领导参加了签约仪式。"
    assert persons(text, pipe) == at(text, "张立山", "李海", "王明远", "赵静安", "孙伟")


def test_known_name_before_a_title(pipe):
    text = "学习毛泽东同志的讲话。"
    assert persons(text, pipe) == at(text, "毛泽东")
