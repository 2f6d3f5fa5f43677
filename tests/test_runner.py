"""kg.runner: one interface for where parallel work runs (serial, a forked or a spawned pool)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from kg.runner import PoolRunner, SerialRunner, can_fork, runner_for

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork start method on this platform")


def scaled(context, item):
    """A pure function of the context and one item (module level: a spawned pool pickles it by name)."""
    return context["factor"] * item, os.getpid()


def boom(context, item):
    if item == 3:
        raise ValueError(f"item {item} is odd")
    return item


def dies(context, item):
    if item == 2:
        os._exit(9)              # as the kernel's out-of-memory killer would end it
    return item


def records_pid_then_sleeps(context, item):
    Path(context, f"{os.getpid()}.pid").write_text("")
    time.sleep(60)


def calls_the_closure(context, item):
    return context(item)


RUNNERS = [pytest.param(SerialRunner(), id="serial"),
           pytest.param(PoolRunner(2, "fork"), id="fork", marks=needs_fork),
           pytest.param(PoolRunner(2, "spawn"), id="spawn")]


@pytest.mark.parametrize("runner", RUNNERS)
@pytest.mark.parametrize("chunk", [1, 3, 100])
def test_results_come_in_input_order_whatever_the_runner_and_chunk(runner, chunk):
    results = runner.map(scaled, range(20), chunk=chunk, context={"factor": 3})
    assert [value for value, _ in results] == [3 * i for i in range(20)]


@needs_fork
def test_a_pool_runs_the_calls_in_other_processes_and_a_serial_runner_here():
    assert {pid for _, pid in SerialRunner().map(scaled, range(5), context={"factor": 1})} == {os.getpid()}
    pids = {pid for _, pid in PoolRunner(2).map(scaled, range(40), chunk=1, context={"factor": 1})}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


@needs_fork
def test_a_forked_pool_hands_the_context_over_without_pickling_it():
    offset = 1000
    context = lambda x: x + offset             # noqa: E731 - a closure: pickle refuses it
    assert PoolRunner(2, "fork").shares_memory
    assert list(PoolRunner(2, "fork").map(calls_the_closure, [1, 2, 3], context=context)) == [1001, 1002, 1003]


def test_a_serial_runner_calls_only_as_the_results_are_read():
    seen = []

    def record(context, item):          # serial: the function never leaves this process
        seen.append(item)
        return item
    results = iter(SerialRunner().map(record, [1, 2, 3]))
    assert seen == []
    assert next(results) == 1 and seen == [1]


@pytest.mark.parametrize("runner", RUNNERS[:2])
def test_an_error_in_a_call_comes_back_as_itself(runner):
    with pytest.raises(ValueError, match="item 3 is odd"):
        list(runner.map(boom, range(6), chunk=2))


@needs_fork
def test_a_worker_that_dies_raises_broken_process_pool_instead_of_hanging():
    with pytest.raises(BrokenProcessPool):
        list(PoolRunner(2).map(dies, range(6)))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _pids(folder: Path, n: int) -> list[int]:
    for _ in range(200):                 # the workers start at once; wait for them to say so
        pids = [int(p.stem) for p in folder.glob("*.pid")]
        if len(pids) >= n:
            return pids
        time.sleep(0.05)
    raise AssertionError("the workers did not start")


@needs_fork
def test_closing_unfinished_results_stops_the_workers(tmp_path):
    results = PoolRunner(2).map(records_pid_then_sleeps, range(4), context=str(tmp_path))
    pids = _pids(tmp_path, 2)
    results.close()                      # an error elsewhere: their results are not wanted
    assert not any(_alive(pid) for pid in pids)


PARENT = """
import sys, time
sys.path.insert(0, sys.argv[1])
from test_runner import records_pid_then_sleeps
from kg.runner import PoolRunner
results = PoolRunner(2).map(records_pid_then_sleeps, range(4), context=sys.argv[2])
time.sleep(60)
"""


@needs_fork
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="dying with the parent uses Linux's prctl")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(Path(__file__).parent), str(tmp_path)], env=env)
    try:
        pids = _pids(tmp_path, 2)
    finally:
        parent.kill()                    # kill -9: no Python code of the parent runs
        parent.wait()
    for _ in range(200):
        if not any(_alive(pid) for pid in pids):
            break
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)


def test_runner_for_one_worker_runs_here():
    assert isinstance(runner_for(1), SerialRunner) and isinstance(runner_for(0), SerialRunner)
    assert isinstance(runner_for(3), PoolRunner) and runner_for(3).workers == 3

