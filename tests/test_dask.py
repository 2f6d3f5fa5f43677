"""Builds on a Dask cluster (kg build --cluster, kg.cluster): the same bytes as a local build, also when a
worker dies mid-build; clear errors when Dask is missing or the cluster cannot be used."""
from __future__ import annotations

import importlib.util
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.doc import Component
from kg.components import default_registry
from kg.pipeline import ClusterError, build

from conftest import SEEDS
from test_sample import bench_generate  # noqa: F401  (the fixture: bench/generate.py as a module)

ROOT = Path(__file__).resolve().parents[1]
HAVE_DASK = importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(not HAVE_DASK, reason="dask.distributed is not installed (pip install -e '.[dask]')")

# what report.json may say differently about a cluster build: how long it took and where it ran
RUN_KEYS = ("seconds", "timings", "cluster")


def _report(path: Path) -> dict:
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k not in RUN_KEYS}


def assert_same_build(a: Path, b: Path) -> None:
    """Every output file byte-identical, report.json but for RUN_KEYS."""
    names = sorted(p.name for p in a.iterdir() if p.is_file())
    assert names == sorted(p.name for p in b.iterdir() if p.is_file())
    assert "graph.ttl" in names and "entities.jsonl" in names
    for name in names:
        if name == "report.json":
            assert _report(a / name) == _report(b / name)
        else:
            assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert "cluster" in json.loads((b / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 worker processes (1 thread each), shared by this module's builds."""
    if not HAVE_DASK:
        pytest.skip("dask.distributed is not installed (pip install -e '.[dask]')")
    import logging

    from distributed import Client, LocalCluster
    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                         silence_logs=logging.ERROR)
    client = Client(local)
    try:
        yield client
    finally:
        client.close()
        local.close()


def _both(inputs, tmp_path: Path, address: str, **kw) -> tuple[Path, Path]:
    a, b = tmp_path / "local", tmp_path / "cluster"
    build(inputs, a, progress=False, jobs=2, store=False, **kw)
    build(inputs, b, progress=False, jobs=2, store=False, cluster=address, **kw)
    return a, b


@needs_dask
def test_the_sample_on_a_cluster_is_the_local_build(cluster, tmp_path):
    a, b = _both(None, tmp_path, cluster.scheduler.address)
    assert_same_build(a, b)
    where = json.loads((b / "report.json").read_text(encoding="utf-8"))["cluster"]
    assert where == {"scheduler": cluster.scheduler.address, "workers": 2}


@needs_dask
def test_the_seeds_on_a_cluster_are_the_local_build(cluster, tmp_path):
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not present")
    assert_same_build(*_both([str(SEEDS)], tmp_path, cluster.scheduler.address))


@needs_dask
def test_a_generated_corpus_of_2000_documents_on_a_cluster_is_the_local_build(cluster, bench_generate, tmp_path):
    corpus = tmp_path / "corpus"
    # shards of 400: five parts read by the workers, their documents extracted in chunks
    assert bench_generate.main(["2000", str(corpus), "--shard-size", "400"]) == 0
    assert_same_build(*_both([str(corpus)], tmp_path, cluster.scheduler.address))


def _kill_a_worker_when_busy(address: str, killed: list, stop: threading.Event) -> None:
    """Kill -9 the process of a worker that is extracting documents (as the out-of-memory killer would)."""
    from distributed import Client
    with Client(address) as client:
        while not stop.is_set():
            for worker, keys in client.processing().items():
                if any(str(k).startswith("kg-extract-") for k in keys):
                    pid = client.run(os.getpid, workers=[worker])[worker]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(worker)
                    return
            time.sleep(0.02)


@needs_dask
def test_a_worker_killed_mid_build_is_replaced_and_the_output_is_the_same(cluster, bench_generate, tmp_path):
    corpus = tmp_path / "corpus"
    assert bench_generate.main(["400", str(corpus), "--seed", "5", "--shard-size", "100"]) == 0
    a = tmp_path / "local"
    build([str(corpus)], a, progress=False, jobs=2, store=False)
    killed, stop = [], threading.Event()
    killer = threading.Thread(target=_kill_a_worker_when_busy, args=(cluster.scheduler.address, killed, stop))
    killer.start()
    try:
        build([str(corpus)], tmp_path / "cluster", progress=False, jobs=2, store=False,
              cluster=cluster.scheduler.address)
    finally:
        stop.set()
        killer.join()
    assert killed, "no worker was seen extracting"
    assert_same_build(a, tmp_path / "cluster")
    cluster.wait_for_workers(2, timeout=120)          # the nanny starts a new one; later tests use it


class _Boom(Component):
    """Raises on a document holding its cue (a rule bug on one odd article)."""
    name = "boom"
    reads = ("document",)

    def __call__(self, doc):
        if "爆" in doc.text:
            raise ValueError("invented failure")


@needs_dask
def test_a_document_that_raises_on_a_worker_is_reported_and_the_build_goes_on(cluster, tmp_path, monkeypatch):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("青禾市北湾区今年引进项目12个，总投资8亿元。", encoding="utf-8")
    (corpus / "b.txt").write_text("青禾市南湾区爆出新闻：园区新增企业5家。", encoding="utf-8")
    registry = default_registry().with_component(_Boom)
    rules_file = tmp_path / "boom.yaml"
    rules_file.write_text("pipeline:\n  document: [boom]\n", encoding="utf-8")
    out = {}
    for where, cluster_address in (("local", None), ("cluster", cluster.scheduler.address)):
        res = build([str(corpus)], tmp_path / where, rule_files=[str(rules_file)], progress=False, jobs=2,
                    store=False, registry=registry, cluster=cluster_address)
        out[where] = res
        assert res.documents == 1
        assert [(Path(p.path).name, p.action) for p in res.problems] == [("b.txt", "skipped")]
        assert "ValueError: invented failure" in res.problems[0].reason
    assert_same_build(tmp_path / "local", tmp_path / "cluster")


@needs_dask
def test_kg_build_cluster_local_starts_and_closes_its_own_workers(tmp_path, capsys):
    from kg.cli import main
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("青禾市北湾区今年引进项目12个，总投资8亿元。", encoding="utf-8")
    assert main(["build", str(corpus), "-o", str(tmp_path / "a"), "-q", "-j", "1", "--no-store"]) == 0
    assert main(["build", str(corpus), "-o", str(tmp_path / "b"), "-q", "-j", "1", "--no-store",
                 "--cluster", "local:1"]) == 0
    assert_same_build(tmp_path / "a", tmp_path / "b")
    where = json.loads((tmp_path / "b" / "report.json").read_text(encoding="utf-8"))["cluster"]
    assert where == {"scheduler": "local:1", "workers": 1}


@needs_dask
def test_an_unreachable_scheduler_is_exit_3_and_the_previous_output_stays(tmp_path, capsys):
    import dask
    import distributed  # noqa: F401  (its config defaults first: leaving config.set drops keys it added)
    from kg.cli import main
    out = tmp_path / "out"
    assert main(["build", "-o", str(out), "-q", "-j", "1", "--no-store"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        assert main(["build", "-o", str(out), "-q", "--cluster", "tcp://127.0.0.1:9"]) == 3
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


@needs_dask
def test_a_scheduler_without_workers_is_exit_3_after_a_wait(tmp_path, monkeypatch, capsys):
    import logging

    from distributed import LocalCluster

    import kg.cluster
    from kg.cli import main
    monkeypatch.setattr(kg.cluster, "WAIT_FOR_WORKERS", 1)
    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0", silence_logs=logging.ERROR) as empty:
        assert main(["build", "-o", str(tmp_path / "o"), "-q", "--cluster", empty.scheduler_address]) == 3
    assert "has had no worker for 1 s" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_without_dask_cluster_is_a_clear_usage_error(tmp_path, monkeypatch, capsys):
    from kg.cli import main
    # as if dask were not installed: importing it (and kg.cluster, which needs it) fails
    for name in ("distributed", "kg.cluster"):
        monkeypatch.setitem(sys.modules, name, None)
    assert main(["build", "-o", str(tmp_path / "o"), "-q", "--cluster", "local:2"]) == 2
    err = capsys.readouterr().err
    assert "--cluster needs Dask" in err and "pip install 'kg[dask]'" in err
    assert not (tmp_path / "o").exists()


def test_cluster_with_incremental_or_a_bad_spec_is_refused_before_any_work(tmp_path):
    with pytest.raises(ClusterError, match="does not support --incremental") as err:
        build(None, tmp_path / "o", progress=False, incremental=True, cluster="local:2")
    assert err.value.usage
    if HAVE_DASK:
        with pytest.raises(ClusterError, match="expected local:N"):
            build(None, tmp_path / "o", progress=False, cluster="local:zero")
    assert not (tmp_path / "o").exists()
