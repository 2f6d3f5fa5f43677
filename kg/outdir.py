"""The output folder: what kg may write into, a lock, and the swap that puts a finished build in place.

kg writes only into a folder it made (it leaves the mark file OUTPUT_MARK there, listing its files),
into an empty folder, or, with force, into any folder, and even then it replaces only its own files:
everything else in the folder is carried over to the new build untouched. A build is written into a
hidden sibling folder and exchanged with the output folder in one step (renameat2 RENAME_EXCHANGE), so
a reader sees the old build or the new one, never a mix and never no folder; a build killed at any
point leaves folders that the next build into the same place puts right (`_recover`).
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .model import OUTPUT_MARK

REFUSED, UNWRITABLE = 2, 4          # the kg program's exit codes for the two kinds of OutputError


class OutputError(Exception):
    """The output folder cannot or may not be written; nothing was written."""

    def __init__(self, message: str, code: int = UNWRITABLE):
        super().__init__(message)
        self.code = code


@dataclass
class Target:
    """An output folder claimed for one build: its lock is held until `release`."""
    out: Path                 # the real path of the output folder (it may not exist yet)
    tmp: Path                 # the hidden sibling the build is written into
    lock: Path                # the lock file beside it, removed on release
    lock_fd: int

    def release(self) -> None:
        if self.tmp.is_dir() and not any(self.tmp.iterdir()):
            self.tmp.rmdir()              # claimed but never written (a build that stopped early)
        _unlock(self.lock, self.lock_fd)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def claim(out_dir: str | Path, inputs: list[str], force: bool = False) -> Target:
    """Check that out_dir may be written by a build of `inputs`, lock it and put right what an
    interrupted build left. Raises OutputError (code REFUSED: the user must choose; UNWRITABLE: the
    file system says no, or another build holds the lock)."""
    out = Path(os.path.realpath(out_dir))
    shown = str(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"output {shown!r} exists and is not a folder; choose a folder", REFUSED)
    for given in inputs:
        real = os.path.realpath(given)
        if _inside(str(out), real):
            raise OutputError(f"output folder {shown!r} is inside the input {given!r}: the next build "
                              f"would read it back; choose an output folder outside the inputs", REFUSED)
        if _inside(real, str(out)):
            raise OutputError(f"input {given!r} is inside the output folder {shown!r}: kg would replace "
                              f"it; choose an output folder outside the inputs", REFUSED)
    if _inside(os.path.realpath(os.getcwd()), str(out)):
        # the swap replaces the folder itself: a shell inside it would be left in a deleted folder
        raise OutputError(f"output folder {shown!r} is the current folder or holds it; run kg from outside "
                          f"it, or name another folder", REFUSED)
    parent = out.parent
    lock = parent / f".{out.name}.kg-lock"
    fd = _lock(lock, shown)
    try:
        _recover(out)
        if out.is_dir() and not force and any(out.iterdir()) and not (out / OUTPUT_MARK).is_file():
            raise OutputError(f"output folder {shown!r} is not empty and was not written by kg (it has no "
                              f"{OUTPUT_MARK} file); choose another folder, or pass --force to write into it "
                              f"(kg then replaces only its own files and keeps all others)", REFUSED)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
        except OSError as exc:
            raise OutputError(f"cannot write beside the output folder {shown!r}: {exc.strerror or exc}") from None
    except BaseException:
        _unlock(lock, fd)
        raise
    return Target(out, tmp, lock, fd)


def _unlock(path: Path, fd: int) -> None:
    try:
        os.unlink(path)                   # before the unlock: a waiting build then retries on a new file
    except OSError:
        pass
    os.close(fd)


def _lock(path: Path, shown: str) -> int:
    """An exclusive lock on `path`, created for it; the holder removes it when done (`Target.release`),
    so a lock that was removed while this process waited for it is taken again from a new file."""
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot write the output folder {shown!r}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputError(f"another kg build is writing {shown!r} (it holds {path}); wait for it to "
                              f"finish") from None
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


def _own_files(folder: Path) -> set[str]:
    """The names kg wrote into `folder`, by its mark (empty when it has none or it cannot be read)."""
    try:
        names = json.loads((folder / OUTPUT_MARK).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {n for n in names if isinstance(n, str) and "/" not in n} | {OUTPUT_MARK}


def _recover(out: Path) -> None:
    """Put right what a build killed while swapping left beside `out`: the user's files it had
    moved into its temp folder go back, an output folder it had moved aside comes back, and its
    own leftovers are removed."""
    for old in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists():
            os.rename(old, out)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in sorted(out.parent.glob(f".{out.name}.tmp-*")):
        if not tmp.is_dir():
            continue
        if out.is_dir():
            own = _own_files(tmp)
            if own:        # without a mark nothing had been moved in yet: all of it is kg's
                for entry in sorted(tmp.iterdir()):
                    if entry.name not in own and not (out / entry.name).exists():
                        os.rename(entry, out / entry.name)
        shutil.rmtree(tmp, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot (then the caller renames twice)."""
    fn = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def commit(target: Target, write) -> None:
    """write(folder) writes a whole build into the temp folder; then the user's files in the output
    folder are carried over into it and the two are swapped. Any failure before the swap leaves the
    output folder as it was."""
    out, tmp = target.out, target.tmp
    try:
        write(tmp)
        mine = sorted(p.name for p in tmp.iterdir())
        (tmp / OUTPUT_MARK).write_text(json.dumps({"written_by": "kg", "files": mine}, ensure_ascii=False,
                                                  indent=1) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o755)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not out.exists():
        os.rename(tmp, out)
        return
    own = set(mine) | _own_files(out) | {OUTPUT_MARK}
    moved: list[str] = []
    try:
        for entry in sorted(out.iterdir()):
            if entry.name not in own:
                os.rename(entry, tmp / entry.name)
                moved.append(entry.name)
        if not _exchange(tmp, out):
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.rename(out, old)          # a kill between these two renames: _recover brings `old` back
            try:
                os.rename(tmp, out)
            except BaseException:
                os.rename(old, out)
                raise
            tmp = old
    except BaseException:
        for name in moved:
            if (tmp / name).exists() and not (out / name).exists():
                os.rename(tmp / name, out / name)
        raise
    shutil.rmtree(tmp, ignore_errors=True)   # the previous build's own files, nothing else
