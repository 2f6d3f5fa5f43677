"""The incremental cache on disk: a cached document result and the Turtle-part memo as bytes, and
the checks that make reading them back safe.

marshal, not pickle: unpickling runs whatever callables a file names (a crafted cache file once ran
os.system), while marshal.loads only builds plain values (it can build a code object, but never
runs one, and the checks below accept nothing but the expected tuples, lists, str, int, float, bool
and None). Measured on 500 generated articles, per result: marshal.loads ~60 us, pickle.loads ~80 us
(JSON ~140 us, and it turns tuples into lists); the checks add ~65 us, so reading a cached result
(file, checks, unpacking) costs ~190 us of CPU against pickle's ~115 us: 0.15 s more per 2,000
cached documents. An HMAC over pickles would cost less but was not chosen: it needs a secret kept
outside the cache folder (a new file in the user's config folder to create, protect and lose), and
whoever reads that secret could run code again; a checked marshal file never can.

A file starts with MAGIC (format, marshal and Python version: marshal's format may change between
Python versions) and holds its own key; a file of another format or key, or one whose content is not
exactly the shape kg writes, is a miss (the document is extracted again), never an error.
"""
from __future__ import annotations

import marshal
import os
import sys
from dataclasses import fields
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path

from .model import (CACHE_MARK, DocResult, Document, FigureMention, Mention, RelationMention, Sentence,
                    _pack_result, _unpack_result)
from .resolve import LocalSummary

MAGIC = f"kg-cache 1 marshal {marshal.version} py{sys.version_info[0]}.{sys.version_info[1]}\n".encode()
MEMO_FILE = "turtle-parts.kgc"
MARK_TEXT = "kg incremental cache: kg writes and prunes what is in this folder\n"

_NONE = type(None)
_STR, _OPT_STR, _INT = frozenset({str}), frozenset({str, _NONE}), frozenset({int})
_REF = "ref"             # a mention: its index in the result's list, or the mention itself (a tuple)
_OPT_REF = "ref or None"
_STRS = "strs"           # a tuple of str
# the types each field of a packed record may hold (kg.model._pack_result), by field name
_FIELD_TYPES = {
    "id": _STR, "doc": _STR, "path": _STR, "text": _STR, "title": _OPT_STR, "date": _OPT_STR,
    "source": _OPT_STR, "url": _OPT_STR, "start": _INT, "end": _INT, "type": _STR, "name": _STR,
    "subtype": _OPT_STR, "aliases": _STRS, "rule": _STR, "value": frozenset({int, float}), "unit": _STR,
    "metric": _STR, "period": _OPT_STR, "subject": _REF, "object": _REF, "sentence_start": _INT,
    "sentence_end": _INT, "predicate": _STR, "sentence": _STR, "family": _STR, "code": _STR,
    "parent_code": _STR,
}


def _spec(cls, **override) -> tuple:
    """Per record class, in field order, what each field may hold (a KeyError here: a new field
    needs its types above)."""
    return tuple(override.get(f.name) or _FIELD_TYPES[f.name] for f in fields(cls))


_DOCUMENT, _SENTENCE, _MENTION, _RELATION = map(_spec, (Document, Sentence, Mention, RelationMention))
_FIGURE = _spec(FigureMention, subject=_OPT_REF)        # a figure may have no subject
_HOLDS = {_STRS: frozenset({tuple}), _REF: frozenset({int, tuple}), _OPT_REF: frozenset({int, tuple, _NONE})}


# ---- document results ------------------------------------------------------

def encode_result(key: str, res: DocResult) -> bytes | None:
    """A result as cache-file bytes, or None when it holds a value marshal cannot write."""
    packed = _pack_result(res)
    summary = packed[5]
    try:
        return MAGIC + marshal.dumps((key, packed[:5] + (None if summary is None else tuple(summary),)))
    except ValueError:          # (an unexpected value type: that document is simply not cached)
        return None


def decode_result(key: str, data: bytes) -> DocResult | None:
    """The result in cache-file bytes, or None (a miss) unless they are exactly what encode_result
    writes for `key`."""
    if not data.startswith(MAGIC):
        return None
    try:
        stored = marshal.loads(data[len(MAGIC):])       # (a copy, but faster to read than a memoryview)
    except (EOFError, ValueError, TypeError):
        return None
    if type(stored) is not tuple or len(stored) != 2 or stored[0] != key:
        return None
    packed = stored[1]
    if not _valid_packed(packed):
        return None
    if packed[5] is not None:   # the resolver takes a LocalSummary as its own (else recomputes it)
        packed = packed[:5] + (LocalSummary(*packed[5]),)
    return _unpack_result(packed)


def _valid_packed(p) -> bool:
    if type(p) is not tuple or len(p) != 6:
        return False
    doc, sentences, mentions, figures, relations, summary = p
    n = len(mentions) if type(mentions) is list else -1
    return (_rows_ok([doc], _DOCUMENT, n) and _rows_ok(sentences, _SENTENCE, n)
            and _rows_ok(mentions, _MENTION, n) and _rows_ok(figures, _FIGURE, n)
            and _rows_ok(relations, _RELATION, n)
            and (summary is None or _summary_ok(summary, n, len(relations), len(figures))))


def _rows_ok(rows, spec: tuple, n_mentions: int) -> bool:
    """`rows`: a list of tuples with the fields `spec` describes. Tested by each row's tuple of field
    types, made in C, of which a list holds only a few different ones: loading thousands of results
    is on a rebuild's critical path."""
    if type(rows) is not list:
        return False
    if not rows:
        return True
    if set(map(type, rows)) != {tuple}:
        return False
    for types in set(map(tuple, map(map, repeat(type), rows))):
        if len(types) != len(spec) or not all(t in _HOLDS.get(k, k) for t, k in zip(types, spec)):
            return False
    for i, kind in enumerate(spec):
        if kind is _STRS:
            if not _strs(chain.from_iterable(map(itemgetter(i), rows))):
                return False
        elif kind is _REF or kind is _OPT_REF:
            if not _refs_ok(list(map(itemgetter(i), rows)), n_mentions):
                return False
    return True


def _refs_ok(column: list, n_mentions: int) -> bool:
    """Mention references (types already tested): indices into the list, or mentions themselves."""
    if set(map(type, column)) == {int}:        # the usual case: every end is a listed mention
        return _in_range(column, 0, n_mentions)
    return (_in_range([r for r in column if type(r) is int], 0, n_mentions)
            and _rows_ok([r for r in column if type(r) is tuple], _MENTION, n_mentions))


def _in_range(values, low: int, high: int) -> bool:
    return not values or (low <= min(values) and max(values) < high)


def _strs(values) -> bool:
    return set(map(type, values)) <= _STR


def _summary_ok(s, n_mentions: int, n_relations: int, n_figures: int) -> bool:
    """A kg.resolve.LocalSummary as plain tuples, its indices within the result's lists (the resolver
    indexes with them). Types are tested in two passes, one over all its strings, one over all its
    integers, then each index's range."""
    if type(s) is not tuple or len(s) != len(LocalSummary._fields) or set(map(type, s)) != {tuple}:
        return False
    clusters, mention_cluster, subtypes, keys, key_counts, known, relation_ends, figure_subjects, foreign = s
    n = len(clusters)
    if len(subtypes) % 3 or len(key_counts) != len(keys):
        return False
    if clusters:             # (type, names, n_links, n_shorts, top, avoided)
        if set(map(type, clusters)) != {tuple} or set(map(len, clusters)) != {6}:
            return False
        types, names, links, shorts, tops, avoided = zip(*clusters)
        if set(map(type, names)) != {tuple} or set(map(type, tops)) != {tuple} or not set(map(type, avoided)) <= {bool}:
            return False
    else:
        types = names = links = shorts = tops = ()
    if foreign:              # (position, end, type, key)
        if set(map(type, foreign)) != {tuple} or set(map(len, foreign)) != {4}:
            return False
        positions, ends, f_types, f_keys = zip(*foreign)
    else:
        positions = ends = f_types = f_keys = ()
    if not (_strs(chain(types, chain.from_iterable(names), subtypes[1::3], keys, known, f_types, f_keys))
            and set(map(type, chain(links, shorts, chain.from_iterable(tops), mention_cluster, subtypes[0::3],
                                    subtypes[2::3], key_counts, relation_ends, figure_subjects, positions,
                                    ends))) <= _INT):
        return False
    try:                     # each cluster's `top` indexes its own names (max() of no top: ValueError)
        if not all(map(int.__lt__, map(max, tops), map(len, names))):
            return False
    except ValueError:
        return False
    return (len(mention_cluster) == n_mentions and len(relation_ends) == 2 * n_relations
            and len(figure_subjects) == n_figures
            and _in_range(mention_cluster, 0, n) and _in_range(subtypes[0::3], 0, n)
            and _in_range(relation_ends, -1, n) and _in_range(figure_subjects, -1, n)
            and _in_range(ends, 0, 3) and all(map(int.__lt__, positions, map(
                (n_relations, n_relations, n_figures).__getitem__, ends)))
            and min(chain(links, shorts, chain.from_iterable(tops), key_counts, positions, subtypes[2::3]),
                    default=0) >= 0)


# ---- the Turtle-part memo ----------------------------------------------------

def encode_memo(stamp: tuple[int, int], salt: str, spans: dict) -> bytes:
    """The memo of kg.export.rdf.TurtleParts: graph.ttl's (size, mtime_ns) when written, what made
    it (salt), and each document's (signature, byte offset, byte length) in it."""
    return MAGIC + marshal.dumps((tuple(stamp), salt, {k: tuple(v) for k, v in spans.items()}))


def decode_memo(data: bytes, stamp: tuple[int, int], salt: str) -> dict | None:
    """The spans of a memo written for a graph.ttl with this stamp and salt, or None. Every span
    lies within the file (the writer copies those bytes)."""
    if not data.startswith(MAGIC):
        return None
    try:
        stored = marshal.loads(data[len(MAGIC):])
    except (EOFError, ValueError, TypeError):
        return None
    if type(stored) is not tuple or len(stored) != 3 or stored[0] != tuple(stamp) or stored[1] != salt:
        return None
    spans = stored[2]
    if type(spans) is not dict:
        return None
    size = stamp[0]
    for k, v in spans.items():
        if (type(k) is not str or type(v) is not tuple or len(v) != 3 or type(v[0]) is not str
                or type(v[1]) is not int or type(v[2]) is not int or v[1] < 0 or v[2] < 0 or v[1] + v[2] > size):
            return None
    return spans


# ---- files -------------------------------------------------------------------

def result_path(generation: Path, key: str) -> Path:
    return generation / key[:2] / f"{key}.kgc"


def read_bytes(path: Path) -> bytes | None:
    """A cache file's bytes; None if it cannot be read (missing, a folder, no permission)."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write into a temp file beside `path`, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def mark(cache_root: Path) -> None:
    """Leave CACHE_MARK in the cache folder (once; an existing file of that name is left as it is),
    so kg can tell its cache from a folder a user owns."""
    cache_root.mkdir(parents=True, exist_ok=True)
    try:
        with open(cache_root / CACHE_MARK, "x", encoding="utf-8") as fh:
            fh.write(MARK_TEXT)
    except FileExistsError:
        pass
