"""The output folder: kg never deletes or overwrites what it did not write (issue 15)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import outdir
from kg.cli import main
from kg.model import OUTPUT_MARK

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "长春新区管委会与吉林某某科技有限公司签约，总投资5亿元的光电产业园项目落户长春新区。\n"
KG_FILES = {"graph.ttl", "graph.html", "entities.jsonl", "relations.jsonl", "figures.jsonl",
            "documents.jsonl", "mentions.jsonl", "report.json", OUTPUT_MARK}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def corpus(tmp_path: Path, name: str = "in") -> Path:
    d = tmp_path / name
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return d


def kg(*args) -> int:
    return main(["build", "-q", *map(str, args)])


def test_non_empty_folder_without_mark_survives_byte_for_byte(tmp_path, capsys):
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "notes.txt").write_text("keep", encoding="utf-8")
    (out / "graph.ttl").write_text("my own turtle", encoding="utf-8")
    (out / "sub" / "x.bin").write_bytes(b"\x00\x01")
    before = snapshot(out)
    assert kg(corpus(tmp_path), "-o", out) == outdir.REFUSED
    assert "is not empty and was not written by kg" in capsys.readouterr().err
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]      # no lock or temp left


def test_force_replaces_only_kg_files_and_later_builds_keep_the_others(tmp_path):
    src = corpus(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("keep", encoding="utf-8")
    (out / "folder").mkdir()
    (out / "folder" / "deep.txt").write_text("deep", encoding="utf-8")
    assert kg(src, "-o", out, "--force") == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert (out / "folder" / "deep.txt").read_text(encoding="utf-8") == "deep"
    assert {p.name for p in out.iterdir()} == KG_FILES | {"notes.txt", "folder"}
    mark = json.loads((out / OUTPUT_MARK).read_text(encoding="utf-8"))
    assert set(mark["files"]) == KG_FILES - {OUTPUT_MARK}
    # kg viz's view inside the output folder is the user's: the next build keeps it
    assert main(["viz", str(out)]) == 0
    view = (out / "view.html").read_bytes()
    assert kg(src, "-o", out) == 0
    assert (out / "view.html").read_bytes() == view
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("where", ["same", "inside", "parent"])
def test_output_that_contains_or_is_inside_an_input_is_refused(tmp_path, capsys, where):
    src = corpus(tmp_path)
    out = {"same": src, "inside": src / "out", "parent": tmp_path}[where]
    before = snapshot(tmp_path)
    assert kg(src, "-o", out) == outdir.REFUSED
    err = capsys.readouterr().err
    assert ("inside the input" in err) if where != "parent" else ("inside the output folder" in err)
    assert snapshot(tmp_path) == before


def test_output_that_is_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "result"
    target.write_text("a file of mine", encoding="utf-8")
    assert kg(corpus(tmp_path), "-o", target) == outdir.REFUSED
    assert "exists and is not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "a file of mine"


def test_all_inputs_skipped_keeps_previous_output(tmp_path, capsys):
    out = tmp_path / "out"
    assert kg(corpus(tmp_path), "-o", out) == 0
    before = snapshot(out)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    assert kg(bad, "-o", out) == 1
    assert "left as it was" in capsys.readouterr().err
    assert snapshot(out) == before


def test_a_second_build_into_a_locked_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    held = outdir.claim(out, [])
    try:
        assert kg(corpus(tmp_path), "-o", out) == outdir.UNWRITABLE
        assert "another kg build is writing" in capsys.readouterr().err
    finally:
        held.release()
    assert not out.exists()
    assert kg(tmp_path / "in", "-o", out) == 0


def test_output_that_is_the_current_folder_is_refused(tmp_path, monkeypatch, capsys):
    # the finished build replaces the output folder as a whole: a shell inside it would be left in a
    # deleted folder
    src = corpus(tmp_path)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert kg(src, "-o", ".") == outdir.REFUSED
    assert "is the current folder" in capsys.readouterr().err
    assert not any(here.iterdir())
    monkeypatch.chdir(tmp_path)
    assert kg(src, "-o", "here") == 0


def test_leftovers_of_a_killed_swap_are_put_right(tmp_path):
    src = corpus(tmp_path)
    out = tmp_path / "out"
    assert kg(src, "-o", out) == 0
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    good = snapshot(out)
    # killed after the user's file was carried into the new build's folder, before the exchange
    tmp = tmp_path / ".out.tmp-killed"
    tmp.mkdir()
    (tmp / OUTPUT_MARK).write_text(json.dumps({"files": ["graph.ttl"]}), encoding="utf-8")
    (tmp / "graph.ttl").write_text("half", encoding="utf-8")
    os.rename(out / "notes.txt", tmp / "notes.txt")
    # and another build killed between its two renames, with the output moved aside
    os.rename(out, tmp_path / ".out.old-999")
    held = outdir.claim(out, [str(src)])
    held.release()
    assert snapshot(out) == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_killed_build_stops_its_workers_and_the_next_build_succeeds(tmp_path):
    gen = tmp_path / "gen"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "600", str(gen)], check=True,
                   capture_output=True)
    out = tmp_path / "out"
    env = {**os.environ, "KG_PROGRESS": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(gen), "-o", str(out), "-j", "2", "-q"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    if not workers:
        proc.wait()
        pytest.skip("the build finished before its workers could be seen")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "workers outlived their killed parent"
    assert main(["build", "-q", str(gen), "-o", str(out), "-j", "1"]) == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _limit_file_size():
    import resource
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_output_that_cannot_be_written_exits_4_and_keeps_the_previous_build(tmp_path):
    src = corpus(tmp_path)
    out = tmp_path / "out"
    assert kg(src, "-o", out) == 0
    before = snapshot(out)
    # a file-size limit stands in for a full disk: graph.html is larger than 20 kB
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", "-q", "-j", "1", str(src), "-o", str(out)],
                          preexec_fn=_limit_file_size, capture_output=True, text=True)
    assert proc.returncode == outdir.UNWRITABLE, proc.stderr
    assert "cannot write the output" in proc.stderr and "Traceback" not in proc.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
