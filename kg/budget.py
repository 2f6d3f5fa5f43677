"""A time budget per document: an article that takes far too long to extract (a pathological or
gigantic input) is abandoned and reported, and the build goes on.

The budget is KG_DOC_TIMEOUT seconds (a positive number; `0`, `off` or `none`: no budget; unset or
not a number: DEFAULT_SECONDS). It is kept with SIGALRM, which only the main thread of a process
on a POSIX system can receive: the build's worker processes and an in-process build from the main
thread have it; elsewhere (another thread, Windows) documents run with no budget.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

ENV_VAR = "KG_DOC_TIMEOUT"
DEFAULT_SECONDS = 120.0          # a 4 MB article extracts in well under 30 s; a normal one in milliseconds


class BudgetExceeded(BaseException):
    """Raised inside a document's stages when its budget has run out. A BaseException, so that no
    `except Exception` in the stages can swallow it."""

    def __init__(self, seconds: float):
        super().__init__(f"extraction exceeded the {seconds:g} s time budget")
        self.seconds = seconds


def budget_seconds(value: str | None = None) -> float | None:
    """The per-document budget in seconds from `value` (default: the KG_DOC_TIMEOUT variable),
    or None for no budget."""
    if value is None:
        value = os.environ.get(ENV_VAR)
    if value is None or not value.strip():
        return DEFAULT_SECONDS
    if value.strip().lower() in ("0", "off", "none"):
        return None
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_SECONDS
    return seconds if 0 < seconds < float("inf") else DEFAULT_SECONDS


def can_keep_time() -> bool:
    """Whether time_budget works here (SIGALRM exists and this is the main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise BudgetExceeded inside the block once `seconds` have passed (None: never; also where
    can_keep_time() is false). A timer someone else had set is put back, less the time spent."""
    if not seconds or not can_keep_time():
        yield
        return

    def expired(signum, frame):
        raise BudgetExceeded(seconds)

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expired)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:                                  # (even when the alarm went off just now)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
            if outer_delay > 0:
                left = outer_delay - (time.monotonic() - started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), outer_interval)
