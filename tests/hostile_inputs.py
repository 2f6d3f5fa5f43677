"""Hostile input files for tests/test_hostile_read.py, generated into a folder (never committed as blobs).

Each function writes one hostile file (or folder) under `folder` and returns its path. The texts are
written for this project (no third-party article text).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

GOOD_NAME = "good.txt"
GOOD_TEXT = ("通化市东昌区今年计划实施重点项目42个，总投资118亿元。\n"
             "吉林省远航科技有限公司投资3亿元建设的智能仪表项目落户东昌区。\n")
PARAGRAPH = "白山市浑江区计划建设项目64个，总投资212亿元，同比增长6.1%。\n"
# Chinese without ASCII but the line break: as UTF-16 it has almost no NUL bytes
CHINESE_LINE = "通化市东昌区今年计划实施重点项目四十二个，总投资一百一十八亿元，同比增长一成。\n"


def good_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / GOOD_NAME
    f.write_text(GOOD_TEXT, encoding="utf-8")
    return f


def _jsonl(folder: Path, name: str, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / name
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def surrogate_record(folder: Path, field: str) -> Path:
    """One JSONL record whose `field` holds a lone surrogate, written as the JSON escape \\ud800."""
    rec = {"id": "rec", "title": "四平市铁西区新闻", "date": "2023-05-01", "source": "某报", "url": "https://example.org/1",
           "text": "四平市铁西区新签约项目9个，总投资27亿元。"}
    rec[field] = rec[field][:2] + "\ud800" + rec[field][2:]
    return _jsonl(folder, f"surrogate-{field}.jsonl", [json.dumps(rec, ensure_ascii=True)])


def undecodable_name(folder: Path) -> Path:
    """A text file whose name is GBK bytes (not UTF-8): 长春.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = os.fsencode(folder) + b"/" + "长春".encode("gbk") + b".txt"
    with open(raw, "wb") as fh:
        fh.write("长春市宽城区新建项目7个。\n".encode("utf-8"))
    return Path(os.fsdecode(raw))


def deep_json(folder: Path, depth: int = 100_000) -> Path:
    """A JSONL file whose second line is an array nested `depth` deep (after one good record)."""
    return _jsonl(folder, "deep.jsonl", [json.dumps({"id": "shallow", "text": "辽源市西安区开工项目23个。"},
                                                    ensure_ascii=False),
                                         "[" * depth + "]" * depth])


def symlinked_folder(folder: Path) -> Path:
    """`folder/link -> ../elsewhere`: a folder outside `folder`, holding linked.txt, reached only by the link."""
    real = folder.parent / "elsewhere"
    real.mkdir(parents=True, exist_ok=True)
    (real / "linked.txt").write_text("梅河口市新开工项目11个。\n", encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "link").symlink_to(Path("..") / "elsewhere", target_is_directory=True)
    return folder / "link"


def folder_link_loop(folder: Path) -> Path:
    """`folder/sub/back -> ..`: a folder link back to the folder that holds it."""
    sub = folder / "sub"
    sub.mkdir(parents=True, exist_ok=True)
    (sub / "back").symlink_to("..", target_is_directory=True)
    return sub / "back"


def file_link_loop(folder: Path) -> Path:
    """`folder/a.txt -> b.txt -> a.txt`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    return folder / "a.txt"


def locked_folder(folder: Path) -> Path:
    """A folder with a text file in it, then its read and execute permission taken away."""
    locked = folder / "locked"
    locked.mkdir(parents=True, exist_ok=True)
    (locked / "inside.txt").write_text("珲春市口岸过货量增长15%。\n", encoding="utf-8")
    locked.chmod(0)
    return locked


def utf16_without_bom(folder: Path, byteorder: str = "le", damaged: bool = False) -> Path:
    """Three CHINESE_LINEs in UTF-16 without a byte-order mark; `damaged`: with a lone surrogate after 10 characters."""
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / f"utf16{byteorder}.txt"
    data = CHINESE_LINE.encode(f"utf-16-{byteorder}") * 3
    if damaged:
        data = data[:20] + "\ud800".encode(f"utf-16-{byteorder}", "surrogatepass") + data[20:]
    f.write_bytes(data)
    return f


def stray_nuls(folder: Path) -> Path:
    """UTF-8 text with two NUL bytes in it (a damaged copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / "nuls.txt"
    data = (PARAGRAPH * 5).encode("utf-8")
    f.write_bytes(data[:30] + b"\x00" + data[30:90] + b"\x00" + data[90:])
    return f


def tag_soup(folder: Path, tags: int = 50_000) -> Path:
    """An HTML page with `tags` unclosed and stray tags around a short story."""
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / "soup.html"
    parts = ["<html><head><title>敦化市重点项目</title></head><body><article><p>敦化市今年实施重点项目58个，总投资260亿元。</p>"]
    for i in range(tags // 4):
        parts.append(f"<div class='c{i}'><span><b>段{i}</i>")
    parts.append("</article>" + "<a " * (tags // 10))
    f.write_text("".join(parts), encoding="utf-8")
    return f


def big_text(folder: Path, chars: int, line_break: bool = True) -> Path:
    """A text of about `chars` characters: PARAGRAPH lines, or one line without any break."""
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / ("big.txt" if line_break else "oneline.txt")
    unit = PARAGRAPH if line_break else PARAGRAPH.rstrip("\n")
    f.write_text(unit * (chars // len(unit) + 1), encoding="utf-8")
    return f


def many_bad_lines(folder: Path, n: int) -> Path:
    """A JSONL file of one good record and `n` malformed lines."""
    lines = [json.dumps({"id": "fine", "text": "白城市洮北区引进企业6家。"}, ensure_ascii=False)]
    lines += ["{oops"] * n
    return _jsonl(folder, "broken.jsonl", lines)


def bidi_record(folder: Path) -> Path:
    """A JSONL record with right-to-left overrides and isolates in its id, title, source and url."""
    rec = {"id": "\u202eabc\u202c", "title": "\u2067伊通县新闻\u2069", "source": "某\u200f报",
           "url": "https://example.org/\u202ertxt.exe", "text": "伊通县新建标准化厂房8栋。"}
    return _jsonl(folder, "bidi.jsonl", [json.dumps(rec, ensure_ascii=True)])


def newline_name(folder: Path) -> Path:
    """An empty .txt file whose name holds a line break and a forged log line."""
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / "x.txt\nkg: fake.txt: skipped: forged.txt"
    f.write_text("", encoding="utf-8")
    return f


def marked_folder(folder: Path, mark: str) -> Path:
    """A folder holding the mark file `mark` and a text file kg must not read back."""
    out = folder / "output"
    out.mkdir(parents=True, exist_ok=True)
    (out / mark).write_text("{}", encoding="utf-8")
    (out / "documents.txt").write_text("这是输出，不是输入。\n", encoding="utf-8")
    return out


def duplicate_ids(folder: Path) -> tuple[Path, Path]:
    """Two folders, each with a document whose id is `same`."""
    a, b = folder / "a", folder / "b"
    for sub, text in ((a, "第一篇：长春市新区项目。"), (b, "第二篇：吉林市新区项目。")):
        sub.mkdir(parents=True, exist_ok=True)
        (sub / "same.txt").write_text(text, encoding="utf-8")
    return a, b
