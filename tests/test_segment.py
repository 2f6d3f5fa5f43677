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
