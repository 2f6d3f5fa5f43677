"""Stage 3: sentences and jieba tokens, offsets into the normalised text.

`Segmenter(pack, words)` owns one jieba.Tokenizer with the pack's user words and `words` (the
extraction rules' names) in its dictionary, and every cache of its cuts. jieba's process-wide
tokenizer (jieba.dt) is never used nor changed, so two rule packs in one process do not see each
other's words.
"""
from __future__ import annotations

import logging
import marshal
import os
import re
import sys
import tempfile
from math import log
from types import MappingProxyType
from typing import Iterable, Mapping

from .model import Sentence, Token
from .rules import RulePack

# The rule keys this stage reads and their kinds (kg.rules validates a pack against them)
SCHEMA_SEGMENT: Mapping[str, str] = MappingProxyType({
    "sentence_end": "regex",
    "user_words": "list",
    "split_off": "list",
})

_SHORT_MAX, _CACHE_MAX = 80, 50_000
_USER_WORD_FREQ = 2000
_PREFIX, _ABSENT = 1.0, 2.0         # log-probability markers; a word's log probability is never > 0


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


def _add(out, text, start, end):
    # trim surrounding whitespace but keep offsets exact
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


class Segmenter:
    """Sentence splitting and jieba tokenisation for one rule pack (the `segment` section)."""

    def __init__(self, pack: RulePack, words: Iterable[str] = ()):
        section = pack.section("segment")
        self.sentence_end = re.compile(section["sentence_end"]) if section.get("sentence_end") else None
        self.split_off = frozenset("".join(section.get("split_off") or ()))
        jieba = _import_jieba()
        self._re_han, self._re_skip = jieba.re_han_default, jieba.re_skip_default
        self.tokenizer = tok = jieba.Tokenizer()
        tok.tmp_dir = os.environ.get("KG_CACHE_DIR", tempfile.gettempdir())
        if not self.load_dictionary(tok):
            _initialize_quietly(tok)         # builds the dictionary and writes its cache
        # each distinct word once: jieba's total grows with every add, even of a known word
        added: set[str] = set()
        for w in list(section.get("user_words") or ()) + list(words):
            if w and w not in added:
                tok.add_word(w, freq=_USER_WORD_FREQ)
                added.add(w)
        self.tags = self._tag_table()        # here, before any fork: workers share it
        self._short: dict[str, tuple] = {}   # tokens of short snippets (labels and clauses, many alike)
        self._blocks: dict[str, tuple] = {}  # token texts of one block (a Han clause, or the punctuation between)
        self._hmm: dict[str, tuple] = {}     # finalseg (HMM) words of one run of unknown single characters
        self._logp: dict[str, float] = {}    # fragment -> log(freq) - log(total) as jieba computes it, or a marker
        self._trans: tuple | None = None     # finalseg's transition log-probabilities, in _bmes_words' order

    @staticmethod
    def load_dictionary(tok) -> bool:
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

    def _tag_table(self) -> Mapping[str, str]:
        """jieba.posseg's word -> tag table, read straight from jieba's dictionary ("word freq tag" lines):
        one split instead of posseg's per-line parse (a third of a second per process)."""
        with self.tokenizer.get_dict_file() as f:
            fields = f.read().decode("utf-8").split()
        if len(fields) % 3 == 0 and all(f.isdigit() for f in fields[1:3000:3]):
            return dict(zip(fields[0::3], fields[2::3]))
        import jieba.posseg                  # not jieba's usual layout: let posseg parse it
        return dict(jieba.posseg.dt.word_tag_tab)

    # ------------------------------------------------------------ lookups

    def known_word(self, word: str) -> bool:
        """True when the dictionary has the word (so it is common vocabulary, not a new name)."""
        return bool(self.tokenizer.FREQ.get(word))

    def word_tag(self, word: str) -> str | None:
        """jieba's part-of-speech tag for a dictionary word (v, n, d ...), None for unknown words.

        A dictionary lookup only: posseg tagging itself is too slow for the pipeline.
        """
        return self.tags.get(word)

    def word_freq(self, word: str) -> int:
        """The dictionary frequency of a word (0 when unknown)."""
        return self.tokenizer.FREQ.get(word) or 0

    def cut_words(self, text: str) -> list[str]:
        """jieba words of a short span (no offsets, no HMM); for checks on a name core only."""
        return self.tokenizer.lcut(text, HMM=False)

    # ------------------------------------------------------------ sentences

    def split_sentences(self, text: str) -> list[Sentence]:
        out, start = [], 0
        if self.sentence_end is not None:
            for m in self.sentence_end.finditer(text):
                end = m.end()
                _add(out, text, start, end)
                start = end
        _add(out, text, start, len(text))
        return out

    # ------------------------------------------------------------ tokens

    def tokenize(self, text: str, offset: int = 0) -> list[Token]:
        """jieba tokens with offsets; an unknown (HMM-made) word never swallows a function
        character at its end (客等 -> 客 / 等), so names keep clean right edges.

        Short snippets (later stages re-tokenise labels and clauses, many alike) are cached.
        """
        if offset == 0 and len(text) <= _SHORT_MAX:
            cache = self._short
            hit = cache.get(text)
            if hit is None:
                if len(cache) >= _CACHE_MAX:
                    cache.clear()
                hit = cache[text] = tuple(self._tokenize(text, 0))
            return list(hit)                 # a copy: callers may change their list
        return self._tokenize(text, offset)

    def _tokenize(self, text: str, offset: int) -> list[Token]:
        out = []
        append = out.append
        pos = offset
        blocks = self._blocks
        re_han = self._re_han
        for blk in re_han.split(text):
            pieces = blocks.get(blk)         # (Han and other blocks never share a character)
            if pieces is None:
                if len(blocks) >= _CACHE_MAX:
                    blocks.clear()
                pieces = blocks[blk] = self._split_pieces(
                    self._cut_block(blk) if re_han.match(blk) else self._cut_other(blk)) if blk else ()
            for w in pieces:
                end = pos + len(w)
                append(Token(w, pos, end))
                pos = end
        return out

    def _split_pieces(self, words) -> tuple[str, ...]:
        """Token texts of jieba words: an unknown word ending in a function character loses it."""
        freq, split_off = self.tokenizer.FREQ, self.split_off
        out = []
        for w in words:
            if len(w) > 1 and w[-1] in split_off and not freq.get(w):
                out += (w[:-1], w[-1])
            else:
                out.append(w)
        return tuple(out)

    # ------------------------------------------------------------ jieba's cut, faster
    # Same words as jieba.Tokenizer.cut(text, HMM=True) (tests/test_segment.py compares them):
    # jieba's DAG + route + HMM steps fused into one right-to-left pass without per-character
    # generators, tuples and max(), and the tokens of each Han block cached (news repeats its phrases).

    def cut(self, text: str) -> list[str]:
        """jieba's words of `text` (accurate mode with HMM), as jieba.Tokenizer.cut would give them."""
        out = []
        re_han = self._re_han
        for blk in re_han.split(text):
            if blk:
                out += self._cut_block(blk) if re_han.match(blk) else self._cut_other(blk)
        return out

    def _cut_other(self, blk: str) -> list[str]:
        """A block of no Han text: whitespace runs jieba keeps whole, every other character alone."""
        out = []
        re_skip = self._re_skip
        for x in re_skip.split(blk):
            if re_skip.match(x):
                out.append(x)
            else:
                out += x
        return out

    def _logp_of(self, frag: str) -> float:
        tok = self.tokenizer
        f = tok.FREQ.get(frag)
        cache = self._logp
        if len(cache) >= 4 * _CACHE_MAX:
            cache.clear()
        lp = cache[frag] = _ABSENT if f is None else log(f) - log(tok.total) if f else _PREFIX
        return lp

    def _cut_block(self, sentence: str) -> tuple[str, ...]:
        """jieba's __cut_DAG of one Han block."""
        tok = self.tokenizer
        freq = tok.FREQ
        logp = self._logp
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
                    lp = self._logp_of(frag)
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
                    self._flush(sentence[buf_start:x], freq, out)
                    buf_start = -1
                append(sentence[x:y])
            x = y
        if buf_start >= 0:
            self._flush(sentence[buf_start:], freq, out)
        return tuple(out)

    def _flush(self, buf: str, freq: dict, out: list) -> None:
        """A run of single characters: one unknown word or several, by jieba's HMM (finalseg)."""
        if len(buf) == 1:
            out.append(buf)
        elif not freq.get(buf):
            cache = self._hmm
            words = cache.get(buf)
            if words is None:
                if len(cache) >= _CACHE_MAX:
                    cache.clear()
                words = cache[buf] = self.hmm_cut(buf)
            out += words
        else:
            out += buf

    def hmm_cut(self, buf: str) -> tuple[str, ...]:
        """jieba.finalseg.cut(buf): Han runs by the BMES Viterbi, other runs split as finalseg does."""
        from jieba import finalseg
        if finalseg.Force_Split_Words:           # (a deleted word: finalseg's own path handles it)
            return tuple(finalseg.cut(buf))
        out = []
        for blk in finalseg.re_han.split(buf):
            if finalseg.re_han.match(blk):
                out += self._bmes_words(blk, finalseg)
            else:
                out += [x for x in finalseg.re_skip.split(blk) if x]
        return tuple(out)

    def _bmes_words(self, sentence: str, finalseg) -> list[str]:
        """finalseg's viterbi + __cut, unrolled over its four states with back-pointers instead of
        copied paths: the same sums in the same order and the same ties (max() over (prob, state))."""
        if self._trans is None:
            if finalseg.PrevStatus != {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}:
                return list(finalseg.cut(sentence))
            t = {a + b: finalseg.trans_P[a].get(b, finalseg.MIN_FLOAT) for a in "BMES" for b in "BMES"}
            self._trans = tuple(t[k] for k in ("EB", "SB", "MM", "BM", "SS", "ES", "BE", "ME"))
        low, start, emit = finalseg.MIN_FLOAT, finalseg.start_P, finalseg.emit_P
        t_eb, t_sb, t_mm, t_bm, t_ss, t_es, t_be, t_me = self._trans
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


def _initialize_quietly(tok) -> None:
    """jieba's own dictionary build, without its progress lines on stderr (jieba's logger is
    put back as it was)."""
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        tok.initialize()
    finally:
        logger.setLevel(level)

