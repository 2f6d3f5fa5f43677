"""Stage 3: sentences and jieba tokens, offsets into the normalised text."""
from __future__ import annotations

import marshal
import os
import re
import sys
import tempfile
from math import log

from .model import Sentence, Token
from .rules import RulePack, register

register("segment", {"sentence_end": "regex", "user_words": "list", "split_off": "list"})

_SENT_END = re.compile(r"[。！？!?；;]+[”’\"」』)）]*|\n+")

_jieba = None
_RE_HAN = _RE_SKIP = None             # jieba's block patterns (set with the tokenizer)
_added: set[str] = set()          # words already given to jieba (add_word is not free)
_pattern_cache: dict[str, re.Pattern] = {}


def _tokenizer():
    global _jieba, _RE_HAN, _RE_SKIP
    if _jieba is None:
        import logging
        jieba = _import_jieba()
        _RE_HAN, _RE_SKIP = jieba.re_han_default, jieba.re_skip_default
        jieba.setLogLevel(logging.WARNING)
        jieba.dt.tmp_dir = os.environ.get("KG_CACHE_DIR", tempfile.gettempdir())
        _jieba = jieba.Tokenizer()
        _jieba.tmp_dir = jieba.dt.tmp_dir
        if not _read_jieba_cache(_jieba):
            _jieba.initialize()          # builds the dictionary and writes its cache
    return _jieba


def _import_jieba():
    """jieba, imported without pkg_resources: jieba only uses it to open its own bundled files and
    opens them by path when it is missing, while importing it costs a seventh of a second in every
    process that extracts (a rebuild's one worker included)."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None          # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _read_jieba_cache(tok) -> bool:
    """Load the default dictionary from jieba's own cache file, read in one go: jieba's
    initialize() unmarshals it from the open file, which reads piecemeal (0.6 s against 0.2 s,
    paid by every build). Any problem: False, and jieba does it its own way."""
    if tok.dictionary is not None or tok.cache_file is not None:   # not jieba's default dictionary/cache
        return False
    try:
        with open(os.path.join(tok.tmp_dir, "jieba.cache"), "rb") as fh:
            freq, total = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return False
    if not isinstance(freq, dict) or not freq:
        return False
    tok.FREQ, tok.total, tok.initialized = freq, total, True
    return True


def setup(rules: RulePack, words=()) -> None:
    """Add rule-pack words (gazetteer names, suffix words) to jieba's dictionary (once each)."""
    global _split_off
    tok = _tokenizer()
    _tag_table()                         # before any fork: workers share it
    if rules.get("segment", "split_off"):
        split_off = frozenset("".join(rules.get("segment", "split_off")))
        if split_off != _split_off:
            _split_off = split_off
            _clear_caches()
    for w in list(rules.get("segment", "user_words", [])) + list(words):
        if w and w not in _added:
            tok.add_word(w, freq=2000)
            _added.add(w)
            _clear_caches()


def known_word(word: str) -> bool:
    """True when jieba's dictionary has the word (so it is common vocabulary, not a new name)."""
    return bool(_tokenizer().FREQ.get(word))


_tags = None


def word_tag(word: str) -> str | None:
    """jieba's part-of-speech tag for a dictionary word (v, n, d ...), None for unknown words.

    A dictionary lookup only: posseg tagging itself is too slow for the pipeline.
    """
    return (_tags or _tag_table()).get(word)


def _tag_table() -> dict[str, str]:
    """jieba.posseg's word -> tag table, read straight from jieba's dictionary ("word freq tag" lines):
    one split instead of posseg's per-line parse (a third of a second per process)."""
    global _tags
    if _tags is None:
        with _tokenizer().get_dict_file() as f:
            fields = f.read().decode("utf-8").split()
        if len(fields) % 3 == 0 and all(f.isdigit() for f in fields[1:3000:3]):
            _tags = dict(zip(fields[0::3], fields[2::3]))
        else:                            # not jieba's usual layout: let posseg parse it
            import jieba.posseg
            _tags = jieba.posseg.dt.word_tag_tab
    return _tags


def cut_words(text: str) -> list[str]:
    """jieba words of a short span (no offsets); for checks on a name core only."""
    return _tokenizer().lcut(text, HMM=False)


def word_freq(word: str) -> int:
    """jieba's dictionary frequency of a word (0 when unknown)."""
    return _tokenizer().FREQ.get(word) or 0


def split_sentences(text: str, rules: RulePack | None = None) -> list[Sentence]:
    pattern = _SENT_END
    custom = rules.get("segment", "sentence_end") if rules is not None else None
    if custom:
        pattern = _pattern_cache.get(custom) or _pattern_cache.setdefault(custom, re.compile(custom))
    out, start = [], 0
    for m in pattern.finditer(text):
        end = m.end()
        _add(out, text, start, end)
        start = end
    _add(out, text, start, len(text))
    return out


def _add(out, text, start, end):
    # trim surrounding whitespace but keep offsets exact
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


_split_off: frozenset = frozenset("等的和与及在是为")


_SHORT_CACHE: dict[str, tuple] = {}
_SHORT_MAX, _CACHE_MAX = 80, 50_000
_BLOCK_CACHE: dict[str, tuple] = {}       # token texts of one block (a Han clause, or the punctuation between)
_HMM_CACHE: dict[str, tuple] = {}         # finalseg (HMM) words of one run of unknown single characters


def _clear_caches() -> None:
    """The dictionary changed: every cached cut may change with it."""
    _SHORT_CACHE.clear()
    _BLOCK_CACHE.clear()
    _HMM_CACHE.clear()
    _LOGP.clear()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """jieba tokens with offsets; an unknown (HMM-made) word never swallows a function
    character at its end (客等 -> 客 / 等), so names keep clean right edges.

    Short snippets (later stages re-tokenise labels and clauses, many alike) are cached.
    """
    if offset == 0 and len(text) <= _SHORT_MAX:
        hit = _SHORT_CACHE.get(text)
        if hit is None:
            if len(_SHORT_CACHE) >= _CACHE_MAX:
                _SHORT_CACHE.clear()
            hit = _SHORT_CACHE[text] = tuple(_tokenize(text, 0))
        return list(hit)
    return _tokenize(text, offset)


def _tokenize(text: str, offset: int) -> list[Token]:
    _tokenizer()
    out = []
    append = out.append
    pos = offset
    blocks = _BLOCK_CACHE
    for blk in _RE_HAN.split(text):
        pieces = blocks.get(blk)         # (Han and other blocks never share a character)
        if pieces is None:
            if len(blocks) >= _CACHE_MAX:
                blocks.clear()
            pieces = blocks[blk] = _split_pieces(
                _cut_block(blk) if _RE_HAN.match(blk) else _cut_other(blk)) if blk else ()
        for w in pieces:
            end = pos + len(w)
            append(Token(w, pos, end))
            pos = end
    return out


def _split_pieces(words) -> tuple[str, ...]:
    """Token texts of jieba words: an unknown word ending in a function character loses it."""
    freq, split_off = _tokenizer().FREQ, _split_off
    out = []
    for w in words:
        if len(w) > 1 and w[-1] in split_off and not freq.get(w):
            out += (w[:-1], w[-1])
        else:
            out.append(w)
    return tuple(out)


# ---------------------------------------------------------------- jieba's cut, faster
# Same words as jieba.Tokenizer.cut(text, HMM=True) (tests/test_segment.py compares them):
# jieba's DAG + route + HMM steps fused into one right-to-left pass without per-character
# generators, tuples and max(), and the tokens of each Han block cached (news repeats its phrases).

def cut(text: str) -> list[str]:
    """jieba's words of `text` (accurate mode with HMM), as jieba.Tokenizer.cut would give them."""
    _tokenizer()
    out = []
    for blk in _RE_HAN.split(text):
        if blk:
            out += _cut_block(blk) if _RE_HAN.match(blk) else _cut_other(blk)
    return out


def _cut_other(blk: str) -> list[str]:
    """A block of no Han text: whitespace runs jieba keeps whole, every other character alone."""
    out = []
    for x in _RE_SKIP.split(blk):
        if _RE_SKIP.match(x):
            out.append(x)
        else:
            out += x
    return out


_PREFIX, _ABSENT = 1.0, 2.0         # _LOGP markers; a word's log probability is never > 0
_LOGP: dict[str, float] = {}           # fragment -> log(freq) - log(total) as jieba computes it, or a marker


def _logp(frag: str) -> float:
    tok = _tokenizer()
    f = tok.FREQ.get(frag)
    if len(_LOGP) >= 4 * _CACHE_MAX:
        _LOGP.clear()
    lp = _LOGP[frag] = _ABSENT if f is None else log(f) - log(tok.total) if f else _PREFIX
    return lp


def _cut_block(sentence: str) -> tuple[str, ...]:
    """jieba's __cut_DAG of one Han block."""
    tok = _tokenizer()
    freq = tok.FREQ
    logp = _LOGP
    n = len(sentence)
    logtotal = log(tok.total)
    score = [0.0] * (n + 1)
    nxt = [0] * (n + 1)              # nxt[k]: end (exclusive) of the best word starting at k
    for k in range(n - 1, -1, -1):
        best = None
        i = k
        frag = sentence[k]
        while True:                  # every dictionary word starting at k (FREQ holds all their prefixes)
            try:
                lp = logp[frag]
            except KeyError:             # (first sight of this fragment)
                lp = _logp(frag)
            if lp <= 0.0:
                s = lp + score[i + 1]
                if best is None or s >= best:     # max() over (score, i): ties go to the longer word
                    best, bi = s, i
            elif lp == _ABSENT:
                break
            i += 1
            if i >= n:
                break
            frag = sentence[k:i + 1]
        if best is None:
            best, bi = log(1) - logtotal + score[k + 1], k
        score[k] = best
        nxt[k] = bi + 1
    out = []
    append = out.append
    x = 0
    buf_start = -1                  # start of the pending run of single characters
    while x < n:
        y = nxt[x]
        if y - x == 1:
            if buf_start < 0:
                buf_start = x
        else:
            if buf_start >= 0:
                _flush(sentence[buf_start:x], freq, out)
                buf_start = -1
            append(sentence[x:y])
        x = y
    if buf_start >= 0:
        _flush(sentence[buf_start:], freq, out)
    return tuple(out)


def _flush(buf: str, freq: dict, out: list) -> None:
    """A run of single characters: one unknown word or several, by jieba's HMM (finalseg)."""
    if len(buf) == 1:
        out.append(buf)
    elif not freq.get(buf):
        words = _HMM_CACHE.get(buf)
        if words is None:
            if len(_HMM_CACHE) >= _CACHE_MAX:
                _HMM_CACHE.clear()
            words = _HMM_CACHE[buf] = _hmm_cut(buf)
        out += words
    else:
        out += buf


def _hmm_cut(buf: str) -> tuple[str, ...]:
    """jieba.finalseg.cut(buf): Han runs by the BMES Viterbi, other runs split as finalseg does."""
    from jieba import finalseg
    if finalseg.Force_Split_Words:           # (a deleted word: finalseg's own path handles it)
        return tuple(finalseg.cut(buf))
    out = []
    for blk in finalseg.re_han.split(buf):
        if finalseg.re_han.match(blk):
            out += _bmes_words(blk, finalseg)
        else:
            out += [x for x in finalseg.re_skip.split(blk) if x]
    return tuple(out)


_TRANS = None                            # finalseg's transition log-probabilities, in _bmes_words' order


def _bmes_words(sentence: str, finalseg) -> list[str]:
    """finalseg's viterbi + __cut, unrolled over its four states with back-pointers instead of
    copied paths: the same sums in the same order and the same ties (max() over (prob, state))."""
    global _TRANS
    if _TRANS is None:
        if finalseg.PrevStatus != {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}:
            return list(finalseg.cut(sentence))
        t = {a + b: finalseg.trans_P[a].get(b, finalseg.MIN_FLOAT) for a in "BMES" for b in "BMES"}
        _TRANS = tuple(t[k] for k in ("EB", "SB", "MM", "BM", "SS", "ES", "BE", "ME"))
    low, start, emit = finalseg.MIN_FLOAT, finalseg.start_P, finalseg.emit_P
    t_eb, t_sb, t_mm, t_bm, t_ss, t_es, t_be, t_me = _TRANS
    e_b, e_m, e_e, e_s = emit["B"].get, emit["M"].get, emit["E"].get, emit["S"].get
    c0 = sentence[0]
    vb, vm, ve, vs = start["B"] + e_b(c0, low), start["M"] + e_m(c0, low), \
        start["E"] + e_e(c0, low), start["S"] + e_s(c0, low)
    back = []                                # per step: the states before B, M, E, S
    for ch in sentence[1:]:
        em = e_b(ch, low)
        x, y = ve + t_eb + em, vs + t_sb + em
        nb, pb = (y, "S") if y >= x else (x, "E")
        em = e_m(ch, low)
        x, y = vm + t_mm + em, vb + t_bm + em
        nm, pm = (x, "M") if x >= y else (y, "B")
        em = e_s(ch, low)
        x, y = vs + t_ss + em, ve + t_es + em
        ns, ps = (x, "S") if x >= y else (y, "E")
        em = e_e(ch, low)
        x, y = vb + t_be + em, vm + t_me + em
        ne, pe = (y, "M") if y >= x else (x, "B")
        vb, vm, ve, vs = nb, nm, ne, ns
        back.append({"B": pb, "M": pm, "E": pe, "S": ps})
    state = "S" if vs >= ve else "E"
    states = [state]
    for bp in reversed(back):
        state = bp[state]
        states.append(state)
    states.reverse()
    out, begin, nexti = [], 0, 0
    for i, pos in enumerate(states):
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append(sentence[begin:i + 1])
            nexti = i + 1
        elif pos == "S":
            out.append(sentence[i])
            nexti = i + 1
    if nexti < len(sentence):
        out.append(sentence[nexti:])
    return out
