"""Segmentation: sentence spans and token offsets index the text exactly; the fast cut is jieba's cut;
each Segmenter has its own dictionary (jieba's global tokenizer is never touched)."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kg.model import Token
from kg.segment import Segmenter

_ROOT = Path(__file__).resolve().parents[1]
_ODD = "长春市朝阳区绿园经济开发区项目建设的了是在和等与及为富维安道拓奥来德abcXYZ019 \r\n\t%#&.-+，。、（）“”《》"
# names of the kind the extraction rules give the tokenizer (lexicon words)
_WORDS = ["绿园经济开发区", "富维安道拓", "奥来德", "长春新区"]


def _with_segment(pack, **keys):
    """The pack with some `segment` keys replaced (as a user pack would give them)."""
    data = {**pack.data, "segment": {**pack.section("segment"), **keys}}
    return replace(pack, data=data, version=pack.version + "+" + repr(sorted(keys.items())))


@pytest.fixture(scope="module")
def seg(rules) -> Segmenter:
    return Segmenter(rules, _WORDS)


def test_sentences_keep_exact_offsets(seg):
    text = "  绿园区召开会议。 会议指出：要加快建设！\n第二段"
    sents = seg.split_sentences(text)
    assert [s.text for s in sents] == ["绿园区召开会议。", "会议指出：要加快建设！", "第二段"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_sentence_end_comes_from_the_rule_pack(rules):
    seg = Segmenter(_with_segment(rules, sentence_end="[。]"))
    assert [s.text for s in seg.split_sentences("会议指出：要加快建设！第二句。第三句")] == \
        ["会议指出：要加快建设！第二句。", "第三句"]


def test_tokens_cover_text_with_offsets(seg):
    text = "长春市朝阳区推进项目建设"
    toks = seg.tokenize(text, offset=10)
    assert "".join(t.text for t in toks) == text
    assert all(("x" * 10 + text)[t.start:t.end] == t.text for t in toks)


def test_unknown_word_does_not_swallow_function_character(seg):
    # jieba's HMM would glue 等 to an unknown name (安道拓等); it must stay a token of its own
    toks = [t.text for t in seg.tokenize("大陆电子、富维安道拓等33户企业")]
    assert "等" in toks
    assert not any(t.endswith("等") and len(t) > 1 for t in toks)
    assert "等" in seg.split_off                     # from segment.split_off in the rule pack


def test_short_snippets_come_back_as_a_fresh_list_each_time(seg):
    first = seg.tokenize("推进项目建设")
    first.clear()                                    # a caller changing its list changes nothing else
    assert [t.text for t in seg.tokenize("推进项目建设")] == ["推进", "项目", "建设"]


def test_word_lookups_are_dictionary_lookups(seg):
    assert seg.word_tag("推进") == "v"
    assert seg.word_tag("完全没有这个词语") is None
    assert seg.known_word("推进") and not seg.known_word("完全没有这个词语")
    assert seg.word_freq("富维安道拓") == 2000       # a lexicon word, at the tokenizer's user-word frequency
    assert seg.cut_words("富维安道拓集团") == ["富维安道拓", "集团"]


# ---- one dictionary per Segmenter

def test_two_segmenters_do_not_see_each_others_words_and_jieba_dt_is_untouched(rules):
    import jieba
    dt = jieba.dt
    before = (id(dt.FREQ), len(dt.FREQ), dt.total, dt.tmp_dir, dt.initialized)
    text = "蔚蓝星辰谷启动建设"
    a = Segmenter(rules)
    a_tokens = a.tokenize(text)
    b = Segmenter(rules, words=["蔚蓝星辰谷"])
    assert "蔚蓝星辰谷" in [t.text for t in b.tokenize(text)]
    assert a.tokenize(text) == a_tokens and "蔚蓝星辰谷" not in [t.text for t in a_tokens]
    assert not a.known_word("蔚蓝星辰谷") and b.known_word("蔚蓝星辰谷")
    assert a.tokenizer.total + 2000 == b.tokenizer.total
    assert (id(dt.FREQ), len(dt.FREQ), dt.total, dt.tmp_dir, dt.initialized) == before
    assert "蔚蓝星辰谷" not in dt.FREQ


def test_user_words_of_the_pack_are_words_and_each_counts_once(rules):
    plain = Segmenter(rules)
    pack = _with_segment(rules, user_words=["星辰谷产业园", "星辰谷产业园"])
    seg = Segmenter(pack, words=["星辰谷产业园"])
    assert "星辰谷产业园" in [t.text for t in seg.tokenize("建设星辰谷产业园")]
    assert seg.tokenizer.total == plain.tokenizer.total + 2000      # one add, however often it is named


# ---- the fast cut is jieba's cut: same words on real articles and on odd strings

def _article_texts() -> list[str]:
    files = sorted((_ROOT / "tests" / "other_cities" / "corpus").glob("*.txt"))[:8] + [_ROOT / "kg" / "sample" / "auto_zone.txt"]
    return [f.read_text(encoding="utf-8") for f in files]


def _jieba_tokens(seg: Segmenter, text: str, offset: int = 0) -> list[Token]:
    """What tokenize() gave before it had its own cut: jieba's words, then the function-character split."""
    tok = seg.tokenizer
    out, pos = [], offset
    for w in tok.cut(text, HMM=True):
        end = pos + len(w)
        if len(w) > 1 and w[-1] in seg.split_off and not tok.FREQ.get(w):
            out += [Token(w[:-1], pos, end - 1), Token(w[-1], end - 1, end)]
        else:
            out.append(Token(w, pos, end))
        pos = end
    return out


def test_cut_is_jiebas_cut_on_articles(seg):
    for text in _article_texts():
        assert seg.cut(text) == list(seg.tokenizer.cut(text, HMM=True))
        assert seg.tokenize(text, 3) == _jieba_tokens(seg, text, 3)
        assert seg.tokenize(text) == _jieba_tokens(seg, text)     # again, from the block cache


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ODD, max_size=40))
def test_cut_is_jiebas_cut_on_any_string(seg, text):
    assert seg.cut(text) == list(seg.tokenizer.cut(text, HMM=True))
    assert seg.tokenize(text) == _jieba_tokens(seg, text)


def test_hmm_cut_is_finalsegs_cut(seg):
    from jieba import finalseg
    rnd = random.Random(7)
    chars = "".join(_article_texts())[:3000] + "ab1.%"
    for _ in range(2000):
        s = "".join(rnd.choice(chars) for _ in range(rnd.randint(1, 12)))
        assert seg.hmm_cut(s) == tuple(finalseg.cut(s)), s


def test_tag_table_is_posseg_table(seg):
    import jieba.posseg
    assert seg.tags == jieba.posseg.dt.word_tag_tab


def test_dictionary_read_from_jiebas_cache_is_jiebas_dictionary(tmp_path):
    import jieba
    fresh = jieba.Tokenizer()
    fresh.tmp_dir = str(tmp_path)
    assert not Segmenter.load_dictionary(fresh)          # no cache yet: jieba builds one
    fresh.initialize()
    assert (tmp_path / "jieba.cache").is_file()
    again = jieba.Tokenizer()
    again.tmp_dir = str(tmp_path)
    assert Segmenter.load_dictionary(again) and again.initialized
    assert again.FREQ == fresh.FREQ and again.total == fresh.total
    (tmp_path / "jieba.cache").write_bytes(b"\x00broken")
    broken = jieba.Tokenizer()
    broken.tmp_dir = str(tmp_path)
    assert not Segmenter.load_dictionary(broken) and not broken.initialized   # jieba's own way then
