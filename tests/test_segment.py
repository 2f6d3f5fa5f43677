"""Segmentation: sentence spans and token offsets index the text exactly."""
from kg import segment


def test_sentences_keep_exact_offsets():
    text = "  绿园区召开会议。 会议指出：要加快建设！\n第二段"
    sents = segment.split_sentences(text)
    assert [s.text for s in sents] == ["绿园区召开会议。", "会议指出：要加快建设！", "第二段"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_tokens_cover_text_with_offsets():
    text = "长春市朝阳区推进项目建设"
    toks = segment.tokenize(text, offset=10)
    assert "".join(t.text for t in toks) == text
    assert all(("x" * 10 + text)[t.start:t.end] == t.text for t in toks)


def test_unknown_word_does_not_swallow_function_character():
    # jieba's HMM would glue 等 to an unknown name (富维安道拓等); it must stay a token of its own
    toks = [t.text for t in segment.tokenize("大陆电子、富维安道拓等33户企业")]
    assert "等" in toks
    assert not any(t.endswith("等") and len(t) > 1 for t in toks)


def test_word_tag_is_a_dictionary_lookup():
    assert segment.word_tag("推进") == "v"
    assert segment.word_tag("完全没有这个词语") is None


# ---- the fast cut is jieba's cut: same words on real articles and on odd strings

import random  # noqa: E402
from pathlib import Path  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from kg.model import Token  # noqa: E402

_ROOT = Path(__file__).resolve().parents[1]
_ODD = "长春市朝阳区绿园经济开发区项目建设的了是在和等与及为富维安道拓奥来德abcXYZ019 \r\n\t%#&.-+，。、（）“”《》"


def _article_texts() -> list[str]:
    files = sorted((_ROOT / "tests" / "other_cities" / "corpus").glob("*.txt"))[:8] + [_ROOT / "kg" / "sample" / "auto_zone.txt"]
    return [f.read_text(encoding="utf-8") for f in files]


def _jieba_tokens(text: str, offset: int = 0) -> list[Token]:
    """What tokenize() gave before it had its own cut: jieba's words, then the function-character split."""
    tok = segment._tokenizer()
    out, pos = [], offset
    for w in tok.cut(text, HMM=True):
        end = pos + len(w)
        if len(w) > 1 and w[-1] in segment._split_off and not tok.FREQ.get(w):
            out += [Token(w[:-1], pos, end - 1), Token(w[-1], end - 1, end)]
        else:
            out.append(Token(w, pos, end))
        pos = end
    return out


def test_cut_is_jiebas_cut_on_articles(rules):
    segment.setup(rules)
    tok = segment._tokenizer()
    for text in _article_texts():
        assert segment.cut(text) == list(tok.cut(text, HMM=True))
        assert segment.tokenize(text, 3) == _jieba_tokens(text, 3)
        assert segment.tokenize(text) == _jieba_tokens(text)     # again, from the block cache


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ODD, max_size=40))
def test_cut_is_jiebas_cut_on_any_string(text):
    assert segment.cut(text) == list(segment._tokenizer().cut(text, HMM=True))
    assert segment.tokenize(text) == _jieba_tokens(text)


def test_hmm_cut_is_finalsegs_cut():
    from jieba import finalseg
    rnd = random.Random(7)
    chars = "".join(_article_texts())[:3000] + "ab1.%"
    for _ in range(2000):
        s = "".join(rnd.choice(chars) for _ in range(rnd.randint(1, 12)))
        assert segment._hmm_cut(s) == tuple(finalseg.cut(s)), s


def test_tag_table_is_posseg_table():
    import jieba.posseg
    assert segment._tag_table() == jieba.posseg.dt.word_tag_tab


def test_new_dictionary_word_clears_cached_cuts(rules):
    segment.setup(rules)
    text = "蔚蓝星辰谷启动建设"
    before = [t.text for t in segment.tokenize(text)]
    assert "蔚蓝星辰谷" not in before
    tok = segment._tokenizer()
    freq, total = dict(tok.FREQ), tok.total
    try:
        segment.setup(rules, words=["蔚蓝星辰谷"])
        assert "蔚蓝星辰谷" in [t.text for t in segment.tokenize(text)]
    finally:                             # leave the shared dictionary as the other tests expect it
        tok.FREQ.clear()
        tok.FREQ.update(freq)
        tok.total = total
        segment._added.discard("蔚蓝星辰谷")
        segment._clear_caches()


def test_dictionary_read_from_jiebas_cache_is_jiebas_dictionary(tmp_path):
    import jieba
    fresh = jieba.Tokenizer()
    fresh.tmp_dir = str(tmp_path)
    assert not segment._read_jieba_cache(fresh)          # no cache yet: jieba builds one
    fresh.initialize()
    assert (tmp_path / "jieba.cache").is_file()
    again = jieba.Tokenizer()
    again.tmp_dir = str(tmp_path)
    assert segment._read_jieba_cache(again) and again.initialized
    assert again.FREQ == fresh.FREQ and again.total == fresh.total
    (tmp_path / "jieba.cache").write_bytes(b"\x00broken")
    broken = jieba.Tokenizer()
    broken.tmp_dir = str(tmp_path)
    assert not segment._read_jieba_cache(broken) and not broken.initialized   # jieba's own way then
